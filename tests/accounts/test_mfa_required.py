"""Supervisors, organisation admins and site staff sign in with a second step (MFA); workers may.

Logging in with the right password alone opens nothing for them but setting MFA up (or, once
they have it, the code step); a worker is never forced.
"""

import pyotp
import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentoring.accounts import services
from mentoring.accounts.models import User
from mentoring.accounts.signin.mfa import SESSION_KEY
from tests import factories as f

from .test_invitations import accept, invite, link_path

pytestmark = pytest.mark.django_db
PASSWORD = "password-123"
SETUP = reverse("mfa_activate_totp")


def password_login(email: str) -> tuple[Client, object]:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    return client, response


@pytest.fixture
def staff(db):
    return f.UserFactory(email="staff@example.test", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("who", ["sup_a", "admin", "staff"])
def test_a_role_that_sees_others_is_led_to_set_mfa_up_and_nothing_else_opens(cast, staff, who):
    user = staff if who == "staff" else getattr(cast, who)
    client, response = password_login(user.email)
    assert response.status_code == 302
    for url in [reverse("site:home"), reverse("accounts:profile"), reverse("accounts:invite")]:
        page = client.get(url)
        assert page.status_code == 302 and page["Location"] == SETUP, url
    setup = client.get(SETUP)
    assert setup.status_code == 200
    assert setup.wsgi_request.mfa_setup_required  # the notice above the form says why
    assert "alert-warning" in setup.content.decode()
    assert setup.context["form"].secret  # the QR code and the secret to type in
    assert 'src="data:image/svg+xml;base64,' in setup.content.decode()
    # Still open meanwhile: the language switch, the health check, logging out.
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.get(reverse("core:health")).status_code in (200, 503)
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("site:home"))["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["worker_a", "worker_b"])
def test_a_worker_is_never_forced(cast, who):
    client, response = password_login(getattr(cast, who).email)
    assert response["Location"] == reverse("site:home")
    assert client.get(reverse("site:home")).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_worker_may_turn_mfa_on(cast, django_capture_on_commit_callbacks):
    client, _ = password_login(cast.worker_a.email)
    page = client.get(SETUP)
    assert page.status_code == 200 and "alert-warning" not in page.content.decode()
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(SETUP, {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=cast.worker_a, type="totp").exists()
    # The next login asks for the code.
    client.post(reverse("account_logout"))
    _, response = password_login(cast.worker_a.email)
    assert response["Location"] == reverse("mfa_authenticate")


def test_setting_totp_up_opens_the_pages_and_the_next_login_asks_for_a_code(
    cast, django_capture_on_commit_callbacks
):
    client, _ = password_login(cast.sup_a.email)
    secret = client.get(SETUP).context["form"].secret
    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(SETUP, {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302 and done["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("site:home")).status_code == 200
    assert client.get(reverse("accounts:invite")).status_code == 200
    # A notice to the account's address that the authenticator app was turned on.
    assert mail.outbox and mail.outbox[-1].to == [cast.sup_a.email]

    client.post(reverse("account_logout"))
    client, response = password_login(cast.sup_a.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("site:home"))["Location"].startswith(reverse("account_login"))
    refused = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert refused.status_code == 200 and refused.context["form"].errors
    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get(reverse("site:home")).status_code == 200


def test_a_session_that_went_around_the_code_step_is_signed_out(cast):
    f.TOTPFactory(user=cast.sup_a)
    client = Client()
    client.force_login(cast.sup_a)  # as Django's own login form would leave it
    response = client.get(reverse("site:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))


def test_the_admin_login_form_goes_through_allauth(cast):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_someone_who_must_use_mfa_keeps_their_last_authenticator(cast):
    adapter = get_adapter()
    supervisors_app = f.TOTPFactory(user=cast.sup_a)
    workers_app = f.TOTPFactory(user=cast.worker_a)
    assert not adapter.can_delete_authenticator(supervisors_app)
    assert adapter.can_delete_authenticator(workers_app)
    Authenticator.objects.create(user=cast.sup_a, type="webauthn", data={})
    assert adapter.can_delete_authenticator(supervisors_app)  # a passkey remains


def test_the_session_flag_belongs_to_one_user(cast):
    client = Client()
    client.force_login(cast.sup_a)
    f.TOTPFactory(user=cast.sup_a)
    session = client.session
    session[SESSION_KEY] = {"user": str(cast.sup_b.pk), "how": "totp", "at": 0}
    session.save()
    assert client.get(reverse("site:home"))["Location"].startswith(reverse("account_login"))


def test_a_new_supervisor_who_accepts_the_invitation_is_led_to_set_mfa_up(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            by=cast.admin, email="uusi.esihenkilo@example.test", unit=cast.unit_a, role="supervisor"
        )
    response = accept(client, link_path(mail.outbox[-1]))
    assert response.status_code == 302
    user = User.objects.get(email="uusi.esihenkilo@example.test")
    assert client.get(reverse("site:home"))["Location"] == SETUP
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_new_worker_who_accepts_the_invitation_goes_straight_home(
    cast, client, django_capture_on_commit_callbacks
):
    invite(cast, django_capture_on_commit_callbacks)
    response = accept(client, link_path(mail.outbox[-1]))
    assert response["Location"] == reverse("site:home")
    assert client.get(reverse("site:home")).status_code == 200
