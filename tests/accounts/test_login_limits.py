"""Failed passwords are limited per account and per address; the owner is never locked out.

The four findings of issue 9, tried as an attacker would, and the owner's known device.
"""

from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.core import mail
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.signin.devices import COOKIE_NAME, is_known_device, remember_device
from tests import factories as f

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")
PASSWORD = "password-123"
PROXY = "10.0.0.1"
TOO_MANY = "Too many failed login attempts"


def attempt(client, email, password, address="127.0.0.1"):
    """A login from ``address``, as our one trusted proxy hands it on."""
    return client.post(
        LOGIN,
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def refused_by_limit(response) -> bool:
    """Refused as too many: next to the form (failures), or the whole page (allauth's own
    limit on login posts per address, "login" in ACCOUNT_RATE_LIMITS)."""
    too_many = response.status_code == 200 and TOO_MANY in response.content.decode()
    return too_many or response.status_code == 429


def passed_password(response) -> bool:
    return response.status_code == 302


def known_device_of(user) -> Client:
    """A browser where ``user`` once signed in completely."""
    client = Client()
    response = remember_device(RequestFactory().get("/"), HttpResponse(), user.email)
    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    return client


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_a_behind_the_proxy_wrong_passwords_do_not_lock_the_supervisor_out(cast, settings):
    f.TOTPFactory(user=cast.sup_a)
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(attacker, cast.sup_a.email, "wrong", "198.51.100.66")
    assert attempt(attacker, cast.sup_a.email, PASSWORD, "198.51.100.66").status_code == 429
    # The supervisor comes through the same proxy from elsewhere: on to the code step.
    response = attempt(Client(), cast.sup_a.email, PASSWORD, "198.51.100.7")
    assert response["Location"] == reverse("mfa_authenticate")
    # Even from the attacker's own address (one ward network), from the owner's device.
    owner = known_device_of(cast.sup_a)
    response = attempt(owner, cast.sup_a.email, PASSWORD, "198.51.100.66")
    assert response["Location"] == reverse("mfa_authenticate")


def test_b_one_account_from_many_addresses_is_stopped(cast, settings):
    email = cast.sup_a.email
    responses = [
        attempt(Client(), email, "wrong", f"198.51.100.{n // 4}") for n in range(32)
    ]  # 8 addresses, 4 tries each: below django-axes' per-address cool-off
    limit = settings.LOGIN_FAILURES_PER_ACCOUNT
    assert not any(refused_by_limit(r) for r in responses[:limit])
    assert all(refused_by_limit(r) for r in responses[limit:])
    # The right password from yet another, unknown browser is refused too ...
    assert refused_by_limit(attempt(Client(), email, PASSWORD, "203.0.113.5"))
    # ... but not from the owner's own device,
    assert passed_password(attempt(known_device_of(cast.sup_a), email, PASSWORD, "203.0.113.6"))
    # and the limit drains: later any browser gets through.
    later = timezone.now() + timedelta(minutes=settings.LOGIN_FAILURES_MINUTES, seconds=5)
    with time_machine.travel(later):
        assert passed_password(attempt(Client(), email, PASSWORD, "203.0.113.5"))


def test_c_many_accounts_from_one_address_are_stopped(cast, settings):
    users = [f.UserFactory(email=f"person{n}@example.test") for n in range(10)]
    attacker = Client()
    responses = [
        attempt(attacker, u.email, "wrong", "198.51.100.66") for u in users for _ in "1234"
    ]
    limit = settings.LOGIN_FAILURES_PER_ADDRESS
    assert not any(refused_by_limit(r) for r in responses[:limit])
    assert all(refused_by_limit(r) for r in responses[limit:])
    # Not even a right password goes through from that address now, known device or not,
    assert refused_by_limit(attempt(attacker, cast.worker_a.email, PASSWORD, "198.51.100.66"))
    owner = known_device_of(cast.worker_a)
    assert refused_by_limit(attempt(owner, cast.worker_a.email, PASSWORD, "198.51.100.66"))
    # while the same people sign in from anywhere else.
    assert passed_password(attempt(Client(), users[0].email, PASSWORD, "198.51.100.7"))


def test_d_reset_emails_are_limited_per_account_and_per_address(cast):
    reset = reverse("account_reset_password")

    def ask(email, address):
        return Client().post(
            reset, {"email": email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address
        )

    for _ in range(20):
        ask(cast.worker_a.email, "198.51.100.66")
    assert len(mail.outbox) == 3
    for n in range(20):
        ask(cast.worker_b.email, f"198.51.100.{n}")
    assert len(mail.outbox) == 6  # per account, from any address
    mail.outbox.clear()
    users = [f.UserFactory(email=f"person{n}@example.test") for n in range(20)]
    for user in users:
        ask(user.email, "203.0.113.5")
    assert len(mail.outbox) == 10  # per address, across accounts


def test_a_complete_login_makes_the_browser_a_known_device(cast):
    client = Client()
    response = attempt(client, cast.worker_a.email, PASSWORD)
    assert COOKIE_NAME in response.cookies
    request = RequestFactory().get(
        "/", HTTP_COOKIE=f"{COOKIE_NAME}={client.cookies[COOKIE_NAME].value}"
    )
    assert is_known_device(request, cast.worker_a.email)
    assert is_known_device(request, cast.worker_a.email.upper())
    assert not is_known_device(request, cast.worker_b.email)


def test_the_password_alone_does_not_make_a_known_device_where_mfa_is_required(cast):
    f.TOTPFactory(user=cast.sup_a)
    client = Client()
    response = attempt(client, cast.sup_a.email, PASSWORD)
    assert COOKIE_NAME not in response.cookies
    done = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(f.TOTP_SECRET).now()})
    assert done.status_code == 302 and COOKIE_NAME in done.cookies


def test_a_forged_device_cookie_counts_for_nothing(cast):
    request = RequestFactory().get("/", HTTP_COOKIE=f"{COOKIE_NAME}=forged:value")
    assert not is_known_device(request, cast.worker_a.email)
