"""Single sign-on through the organisation's OpenID Connect provider: a real provider (the
django-oauth-toolkit site of tests/oidc_provider, in its own process), our app through the
test client.

Only an invited person gets in (by a verified email); the first SSO login links the account
(audit: auth.sso_link); the provider's MFA counts only when the organisation says so; an
organisation can make SSO the only way in."""

import json
from urllib.parse import urlsplit

import pyotp
import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import Invitation, User
from mentoring.accounts.services import invitation_create, organisation_admin_invite
from mentoring.accounts.signin.mfa import SESSION_KEY
from mentoring.accounts.signin.sso import amr_says_mfa
from mentoring.core.models import AuditEntry
from mentoring.site.erasure import person_erase
from tests import factories as f
from tests.oidc_provider.fixture import walk_provider
from units.models import Membership, OrganisationAdmin

pytestmark = pytest.mark.django_db
HOME = reverse("site:home")
TOTP_SETUP = reverse("mfa_activate_totp")


@pytest.fixture
def sso(organisation_sso):
    return organisation_sso


def sso_login(sso, email: str, client: Client | None = None):
    """Press the organisation's button, sign in at the provider, come back: the response of
    our callback."""
    client = client or Client()
    start = client.get(reverse("openid_connect_login", kwargs={"provider_id": sso.provider_id}))
    assert start.status_code == 302, start.content[:300]
    back = urlsplit(walk_provider(start["Location"], email))
    response = client.get(f"{back.path}?{back.query}")
    return client, response


def invite(cast, email, unit):
    return invitation_create(by=cast.admin, email=email, unit=unit)


def worker(cast, email, unit=None):
    user = f.UserFactory(email=email, name="Iida Invited")
    f.MembershipFactory(user=user, unit=unit or cast.unit_a, role=Membership.Role.WORKER)
    return user


def test_the_login_page_offers_the_organisations_button(cast, sso):
    page = Client().get(reverse("account_login")).content.decode()
    assert f"Sign in with {cast.organisation.name}" in page
    assert f"/accounts/oidc/{sso.provider_id}/login/" in page


def test_an_existing_worker_signs_in_and_the_account_is_linked(cast, sso):
    person = worker(cast, "invited@sso.example.fi")
    client, response = sso_login(sso, "invited@sso.example.fi")
    assert response.status_code == 302 and response["Location"] == HOME
    assert client.get(HOME).wsgi_request.user == person
    account = SocialAccount.objects.get(user=person)
    assert account.provider == sso.provider_id
    # Only the link is kept: no email, name or other claims, no tokens.
    assert set(account.extra_data["id_token"]) == {"iss", "sub"}
    link = AuditEntry.objects.get(action="auth.sso_link")
    assert link.object_id == str(person.pk) and link.actor == person
    assert AuditEntry.objects.filter(action="auth.login", object_id=str(person.pk)).exists()
    # The second time the link is used: no second link.
    _client, again = sso_login(sso, "invited@sso.example.fi")
    assert again.status_code == 302 and again["Location"] == HOME
    assert AuditEntry.objects.filter(action="auth.sso_link").count() == 1


def test_a_pending_invitation_is_accepted_as_the_link_would(cast, sso):
    invite(cast, "invited@sso.example.fi", cast.unit_b)
    client, response = sso_login(sso, "invited@sso.example.fi")
    assert response.status_code == 302 and response["Location"] == HOME
    person = User.objects.get(email="invited@sso.example.fi")
    assert person.name == "Iida Invited" and not person.has_usable_password()
    assert Membership.objects.filter(user=person, unit=cast.unit_b).exists()
    assert Invitation.objects.get(email="invited@sso.example.fi").accepted_by == person


def test_an_invited_organisation_admin_accepts_through_sso(cast, sso):
    """An admin's invitation names the organisation, not a unit: it is found all the same
    (where SSO is the only way in, there is no other way to accept it)."""
    organisation_admin_invite(organisation=cast.organisation, email="stranger@sso.example.fi")
    _client, response = sso_login(sso, "stranger@sso.example.fi")
    assert response.status_code == 302, response.content.decode()[:500]
    person = User.objects.get(email="stranger@sso.example.fi")
    assert OrganisationAdmin.objects.filter(organisation=cast.organisation, user=person).exists()
    assert Invitation.objects.get(email="stranger@sso.example.fi").accepted_by == person


