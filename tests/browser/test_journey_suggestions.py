"""Journey 6 (issue 5): in the demo programme, the supervisor takes pair suggestions.

Sari, who runs the demo programme, opens the pairs board from her programme, asks for
suggestions, reads each pair's reasons, changes the mentor of one suggestion, accepts it,
sees that actors whose mentoring has concluded get no new suggestion, and publishes from the board: the pair she formed and the demo's waiting draft pair.
"""

import pytest
from django.core import mail

from mentoring.accounts.models import User
from mentoring.matching.models import Suggestion
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme
from mentoring.site import demo
from mentoring.site.demo_path import PROGRAMME_NAME

from .journeys import SIZES, check, heading, screenshot, size_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUPERVISOR = "esihenkilo.kotihoito@demo.mentorpolku.fi"


def card(page, actor: str):
    return page.locator("#matching article", has_text=f"Actor: {actor} · Mentor:")


@pytest.mark.parametrize(**SIZES)
def test_suggest_adjust_accept_and_publish_in_the_demo(new_page, phone, working_hours):
    demo.build()
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    supervisor = User.objects.get(email=SUPERVISOR)
    waiting_draft = Pair.objects.get(programme=programme, status=Pair.Status.DRAFT)
    mail.outbox.clear()

    page = new_page(supervisor, phone=phone, language="en")
    # The Content Security Policy refuses inline styles: htmx must not try to add any (neither
    # its indicator styles, which are ours in app.css, nor a settled style attribute), and no
    # other error may reach the console.
    console_errors = []
    page.on(
        "console", lambda m: m.type == "error" and console_errors.append(f"{page.url}: {m.text}")
    )
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    page.goto(f"/programmes/{programme.pk}/")
    page.get_by_role("link", name="Form pairs").click()
    assert heading(page).startswith("Pairs: ")
    check(page)
    page.locator("#board-suggestions-title ~ a", has_text="Suggest pairs").click()
    assert heading(page) == "Pair suggestions"
    check(page)

    page.get_by_role("button", name="Suggest pairs").click()
    eveliina = card(page, "Eveliina Lahtinen")
    eveliina.wait_for()
    # Every suggestion explains itself in words.
    reasons = eveliina.inner_text()
    assert "in the field" in reasons and "both in Kotihoito Itä" in reasons
    # Oskari and Elin have concluded their mentoring: nobody is suggested for them again.
    for actor in ("Oskari Lehtonen", "Elin Nyberg"):
        assert card(page, actor).count() == 0
    first_mentor = Suggestion.objects.get(actor__user__name="Eveliina Lahtinen").mentor
    check(page)
    screenshot(page, f"journey6-suggestions-{size_name(phone)}")

    # Sari knows Eveliina's evenings: she changes the mentor to Leena.
    eveliina.get_by_role("link", name="Change mentor").click()
    option = eveliina.locator("li", has_text="Leena Mäkinen")
    option.get_by_text("in the field").first.wait_for()
    option.get_by_role("button", name="Choose").click()
    card(page, "Eveliina Lahtinen").filter(has_text="Leena Mäkinen").get_by_text(
        "locked"
    ).wait_for()
    assert first_mentor.user.name != "Leena Mäkinen"
    card(page, "Eveliina Lahtinen").get_by_role("button", name="Accept").click()
    page.get_by_text("are now a pair (not yet published)").wait_for()

    concluded = ["Oskari Lehtonen", "Elin Nyberg"]
    assert not Pair.objects.filter(actor__user__name__in=concluded, status="draft").exists()

    page.get_by_role("link", name="Back to the pairs").click()
    drafts = page.locator("section", has=page.get_by_role("heading", name="Not yet published"))
    drafts_text = " ".join(drafts.inner_text().split())
    assert "Leena Mäkinen (mentor) – Eveliina Lahtinen (actor)" in drafts_text
    assert mail.outbox == []
    page.get_by_role("button", name="Publish all 2 pairs").click()
    page.get_by_text("2 pairs published; all members get an email.").wait_for()
    check(page)

    new_pair = Pair.objects.get(programme=programme, actor__user__name="Eveliina Lahtinen")
    assert new_pair.status == Pair.Status.PUBLISHED
    assert new_pair.mentor.user.name == "Leena Mäkinen"
    waiting_draft.refresh_from_db()
    assert waiting_draft.status == Pair.Status.PUBLISHED
    to = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 4 and len(to) == 3  # Leena gets one for each of her actors
    eveliina_mail = to["eveliina.lahtinen@demo.mentorpolku.fi"]
    assert "Leena Mäkinen" in eveliina_mail.body
    assert f"/pairs/{new_pair.pk}/" in eveliina_mail.body
    assert console_errors == []
