"""The organisation admin's single sign-on page: saved against a real provider (the issuer
must answer its discovery document), the secret never shown again, bad input refused with a
clear message and nothing changed."""

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import SingleSignOn
from mentoring.accounts.signin.sso_config import single_sign_on_save
from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from tests import factories as f
from tests.utils import assert_constant_queries
from tools.smtp_sink import free_port

pytestmark = pytest.mark.django_db


def page(cast):
    return reverse("units:organisation_sso", kwargs={"organisation_id": cast.organisation.pk})


def settings_of(provider, **changes):
    return {
        "server_url": provider.issuer,
        "client_id": provider.client_id,
        "secret": provider.secret,
        "email_domains": "sso.example.fi",
        **changes,
    }


def test_the_admin_saves_the_settings_and_the_secret_is_never_shown(cast, oidc_provider):
    client = cast.client("admin")
    response = client.post(page(cast), settings_of(oidc_provider, sso_only="on"))
    assert response.status_code == 302
    sso = SingleSignOn.objects.get(organisation=cast.organisation)
    assert (sso.server_url, sso.secret, sso.sso_only) == (
        oidc_provider.issuer,
        oidc_provider.secret,
        True,
    )
    shown = client.get(page(cast)).content.decode()
    assert oidc_provider.secret not in shown
    assert "A client secret is saved" in shown
    assert f"/accounts/oidc/{cast.organisation.pk}/login/callback/" in shown
    entry = AuditEntry.objects.get(action="sso.configure")
    assert entry.actor == cast.admin and oidc_provider.secret not in str(entry.data)
    assert entry.data["secret_replaced"] is True

    # Left blank, the secret stays; typed, it is replaced.
    client.post(page(cast), settings_of(oidc_provider, secret="", trust_provider_mfa="on"))
    sso.refresh_from_db()
    assert sso.secret == oidc_provider.secret and sso.trust_provider_mfa and not sso.sso_only
    client.post(page(cast), settings_of(oidc_provider, secret="a-new-secret"))
    sso.refresh_from_db()
    assert sso.secret == "a-new-secret"


def test_the_discovery_address_is_taken_as_the_issuer(cast, oidc_provider):
    url = oidc_provider.issuer + "/.well-known/openid-configuration"
    cast.client("admin").post(page(cast), settings_of(oidc_provider, server_url=url))
    assert SingleSignOn.objects.get().server_url == oidc_provider.issuer


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"server_url": "http://sso.example.test/realms/x"}, "must start with https://"),
        ({"server_url": "not a url at all"}, "must start with https://"),
        ({"server_url": "NOT_RUNNING"}, "did not answer with its OpenID Connect configuration"),
        ({"server_url": "PROVIDER_LOGIN"}, "did not answer with its OpenID Connect configuration"),
        ({"secret": ""}, "Enter the client secret."),
        ({"client_id": ""}, "This field is required."),
        ({"email_domains": "example.fi, not a domain"}, "not a domain is not a domain name."),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(cast, oidc_provider, changes, message):
    if changes.get("server_url") == "NOT_RUNNING":  # nothing answers on this port
        changes = {"server_url": f"http://127.0.0.1:{free_port()}/realms/x"}
    if changes.get("server_url") == "PROVIDER_LOGIN":  # a page, not a provider
        changes = {"server_url": oidc_provider.base + "/login"}
    response = cast.client("admin").post(page(cast), settings_of(oidc_provider, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SingleSignOn.objects.exists()
    assert not AuditEntry.objects.filter(action="sso.configure").exists()


def test_only_the_organisations_admin_may_save(cast, oidc_provider):
    with pytest.raises(DomainError):
        single_sign_on_save(
            organisation=cast.organisation,
            by=cast.sup_a,
            sso_only=True,
            trust_provider_mfa=True,
            **settings_of(oidc_provider),
        )
    assert not SingleSignOn.objects.exists()


def test_the_page_and_the_login_page_answer_in_constant_queries(cast):
    f.SingleSignOnFactory(organisation=cast.organisation)

    def grow(n):
        for _ in range(n):
            f.SingleSignOnFactory()
            f.UnitFactory(organisation=cast.organisation)

    assert_constant_queries(cast.client("admin"), page(cast), grow, sizes=(1, 20))
    assert_constant_queries(Client(), reverse("account_login"), grow, sizes=(1, 20))
