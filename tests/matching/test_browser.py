"""A supervisor gets suggestions with reasons, changes a mentor and accepts, in Chromium.

htmx re-draws the screen in place (no page load happens), under the strict CSP.
"""

import shutil
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.matching.models import Suggestion
from mentoring.pairs.models import Pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parent.parent / "browser" / "vendor" / "axe.min.js"


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by the
    # test itself are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(live_server, cast):
    client = Client()
    client.force_login(cast.sup_a)
    with playwright.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM)
        except Exception as exc:  # no browser on this machine
            pytest.skip(f"Chromium not available: {exc}")
        context = browser.new_context(viewport={"width": 360, "height": 800}, locale="en")
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                },
                {"name": "mentorpolku_language", "value": "en", "url": live_server.url},
            ]
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        browser.close()


def test_suggest_change_mentor_and_accept(page, live_server, people):
    actor = people.actor(
        name="Eeva Aloittaja", experience_years=2, shifts=["evening"], themes=["dementia-care"]
    )
    people.mentor(
        name="Aino Virtanen", experience_years=12, shifts=["evening"], themes=["dementia-care"]
    )
    other = people.mentor(name="Bertil Berg", experience_years=20, shifts=["day"])
    url = reverse("matching:suggestions", kwargs={"programme_id": people.programme.pk})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + url)
    page.evaluate("window.stillSamePage = true")

    page.get_by_role("button", name="Suggest pairs").click()
    card = page.locator("article", has_text="Eeva Aloittaja")
    card.get_by_text("wants Dementia care, which Aino offers").wait_for()
    assert "12 vs 2 years in the field" in card.inner_text()
    assert "both work evenings" in card.inner_text()

    card.get_by_role("link", name="Change mentor").click()
    option = card.locator("li", has_text="Bertil Berg")
    option.get_by_text("20 vs 2 years in the field").wait_for()
    option.get_by_role("button", name="Choose").click()
    page.locator("article", has_text="Bertil Berg").get_by_text("locked").wait_for()
    assert Suggestion.objects.get(actor=actor).mentor_id == other.pk

    page.locator("article", has_text="Eeva Aloittaja").get_by_role("button", name="Accept").click()
    page.get_by_text("are now a pair (not yet published)").wait_for()
    assert page.evaluate("window.stillSamePage") is True  # no full page load
    assert Pair.objects.get(actor=actor).status == Pair.Status.DRAFT
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not [e for e in errors if "Content Security Policy" in e]

    page.evaluate(AXE.read_text())
    found = page.evaluate(
        "async () => (await axe.run('#main', {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ' ' + v.nodes.map(n => n.html).join(' | '))"
    )
    assert found == []


def test_the_plain_forms_work_without_javascript(live_server, cast, people):
    people.actor(name="Eeva Aloittaja")
    people.mentor(name="Aino Virtanen")
    client = Client()
    client.force_login(cast.sup_a)
    with playwright.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM)
        except Exception as exc:
            pytest.skip(f"Chromium not available: {exc}")
        context = browser.new_context(java_script_enabled=False, locale="en")
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                },
                {"name": "mentorpolku_language", "value": "en", "url": live_server.url},
            ]
        )
        page = context.new_page()
        url = reverse("matching:suggestions", kwargs={"programme_id": people.programme.pk})
        page.goto(live_server.url + url)
        page.get_by_role("button", name="Suggest pairs").click()
        page.get_by_text("1 pair suggested.").wait_for()
        page.locator("article").get_by_role("button", name="Accept").click()
        page.get_by_text("are now a pair (not yet published)").wait_for()
        browser.close()
    assert Pair.objects.filter(status="draft").count() == 1
