"""A supervisor gets suggestions with reasons, changes a mentor and accepts, in Chromium.

htmx re-draws the screen in place (no page load happens), under the strict CSP.
"""

import pytest
from django.urls import reverse

from mentoring.matching.models import Suggestion
from mentoring.pairs.models import Pair
from tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(page_as):
    return page_as("sup_a", phone=True, language="en")


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
    card.get_by_text("wants dementia care, which Aino offers").wait_for()
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

    assert_accessible(page)


def test_the_plain_forms_work_without_javascript(page_as, people):
    people.actor(name="Eeva Aloittaja")
    people.mentor(name="Aino Virtanen")
    page = page_as("sup_a", language="en", javascript=False)
    page.goto(reverse("matching:suggestions", kwargs={"programme_id": people.programme.pk}))
    page.get_by_role("button", name="Suggest pairs").click()
    page.get_by_text("1 pair suggested.").wait_for()
    page.locator("article").get_by_role("button", name="Accept").click()
    page.get_by_text("are now a pair (not yet published)").wait_for()
    assert Pair.objects.filter(status="draft").count() == 1