def test_someone_not_invited_is_refused_and_nothing_is_created(cast, sso):
    _client, response = sso_login(sso, "stranger@sso.example.fi")
    assert response.status_code == 403
    text = response.content.decode()
    assert "nobody has invited you to Mentorpolku with the address stranger@sso.example.fi" in text
    assert "Ask your supervisor to invite you" in text
    assert not User.objects.filter(email="stranger@sso.example.fi").exists()
    assert not SocialAccount.objects.exists()


def test_a_member_of_another_organisation_is_refused(cast, sso):
    worker(cast, "invited@sso.example.fi", unit=f.UnitFactory())
    _client, response = sso_login(sso, "invited@sso.example.fi")
    assert response.status_code == 403 and not SocialAccount.objects.exists()
    assert (
        not Membership.objects.filter(unit__organisation=cast.organisation)
        .filter(user__email="invited@sso.example.fi")
        .exists()
    )


def test_an_unverified_email_is_refused_even_when_invited(cast, sso):
    invite(cast, "unconfirmed@elsewhere.example", cast.unit_a)
    _client, response = sso_login(sso, "unconfirmed@elsewhere.example")
    assert response.status_code == 403
    assert "did not confirm your email address" in response.content.decode()
    assert not User.objects.filter(email="unconfirmed@elsewhere.example").exists()


def test_the_organisations_own_domain_counts_as_verified(cast, sso):
    """The provider says nothing of email_verified for this person (as Entra ID)."""
    worker(cast, "domain@sso.example.fi")
    _client, refused = sso_login(sso, "domain@sso.example.fi")
    assert refused.status_code == 403
    sso.email_domains = "sso.example.fi"
    sso.save()
    _client, response = sso_login(sso, "domain@sso.example.fi")
    assert response.status_code == 302 and response["Location"] == HOME


def supervisor(cast, email):
    user = f.UserFactory(email=email, name="Bea Boss")
    f.MembershipFactory(user=user, unit=cast.unit_a, role=Membership.Role.SUPERVISOR)
    return user


@pytest.mark.parametrize("trust", [True, False])
def test_the_providers_mfa_counts_only_when_the_organisation_says_so(cast, sso, trust):
    sso.trust_provider_mfa = trust
    sso.save()
    supervisor(cast, "boss@sso.example.fi")  # the provider says amr: pwd, mfa
    client, response = sso_login(sso, "boss@sso.example.fi")
    assert response.status_code == 302
    if trust:
        assert response["Location"] == HOME
        assert client.session[SESSION_KEY]["how"] == "sso"
        assert client.get(HOME).status_code == 200
    else:
        # No authenticator yet: led to set our own up; nothing else opens.
        assert client.get(HOME)["Location"] == reverse("mfa_activate_totp")
        assert SESSION_KEY not in client.session


def test_a_supervisor_whose_provider_did_not_say_mfa_gives_our_code(cast, sso):
    sso.trust_provider_mfa = True
    sso.save()
    boss = supervisor(cast, "boss2@sso.example.fi")  # amr: pwd only
    f.TOTPFactory(user=boss)
    client, response = sso_login(sso, "boss2@sso.example.fi")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session


def test_sso_only_refuses_the_password_with_a_clear_message(cast, sso):
    sso.sso_only = True
    sso.save()
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": cast.worker_a.email, "password": "password-123"},
        follow=True,
    )
    assert "signs you in through its own sign-in service" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(HOME).status_code == 302
    # Someone of another organisation still uses a password.
    other = Client()
    other.post(reverse("account_login"), {"login": cast.outsider.email, "password": "password-123"})
    assert other.get(reverse("accounts:profile")).wsgi_request.user == cast.outsider


def test_an_unknown_provider_is_not_found(cast):
    for provider_id in ["not-an-id", "00000000-0000-0000-0000-000000000000"]:
        url = reverse("openid_connect_login", kwargs={"provider_id": provider_id})
        assert Client().get(url).status_code == 404


@pytest.mark.parametrize(
    "amr,says",
    [
        (["pwd", "mfa"], True),
        (["mfa"], True),
        (["pwd", "otp"], True),
        (["hwk", "fpt"], True),
        (["pwd"], False),
        (["otp"], False),
        ([], False),
        (None, False),
        ("mfa", True),
        ({"mfa": 1}, False),
    ],
)
def test_amr_says_mfa(amr, says):
    assert amr_says_mfa(amr) is says


