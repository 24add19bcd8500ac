"""An organisation's single sign-on settings, kept by its admin: the service that saves them
and the check that the issuer really is an OpenID Connect provider.

The secret is write-only: the page never shows it, a blank field keeps the saved one, and the
audit entry says only that it was replaced.
"""

from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from units.access import administers_organisation

from ..models import SingleSignOn

WELL_KNOWN = "/.well-known/openid-configuration"
# Plain http only for a provider on this very machine (development, the tests' provider).
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
DISCOVERY_NEEDS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
AUDITED_FIELDS = ("server_url", "client_id", "email_domains", "sso_only", "trust_provider_mfa")


def single_sign_on_of(*, organisation) -> SingleSignOn | None:
    return SingleSignOn.objects.filter(organisation=organisation).first()


def issuer_url(value: str) -> str:
    """The issuer as the provider names it: without the discovery path or a trailing slash."""
    value = value.strip()
    if value.endswith(WELL_KNOWN):
        value = value[: -len(WELL_KNOWN)]
    return value.rstrip("/")


def _discovery_refusal(message: str) -> DomainError:
    return DomainError(message, field="server_url")


def check_issuer(server_url: str) -> None:
    """The issuer answers its discovery document, which names it as the issuer: a typo, a
    wrong tenant or realm, or a server that is not a provider is refused before it is saved."""
    parts = urlsplit(server_url)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
        raise _discovery_refusal(_("The issuer URL must start with https://."))
    try:
        response = requests.get(
            server_url + WELL_KNOWN, timeout=settings.SOCIALACCOUNT_REQUESTS_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise _discovery_refusal(
            _(
                "The issuer did not answer with its OpenID Connect configuration (%(url)s). "
                "Check the address."
            )
            % {"url": server_url + WELL_KNOWN}
        ) from error
    if not isinstance(document, dict) or any(not document.get(k) for k in DISCOVERY_NEEDS):
        raise _discovery_refusal(
            _("The address answered, but not with an OpenID Connect configuration.")
        )
    if issuer_url(str(document["issuer"])) != server_url:
        raise _discovery_refusal(
            _("The provider names its issuer %(issuer)s: use exactly that address.")
            % {"issuer": document["issuer"]}
        )


def single_sign_on_save(
    *,
    organisation,
    by,
    server_url: str,
    client_id: str,
    secret: str,
    email_domains: str,
    sso_only: bool,
    trust_provider_mfa: bool,
) -> SingleSignOn:
    """Save the organisation's SSO settings. A blank ``secret`` keeps the saved one (there
    must be one)."""
    if not administers_organisation(user=by, organisation_id=organisation.pk):
        raise DomainError(_("Only the organisation's admin can change its sign-in."))
    current = single_sign_on_of(organisation=organisation)
    if not secret and current is None:
        raise DomainError(_("Enter the client secret."), field="secret")
    server_url = issuer_url(server_url)
    check_issuer(server_url)
    values = {
        "server_url": server_url,
        "client_id": client_id.strip(),
        "email_domains": email_domains,
        "sso_only": sso_only,
        "trust_provider_mfa": trust_provider_mfa,
    }
    if secret:
        values.update(secret=secret, secret_updated_at=timezone.now())
    with transaction.atomic():
        sso, created = SingleSignOn.objects.update_or_create(
            organisation=organisation, defaults=values
        )
        audit_log(
            actor=by,
            action="sso.configure",
            obj=organisation,
            created=created,
            secret_replaced=bool(secret),
            **{name: str(getattr(sso, name)) for name in AUDITED_FIELDS},
        )
    return sso
