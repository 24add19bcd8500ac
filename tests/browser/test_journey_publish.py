"""Journey 3: the supervisor pairs the two workers on the board and publishes the pair.

Both get an email with the other's name and the link to their pair page; the actor follows
the link from her email, logs in, and reads her pair page in Finnish, her own language.
"""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from mentoring.pairs.models import Pair

from .journeys import (
    SIZES,
    check,
    heading,
    log_in,
    programme_running,
    screenshot,
    sign_up,
    size_name,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pair_link(message) -> str:
    urls = re.findall(r"https?://\S+/pairs/[0-9a-f-]{36}/", message.body)
    assert len(set(urls)) == 1, message.body
    return urls[0]


@pytest.mark.parametrize(**SIZES)
def test_supervisor_pairs_and_publishes_and_both_hear_of_it(new_page, cast, phone, working_hours):
    # Publishing emails go out in working hours: the supervisor publishes on a Wednesday morning.
    programme = programme_running(cast, name="Polku")
    sign_up(programme, cast.worker_a, "mentor", capacity=1, years=20, themes=["dementia-care"])
    sign_up(programme, cast.worker_a2, "actor", years=1, themes=["dementia-care"])
    mail.outbox.clear()

    page = new_page("sup_a", phone=phone, language="en")
    page.goto(f"/programmes/{programme.pk}/")
    page.get_by_role("link", name="Form pairs").click()
    assert heading(page) == "Pairs: Polku"
    check(page)
    page.locator("select[name=mentor]").select_option(
        label="Wille Työntekijä <worker.a@example.test>, Yksikkö A (free places: 1)"
    )
    page.locator("select[name=actor]").select_option(
        label="Wilma Aloittaja <worker.a2@example.test>, Yksikkö A"
    )
    page.get_by_role("button", name="Pair them").click()
    page.get_by_text(
        "Wille Työntekijä and Wilma Aloittaja are now a pair (not yet published)."
    ).wait_for()
    assert mail.outbox == []  # nothing is sent before publishing
    drafts = page.locator("section", has=page.get_by_role("heading", name="Not yet published"))
    assert "Wille Työntekijä" in drafts.inner_text()
    check(page)
    screenshot(page, f"journey3-board-draft-{size_name(phone)}")

    page.get_by_role("button", name="Publish 1 pair").click()
    page.get_by_text("1 pair published; both members get an email.").wait_for()
    published = page.locator("section", has=page.get_by_role("heading", name="Published pairs"))
    assert "Wilma Aloittaja" in published.inner_text()
    check(page)

    pair = Pair.objects.get(programme=programme)
    assert pair.status == Pair.Status.PUBLISHED
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == [cast.worker_a2.email, cast.worker_a.email]
    assert len(mail.outbox) == 2
    to_mentor, to_actor = by_recipient[cast.worker_a.email], by_recipient[cast.worker_a2.email]
    assert "Wilma Aloittaja" in to_mentor.body and "Wille Työntekijä" not in to_mentor.subject
    assert "Wille Työntekijä" in to_actor.body and "Wilma Aloittaja" not in to_actor.subject
    for message in (to_mentor, to_actor):
        assert urlparse(pair_link(message)).path == f"/pairs/{pair.pk}/"
        html = message.alternatives[0][0]
        assert f"/pairs/{pair.pk}/" in html

    # Wilma opens the link from her email (in Finnish: her language), logs in, and is there.
    actor = new_page(phone=phone)
    actor.goto(urlparse(pair_link(to_actor)).path)
    log_in(actor, cast.worker_a2.email)
    assert urlparse(actor.url).path == f"/pairs/{pair.pk}/"
    assert actor.locator("html").get_attribute("lang") == "fi"
    assert "Wille Työntekijä" in heading(actor)
    assert cast.worker_a.email in actor.locator("main").inner_text()
    check(actor)
    screenshot(actor, f"journey3-pair-page-fi-{size_name(phone)}")