def test_my_data_shows_the_link_and_erasure_removes_it(cast, sso):
    person = worker(cast, "invited@sso.example.fi")
    client, _response = sso_login(sso, "invited@sso.example.fi")
    data = json.loads(client.get(reverse("my_data:download")).content)
    [link] = data["sso_links"]
    assert link["organisation"] == cast.organisation.name
    assert link["subject"] == SocialAccount.objects.get(user=person).uid
    assert set(link) == {"organisation", "subject", "linked_at", "last_login"}

    person_erase(person=person, by=cast.admin)
    assert not SocialAccount.objects.filter(user=person).exists()
    # Signing in at the provider again finds nobody invited.
    _client, again = sso_login(sso, "invited@sso.example.fi")
    assert again.status_code == 403


# --- The invitation page of an organisation with its own sign-in -----------------------------


def invitation_page(cast, email, unit=None) -> str:
    """An invitation to the organisation's unit: the path of its link."""
    invitation = invite(cast, email, unit or cast.unit_a)
    token, token_hash = Invitation.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash)
    return reverse("accounts:invitation_accept", args=[token])


def accept_with_password(client, path):
    password = "Vahva-salasana-2025"
    return client.post(path, {"name": "Iida Invited", "password1": password, "password2": password})


def test_sso_only_the_invitation_page_offers_only_the_organisations_button(cast, sso):
    sso.sso_only = True
    sso.save()
    path = invitation_page(cast, "invited@sso.example.fi")
    client = Client()
    page = client.get(path).content.decode()
    assert f"Sign in with {cast.organisation.name}" in page
    assert f"/accounts/oidc/{sso.provider_id}/login/?next=/" in page
    assert 'name="password1"' not in page

    # A password is refused, with a clear message, and nothing changes.
    for data in [{}, {"name": "Iida Invited", "password1": "x", "password2": "y"}]:
        refused = client.post(path, data, follow=True)
        assert "signs you in through its own sign-in service" in refused.content.decode()
    refused = accept_with_password(client, path)
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    assert not User.objects.filter(email="invited@sso.example.fi").exists()
    assert Invitation.objects.get(email="invited@sso.example.fi").accepted_at is None

    # The button: signing in at the provider accepts the invitation.
    client, response = sso_login(sso, "invited@sso.example.fi", client)
    assert response.status_code == 302 and response["Location"] == HOME
    person = User.objects.get(email="invited@sso.example.fi")
    assert not person.has_usable_password()
    assert Membership.objects.filter(user=person, unit=cast.unit_a).exists()


def test_with_sso_beside_passwords_the_page_offers_both(cast, sso):
    path = invitation_page(cast, "invited@sso.example.fi")
    client = Client()
    page = client.get(path).content.decode()
    assert f"Sign in with {cast.organisation.name}" in page and 'name="password1"' in page
    response = accept_with_password(client, path)
    assert response.status_code == 302 and response["Location"] == HOME
    person = User.objects.get(email="invited@sso.example.fi")
    assert person.has_usable_password()
    assert client.get(HOME).wsgi_request.user == person


def test_without_sso_the_page_asks_for_a_password_only(cast):
    page = Client().get(invitation_page(cast, "plain@example.test")).content.decode()
    assert "Sign in with" not in page and 'name="password1"' in page


# --- Confirming access without a password ---------------------------------------------------


def age_the_login(client, seconds=3600):
    """The reauthentication window has passed since the login (allauth's records of it)."""
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] -= seconds
    session.save()


def sso_only_person(cast, sso):
    sso.sso_only = True
    sso.save()
    invitation_create(
        by=cast.admin, email="invited@sso.example.fi", unit=cast.unit_a, language="en"
    )
    client, response = sso_login(sso, "invited@sso.example.fi")
    assert response.status_code == 302
    return client, User.objects.get(email="invited@sso.example.fi")


