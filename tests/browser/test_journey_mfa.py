"""A supervisor's second step (issue 9): logging in with the right password leads into
setting an authenticator app up; after that, every login asks for its code (or a recovery
code), and a wrong code is refused."""

import re

import pyotp
import pytest

from .journeys import PASSWORD, SIZES, check, log_in, screenshot, size_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page) -> None:
    page.goto("/accounts/logout/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/accounts/login/" in page.url, page.url


def send_code(page, code: str) -> None:
    assert "/accounts/2fa/authenticate/" in page.url, page.url
    page.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


@pytest.mark.parametrize(**SIZES)
def test_a_supervisor_sets_up_totp_and_then_logs_in_with_a_code_or_a_recovery_code(
    cast, new_page, phone
):
    page = new_page(phone=phone)
    page.goto("/")
    log_in(page, cast.sup_a.email, PASSWORD)

    # The password alone opens nothing: the app must be set up first.
    assert "/accounts/2fa/totp/activate/" in page.url, page.url
    page.goto("/programmes/")
    assert "/accounts/2fa/totp/activate/" in page.url, page.url
    assert page.locator("main .alert-warning").is_visible()
    assert page.locator("main img[src^='data:image/svg+xml']").is_visible()  # the QR code
    check(page)
    screenshot(page, f"mfa-setup-{size_name(phone)}")
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)

    page.locator("input[name=code]").fill("000000")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/accounts/2fa/totp/activate/" in page.url  # refused
    page.locator("input[name=code]").fill(pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/accounts/2fa/recovery-codes/" in page.url, page.url
    recovery_codes = page.locator("#recovery_codes").input_value().split()
    assert len(recovery_codes) == 10
    check(page)
    page.goto("/")
    assert page.url.endswith("/") and "/accounts/" not in page.url

    # The next login asks for the code; a wrong one is refused.
    log_out(page)
    log_in(page, cast.sup_a.email, PASSWORD)
    page.goto("/programmes/")
    # Nothing opens between the two steps: every page leads back to the code.
    assert "/accounts/2fa/authenticate/" in page.url, page.url
    check(page)
    send_code(page, "123456")
    assert "/accounts/2fa/authenticate/" in page.url
    assert page.locator("main .invalid-feedback, main .alert-danger").first.is_visible()
    send_code(page, pyotp.TOTP(secret).now())
    assert "/accounts/" not in page.url, page.url
    page.goto("/programmes/")
    assert "/accounts/" not in page.url

    # A recovery code works once instead of the app.
    log_out(page)
    log_in(page, cast.sup_a.email, PASSWORD)
    send_code(page, recovery_codes[0])
    assert "/accounts/" not in page.url, page.url
