"""A new user's first minutes: log in with a demo account, read the home page in Finnish,
switch to Swedish and back — on a desktop and on a 360 px phone — with no serious
accessibility violation and no horizontal scrolling."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from mentoring.accounts.models import User
from mentoring.site import demo

from .helpers import assert_accessible, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
DEMO_WORKER = "aino.virtanen@demo.mentorpolku.fi"
DEMO_SUPERVISOR = "esihenkilo.kotihoito@demo.mentorpolku.fi"


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def log_in(page, email: str) -> None:
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def switch_language(page, code: str) -> None:
    # app.js submits the footer form as soon as a language is chosen.
    with page.expect_navigation():
        page.locator("#language-select").select_option(code)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_demo_login_home_in_finnish_and_language_switch(new_page, phone):
    demo.build()
    page = new_page(phone=phone)

    response = page.goto("/accounts/login/")
    # axe runs under the pages' real Content Security Policy (no inline scripts).
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert html_lang(page) == "fi"
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0

    log_in(page, DEMO_WORKER)
    assert urlparse(page.url).path == "/"
    assert html_lang(page) == "fi"
    assert page.locator("h1").inner_text().endswith("Aino")
    assert page.locator("#language-select").input_value() == "fi"
    assert page.locator("#language-select option:checked").inner_text() == "Suomi"
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"smoke-home-{'phone' if phone else 'desktop'}.png"))

    switch_language(page, "sv")
    assert html_lang(page) == "sv"
    assert page.locator("#language-select option:checked").inner_text() == "Svenska"
    assert User.objects.get(email=DEMO_WORKER).language == "sv"
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0

    switch_language(page, "fi")
    assert html_lang(page) == "fi"
    assert page.locator("#language-select").input_value() == "fi"
    assert User.objects.get(email=DEMO_WORKER).language == "fi"


def test_supervisor_home_on_a_phone(page_as):
    demo.build()
    supervisor = User.objects.get(email=DEMO_SUPERVISOR)
    page = page_as(supervisor, phone=True)
    page.goto("/")
    assert html_lang(page) == "fi"
    assert page.locator("h1").inner_text().endswith("Sari")
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0
    # The menu collapses behind the toggler on a phone and opens on a tap.
    toggler = page.locator(".navbar-toggler")
    toggler.click()
    expect(page.locator("#nav-menu")).to_be_visible()
    expect(page.locator("#nav-menu")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.get_by_role("link", name="Kutsu yksikköön")).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "smoke-supervisor-phone.png"))
