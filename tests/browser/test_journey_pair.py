"""Journey 4: a new pair lives through its mentoring in the browser.

Wille (mentor) drafts the agreement with two goals and accepts it; Wilma (actor) accepts it
too. Wille books the first meeting, moves it, and puts it in his calendar (.ics); Wilma books
the evaluation meeting. Then the days pass (the server's clock is moved forward, the browser
keeps going): Wille logs the first meeting with private notes, and both answer the
evaluation, choosing to conclude.
"""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.evaluations.models import Evaluation
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair

from .journeys import (
    SIZES,
    check,
    heading,
    programme_running,
    published_pair,
    screenshot,
    size_name,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = "SECRET-JOURNEY-NOTE: talked about the evening round"
GOALS = ("Learn to talk with relatives", "Plan the evening round")


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def fill_meeting_time(page, when: dt.datetime, minutes: int) -> None:
    page.get_by_label("Day").fill(when.date().isoformat())
    page.get_by_label("Starts at").fill(when.strftime("%H:%M"))
    page.get_by_label("Length (minutes)").fill(str(minutes))


def answer_evaluation(page, pair_url: str, *, scores: list[int], own: str) -> None:
    page.goto(pair_url)
    page.get_by_role("link", name="Answer the evaluation").click()
    assert heading(page) == "Evaluation meeting"
    for fieldset, score in zip(page.locator("fieldset.rating").all(), scores, strict=True):
        fieldset.locator("label.rating-option", has_text=str(score)).click()
    page.get_by_label("What did mentoring give to your own work?").fill(own)
    page.get_by_label("What did mentoring give to the shared work of your unit?").fill(
        "Shared ways of working"
    )
    for goal in GOALS:
        page.get_by_role("group", name=goal).get_by_label("Reached", exact=True).check()
    page.get_by_label("Conclude", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()


@pytest.mark.parametrize(**SIZES)
def test_agreement_meetings_ics_log_and_evaluation(new_page, cast, phone, settings):
    # The story spans days of the server's clock in minutes of the browser's: the sessions
    # must outlive that (their timeouts are tested in tests/accounts/test_sessions.py).
    settings.SESSION_IDLE_MINUTES = settings.SESSION_MAX_HOURS = 10_000
    settings.SESSION_COOKIE_AGE = 10_000 * 3600
    programme = programme_running(cast, name="Polku")
    pair = published_pair(cast, programme)
    pair_url = f"/pairs/{pair.pk}/"
    mentor = new_page("worker_a", phone=phone, language="en")
    actor = new_page("worker_a2", phone=phone, language="en")

    # The agreement: Wille drafts it and accepts; Wilma reads it and accepts.
    mentor.goto(pair_url)
    assert heading(mentor) == "Mentoring with Wilma Aloittaja"
    check(mentor)
    mentor.get_by_role("link", name="Write the agreement").click()
    check(mentor)
    mentor.get_by_label("Goal 1").fill(GOALS[0])
    mentor.get_by_role("button", name="Add a goal").click()
    mentor.get_by_label("Goal 2").fill(GOALS[1])
    mentor.get_by_label("We meet every … days").fill("14")
    mentor.get_by_label("Where we usually meet").fill("The break room")
    mentor.get_by_label("When we usually meet").fill("Tuesdays at one")
    mentor.get_by_label("How we move or cancel a meeting").fill("We tell each other a day before.")
    mentor.get_by_label("Confidentiality").fill("What we say stays between us.")
    mentor.get_by_label("Planned number of meetings").fill("3")
    mentor.get_by_label("Evaluation meeting by").fill(
        (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    )
    mentor.get_by_role("button", name="Save the draft").click()
    mentor.get_by_role("button", name="Accept version 1").click()
    mentor.get_by_text("You have accepted this draft.").wait_for()
    check(mentor, axe=False)

    actor.goto(pair_url)
    draft = actor.locator("#agreement")
    assert GOALS[0] in draft.inner_text() and GOALS[1] in draft.inner_text()
    actor.get_by_role("button", name="Accept version 1").click()
    actor.get_by_role("heading", name="Version 1, in force").wait_for()
    check(actor)
    assert Agreement.objects.get(pair=pair).status == Agreement.Status.ACCEPTED
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.ACTIVE

    # The first meeting: booked, then moved, then into the calendar.
    mentor.goto(pair_url)
    mentor.get_by_role("link", name="Propose a meeting").click()
    check(mentor)
    mentor.get_by_label("Kind of meeting").select_option(label="First meeting")
    fill_meeting_time(mentor, at(1, 10), 60)
    mentor.get_by_role("button", name="Propose").click()
    mentor.get_by_text("Meeting planned.").wait_for()
    check(mentor)
    mentor.get_by_role("link", name="Move").click()
    fill_meeting_time(mentor, at(2, 12, 30), 45)
    mentor.get_by_label("Why does the meeting move?").fill("A colleague is ill; I cover the shift.")
    mentor.get_by_role("button", name="Move").click()
    mentor.get_by_text("Meeting moved.").wait_for()
    assert "moved once" in mentor.locator("main").inner_text()
    check(mentor)
    screenshot(mentor, f"journey4-meetings-{size_name(phone)}")
    first = Meeting.objects.get(pair=pair, kind=Meeting.Kind.FIRST)
    assert (first.starts_at, first.times_moved) == (at(2, 12, 30), 1)

    with mentor.expect_download() as download_info:
        mentor.get_by_role("link", name="Add to calendar (.ics)").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(open(download.path(), "rb").read())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == at(2, 12, 30)
    assert event.decoded("dtend") == at(2, 13, 15)
    assert NOTES not in str(calendar.to_ical(), "utf-8")

    # Wilma books the evaluation meeting for the day after.
    actor.goto(pair_url)
    actor.get_by_role("link", name="Propose a meeting").click()
    actor.get_by_label("Kind of meeting").select_option(label="Evaluation meeting")
    fill_meeting_time(actor, at(3, 13), 60)
    actor.get_by_role("button", name="Propose").click()
    actor.get_by_text("Meeting planned.").wait_for()

    # Three days later (the server's clock; the browser needs none).
    with time_machine.travel(at(3, 14, 30), tick=True):
        mentor.goto(pair_url)
        waiting = mentor.locator("#meetings")
        assert "Waiting for your log" in waiting.inner_text()
        waiting.get_by_role("link", name="Log meeting").first.click()
        assert heading(mentor) == "Log the meeting"
        check(mentor)
        mentor.get_by_label("How long did you meet (minutes)?").fill("50")
        mentor.get_by_label("Encounters with relatives").check()
        mentor.get_by_label(GOALS[0]).check()
        mentor.get_by_label("Progress on your goals").fill("A plan for the next call.")
        mentor.get_by_label("Notes for the two of you").fill(NOTES)
        screenshot(mentor, f"journey4-log-{size_name(phone)}")
        mentor.get_by_role("button", name="Save").click()
        mentor.get_by_text("Meeting logged.").wait_for()
        check(mentor, axe=False)
        first.refresh_from_db()
        assert (first.status, first.held_minutes) == (Meeting.Status.HELD, 50)
        assert MeetingLog.objects.get(meeting=first).notes == NOTES

        answer_evaluation(mentor, pair_url, scores=[5, 4, 4, 5, 3, 4], own="More confidence")
        mentor.get_by_text("Your answers are saved").wait_for()
        check(mentor)
        answer_evaluation(actor, pair_url, scores=[4, 4, 5, 5, 4, 5], own="Calmer evenings")
        actor.get_by_text("You both chose to conclude").wait_for()
        check(actor)
        screenshot(actor, f"journey4-concluded-{size_name(phone)}")

    assert Evaluation.objects.filter(pair=pair).count() == 2
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.CONCLUDED