def confirm_at_the_provider(client, sso, email: str, page: str):
    """Open ``page`` after the reauthentication window: led to the organisation's provider,
    which is asked to sign the person in afresh (prompt=login), and back to ``page``."""
    response = client.get(page)
    confirm = reverse("sso_reauthenticate", kwargs={"provider_id": sso.provider_id})
    assert response.status_code == 302 and response["Location"].startswith(confirm + "?next=")
    to_login = client.get(response["Location"])
    login_url = reverse("openid_connect_login", kwargs={"provider_id": sso.provider_id})
    assert to_login.status_code == 302 and to_login["Location"].startswith(login_url + "?")
    start = client.get(to_login["Location"])
    authorize = urlsplit(start["Location"])
    assert authorize.netloc != "testserver" and "prompt=login" in authorize.query.split("&")
    back = urlsplit(walk_provider(start["Location"], email))
    again = client.get(f"{back.path}?{back.query}")
    assert again.status_code == 302 and again["Location"] == page


def test_an_sso_only_person_without_a_second_factor_confirms_at_the_provider(cast, sso):
    client, person = sso_only_person(cast, sso)
    age_the_login(client)
    confirm_at_the_provider(client, sso, "invited@sso.example.fi", TOTP_SETUP)
    page = client.get(TOTP_SETUP)
    assert page.status_code == 200 and page.wsgi_request.user == person


def test_an_sso_only_supervisor_setting_up_a_factor_late_confirms_at_the_provider(cast, sso):
    """A supervisor must set up our second factor (the organisation does not count the
    provider's), and did not do it within the reauthentication window of the login: the
    way out to the provider and back stays open while nothing else does."""
    sso.sso_only = True
    sso.trust_provider_mfa = False
    sso.save()
    boss = supervisor(cast, "boss@sso.example.fi")
    boss.set_unusable_password()  # came in through the provider: no password of ours
    boss.save()
    client, response = sso_login(sso, "boss@sso.example.fi")
    assert client.get(HOME)["Location"] == TOTP_SETUP
    age_the_login(client)
    confirm_at_the_provider(client, sso, "boss@sso.example.fi", TOTP_SETUP)
    page = client.get(TOTP_SETUP)
    assert page.status_code == 200 and page.wsgi_request.user == boss
    assert client.get(HOME)["Location"] == TOTP_SETUP  # still nothing else before the factor


def test_confirming_at_a_provider_the_person_is_not_linked_to_is_not_found(cast, sso):
    client, _person = sso_only_person(cast, sso)
    other = f.SingleSignOnFactory(organisation=f.OrganisationFactory())
    for provider_id in [other.provider_id, "not-an-id"]:
        url = reverse("sso_reauthenticate", kwargs={"provider_id": provider_id})
        assert client.get(url).status_code == 404
    # Signed out: the sign-in page, never the provider.
    url = reverse("sso_reauthenticate", kwargs={"provider_id": sso.provider_id})
    assert Client().get(url)["Location"].startswith(reverse("account_login"))


def test_an_sso_only_person_sets_totp_up_and_later_confirms_with_a_code(
    cast, sso, django_capture_on_commit_callbacks
):
    client, person = sso_only_person(cast, sso)
    # Just after the login no confirmation is asked.
    secret = client.get(TOTP_SETUP).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(TOTP_SETUP, {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=person, type="totp").exists()

    age_the_login(client)
    codes = reverse("mfa_generate_recovery_codes")
    asked = client.get(codes)
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("mfa_reauthenticate") + "?next=")
    page = client.get(asked["Location"]).content.decode()
    # Signing in at the provider again is offered too.
    assert f"Sign in again with {cast.organisation.name}" in page
    confirmed = client.post(asked["Location"], {"code": pyotp.TOTP(secret).now()})
    assert confirmed.status_code == 302 and confirmed["Location"] == codes
    assert client.get(codes).status_code == 200


def test_the_invitation_page_needs_a_constant_number_of_queries(
    cast, sso, django_assert_max_num_queries
):
    def page_queries():
        path = invitation_page(cast, f"new{Invitation.objects.count()}@sso.example.fi")
        with django_assert_max_num_queries(2):
            assert Client().get(path).status_code == 200

    page_queries()
    for _ in range(5):  # more organisations with their own sign-in, more invitations
        f.SingleSignOnFactory(organisation=f.OrganisationFactory())
        invite(cast, f"other{Invitation.objects.count()}@sso.example.fi", cast.unit_b)
    page_queries()
