"""Sign-in limits count the client's address, read through the trusted proxies only."""

import pytest

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PROXY = "10.0.0.1"


def attempt(client, email, password, forwarded):
    return client.post(
        LOGIN,
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_one_proxy_failures_from_one_client_do_not_block_another(cast, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    email = cast.worker_a.email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, email, "wrong", "198.51.100.66")
    assert attempt(client, email, "password-123", "198.51.100.66").status_code == 429
    # The owner, elsewhere, comes through the same proxy.
    assert attempt(client, email, "password-123", "198.51.100.7").status_code == 302


def test_behind_one_proxy_a_spoofed_first_address_does_not_escape(cast, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    email = cast.worker_a.email
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, email, "wrong", f"203.0.113.{n}, 198.51.100.66")
    assert attempt(client, email, "password-123", "203.0.113.99, 198.51.100.66").status_code == 429


def test_without_trusted_proxies_a_spoofed_header_does_not_escape(cast, client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    email = cast.worker_a.email
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, email, "wrong", f"203.0.113.{n}")
    assert attempt(client, email, "password-123", "203.0.113.99").status_code == 429
