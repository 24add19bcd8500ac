"""Browser test harness (a pytest plugin loaded by tests/conftest.py): Playwright for Python driving Debian's Chromium against pytest-django's live server.

Fixtures
  ``browser``           one Chromium for the whole run
  ``new_page``          ``new_page(who=None, phone=False)`` → a page, logged in as a cast member
                         (``"sup_a"``, …) or a ``User``, at desktop size or 360×740
  ``page`` / ``phone_page``   anonymous pages at desktop and phone size
  ``page_as``           ``page_as("worker_a")`` → a logged-in desktop page for a cast member

Browser tests need ``@pytest.mark.django_db(transaction=True)`` (the live server runs in
another thread and must see committed data) and ``@pytest.mark.browser``. Every page opened
through these fixtures is screenshotted into ``test-results/`` when its test fails.

Without /usr/bin/chromium the tests are skipped with a reason, unless REQUIRE_BROWSER=1
(CI), where they fail.
"""

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop in the main thread; Django's guard would
# then refuse every ORM call the test makes. The tests are plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
TIMEOUT_MS = 15_000


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    missing = not CHROMIUM.exists()
    for item in items:
        if item.get_closest_marker("browser") is None:
            if here not in Path(str(item.fspath)).parents:
                continue
            item.add_marker(pytest.mark.browser)
        if missing and not _browser_required():
            item.add_marker(
                pytest.mark.skip(reason=f"{CHROMIUM} not found (apt-get install chromium)")
            )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(node) -> bool:
    return any(
        getattr(node, f"report_{when}", None) is not None and getattr(node, f"report_{when}").failed
        for when in ("setup", "call")
    )


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: browser tests cannot run"
        if _browser_required():
            pytest.fail(f"{message} (REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _user_of(cast, who):
    if who is None or who == "anon":
        return None
    if isinstance(who, str):
        return getattr(cast, who)
    return who


def _session_cookie(user, url: str) -> dict:
    from django.conf import settings
    from django.test import Client

    from tests.utils import sign_in

    client = Client()
    sign_in(client, user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


@pytest.fixture
def new_page(browser, live_server, request) -> Callable:
    """Open pages; each gets its own browser context (cookies) and is closed after the test."""
    contexts = []

    def open_page(
        who=None, *, phone: bool = False, language: str | None = None, javascript: bool = True
    ):
        """``language`` given: the page starts in it (the switcher's cookie is set)."""
        options = {
            "base_url": live_server.url,
            "locale": {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[language or "fi"],
            "timezone_id": "Europe/Helsinki",
            "viewport": PHONE if phone else DESKTOP,
            "java_script_enabled": javascript,
        }
        if phone:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        user = who if not isinstance(who, str) else None
        if isinstance(who, str) and who != "anon":
            user = _user_of(request.getfixturevalue("cast"), who)
        if user is not None:
            context.add_cookies([_session_cookie(user, live_server.url)])
        if language:
            from django.conf import settings

            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
        return context.new_page()

    yield open_page

    if _failed(request.node):
        RESULTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                path = RESULTS / f"{stem}-{i}{j}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                except Exception as error:  # a crashed page must not hide the real failure
                    print(f"screenshot failed: {error}")
                else:
                    print(f"screenshot saved: {path}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def phone_page(new_page):
    return new_page(phone=True)


@pytest.fixture
def page_as(new_page) -> Callable:
    return lambda who, **kwargs: new_page(who, **kwargs)
