"""Signing in through the organisation's own identity provider (issue 9): a real OpenID
Connect provider (tests/oidc_provider, django-oauth-toolkit in its own process). An invited
worker presses the organisation's button on the login page, signs in at the provider and
lands on their home; someone the organisation never invited is refused with a page that says
so and whom to ask."""

from urllib.parse import urlsplit

import pytest

from mentoring.accounts.services import invitation_create
from tests.oidc_provider.fixture import PASSWORD as PROVIDER_PASSWORD

from .journeys import SIZES, check, screenshot, size_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sso(organisation_sso):
    return organisation_sso


def sign_in_at_the_provider(page, cast, email: str) -> None:
    page.goto("/accounts/login/")
    check(page)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Kirjaudu: {cast.organisation.name}").click()
    assert page.url.startswith("http://127.0.0.1:"), page.url  # at the provider
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PROVIDER_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize(**SIZES)
def test_an_invited_worker_signs_in_through_the_organisation(cast, sso, new_page, phone):
    invitation_create(by=cast.admin, email="invited@sso.example.fi", unit=cast.unit_a)
    page = new_page(phone=phone)
    sign_in_at_the_provider(page, cast, "invited@sso.example.fi")
    assert urlsplit(page.url).path == "/", page.url  # our home
    assert "Iida Invited" in page.content()
    check(page)
    screenshot(page, f"sso-home-{size_name(phone)}")


def test_someone_not_invited_is_refused_with_a_clear_message(cast, sso, new_page):
    page = new_page(phone=True)
    sign_in_at_the_provider(page, cast, "stranger@sso.example.fi")
    assert "/accounts/oidc/" in page.url, page.url
    text = page.locator("main").inner_text()
    assert "Et voi vielä kirjautua" in text
    assert "stranger@sso.example.fi" in text and "Pyydä esihenkilöäsi kutsumaan sinut" in text
    check(page)
    screenshot(page, "sso-refused-phone")
