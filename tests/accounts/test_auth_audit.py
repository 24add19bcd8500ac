"""Sign-in events go into the audit log, on the account they concern, with no password, code
or typed address in them."""

import re

import pyotp
import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentoring.core.models import AuditEntry
from tests import factories as f

pytestmark = pytest.mark.django_db
PASSWORD = "password-123"


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def about(entry, user) -> bool:
    return entry.object_id == str(user.pk) and entry.content_type.model == "user"


def test_login_and_logout(cast):
    client = Client()
    login(client, cast.worker_a.email)
    (entry,) = entries("auth.login")
    assert about(entry, cast.worker_a) and entry.actor == cast.worker_a and entry.data == {}
    client.post(reverse("account_logout"))
    (entry,) = entries("auth.logout")
    assert about(entry, cast.worker_a) and entry.actor == cast.worker_a


def test_a_failed_login_is_logged_on_the_account_without_the_password(cast):
    login(Client(), cast.worker_a.email.upper(), "secret-guess-42")
    (entry,) = entries("auth.login_failed")
    assert about(entry, cast.worker_a) and entry.actor is None
    assert "secret-guess-42" not in str(entry.data) and "@" not in str(entry.data)
    assert not entries("auth.login")


def test_a_failed_login_for_no_account_logs_nothing(cast):
    login(Client(), "nobody@example.test", "wrong")
    assert not AuditEntry.objects.filter(action__startswith="auth.").exists()


def test_mfa_on_and_off(cast, django_capture_on_commit_callbacks):
    client = Client()
    login(client, cast.worker_a.email)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    added = entries("auth.mfa_added")
    assert added and all(about(e, cast.worker_a) for e in added)
    assert "totp" in [e.data["factor"] for e in added]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    removed = entries("auth.mfa_removed")  # the app, and the recovery codes with it
    assert removed and all(about(e, cast.worker_a) for e in removed)
    assert "totp" in [e.data["factor"] for e in removed]


def test_a_recovery_code_used_and_a_wrong_code(cast):
    f.TOTPFactory(user=cast.sup_a)
    codes = RecoveryCodes.activate(cast.sup_a)
    client = Client()
    login(client, cast.sup_a.email)
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    (failed,) = entries("auth.mfa_failed")
    assert about(failed, cast.sup_a) and "000000" not in str(failed.data)
    code = codes.get_unused_codes()[0]
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    (used,) = entries("auth.recovery_code_used")
    assert about(used, cast.sup_a) and code not in str(used.data)
    assert entries("auth.login")


def test_password_change(cast):
    client = Client()
    login(client, cast.worker_a.email)
    new = "Uusi-salasana-2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    (entry,) = entries("auth.password_changed")
    assert about(entry, cast.worker_a) and entry.actor == cast.worker_a
    assert new not in str(entry.data)


def test_password_reset(cast):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": cast.worker_a.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", mail.outbox[0].body)
    page = client.get(link.group(1), follow=True)
    new = "Uusi-salasana-2026"
    client.post(page.redirect_chain[-1][0], {"password1": new, "password2": new})
    (entry,) = entries("auth.password_reset")
    assert about(entry, cast.worker_a) and entry.actor == cast.worker_a
