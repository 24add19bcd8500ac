"""Every change of a meeting reaches the member who did not make it (and, for a cancelled
time that needed approval, the supervisors), once, in working hours, with a calendar file the
member's calendar applies: the same UID, a rising SEQUENCE, REQUEST for a time, CANCEL for a
cancellation. 2026-12-01 is a Tuesday, 2026-12-04 a Friday."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from mentoring.evaluations.services import evaluation_submit
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.meetings.services import (
    meeting_approve,
    meeting_cancel,
    meeting_decline,
    meeting_move,
    meeting_propose,
)
from mentoring.reminders.models import Reminder
from mentoring.reminders.sending import reminders_send
from mentoring.reminders.services import reminders_for_meeting_change
from mentoring.reminders.sweep import reminders_sweep
from tests import factories as f
from tests.authz.world import build_world
from tests.evaluations.support import answer
from tests.path.snapshots import hki

from .conftest import key_prefix

pytestmark = pytest.mark.django_db

TUESDAY = hki(2026, 12, 1, 10)
NOTES, PLACE, REASON = "SECRET-NOTE-TEXT", "SECRET-PLACE-ROOM", "SECRET-REASON-TEXT"
CHANGES = ("meeting_changed", "unit_meeting_cancelled")


def _english(*users):
    for user in users:
        user.language = "en"
        user.save()


def _pair(cast, *, approval_required=False):
    _english(cast.sup_a, cast.worker_a, cast.worker_a2)
    prog = f.ProgrammeFactory(
        organisation=cast.organisation,
        units=[cast.unit_a],
        approval_required=approval_required,
        name="Ohjelma",
    )
    pair = f.PairFactory(
        programme=prog,
        active=True,
        published_at=TUESDAY - dt.timedelta(days=20),
        mentor__user=cast.worker_a,
        actor__user=cast.worker_a2,
    )
    held = f.MeetingFactory(
        pair=pair,
        starts_at=TUESDAY - dt.timedelta(days=6),
        first=True,
        held=True,
        place="Taukotila",
    )
    MeetingLog.objects.create(meeting=held, notes=NOTES)
    return pair


def _changes(to=None):
    return [
        m for m in mail.outbox if key_prefix(m) in CHANGES and (to is None or m.to == [to.email])
    ]


def _calendar(message):
    [(name, content, mimetype)] = message.attachments
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def _whole(message) -> str:
    return message.subject + message.body + message.alternatives[0][0]


def _propose(pair, start, by):
    return meeting_propose(
        pair=pair,
        kind="regular",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=50),
        place=PLACE,
        by=by,
    )


def _move(meeting, start, by):
    return meeting_move(
        meeting=meeting,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        place="Kahvio",
        reason=REASON,
        by=by,
    )


def test_a_moved_then_cancelled_meeting_updates_then_removes_it_in_the_partners_calendar(
    cast, django_capture_on_commit_callbacks
):
    pair = _pair(cast)
    with time_machine.travel(TUESDAY, tick=False):
        meeting = f.MeetingFactory(pair=pair, starts_at=hki(2026, 12, 10, 13), place=PLACE)
        with django_capture_on_commit_callbacks(execute=True):
            meeting = _move(meeting, hki(2026, 12, 11, 9), cast.worker_a2)
        with django_capture_on_commit_callbacks(execute=True):
            meeting_cancel(meeting=meeting, reason=REASON, by=cast.worker_a2)
    moved, cancelled = _changes(cast.worker_a)
    assert _changes(cast.worker_a2) == []  # who acted knows already
    (request_cal, request), (cancel_cal, cancel) = _calendar(moved), _calendar(cancelled)
    assert str(request_cal["METHOD"]) == "REQUEST" and str(cancel_cal["METHOD"]) == "CANCEL"
    assert str(request["UID"]) == str(cancel["UID"]) == f"{meeting.pk}@mentorpolku"
    assert int(request["SEQUENCE"]) == 1 < int(cancel["SEQUENCE"]) == 2
    assert str(request["STATUS"]) == "CONFIRMED" and str(cancel["STATUS"]) == "CANCELLED"
    assert request["DTSTART"].dt == hki(2026, 12, 11, 9)
    assert str(request["LOCATION"]) == "Kahvio"
    for event in (request, cancel):
        assert "mailto:" in str(event["ORGANIZER"])
        assert str(event["ATTENDEE"]) == f"mailto:{cast.worker_a.email}"
    assert moved.attachments[0][2] == "text/calendar; method=REQUEST"
    assert moved.subject == "Wilma Aloittaja moved your meeting to 11.12."
    assert (
        "Wilma Aloittaja has moved your meeting of Thursday 10.12. at 13:00 to a new time:"
        in moved.body
    )
    assert "Meeting: Friday 11.12.2026 at 09:00–09:45 (45 min)" in moved.body
    assert f"Wilma Aloittaja wrote: {REASON}" in moved.body  # the reason was written for her
    assert cancelled.subject == "Wilma Aloittaja cancelled your meeting on 11.12."
    assert "The attached calendar file removes the meeting from your calendar." in cancelled.body
    pair_url = settings.SITE_URL + reverse("pairs:detail", kwargs={"pair_id": pair.pk})
    for message in (moved, cancelled):
        assert pair_url in message.body and pair_url in message.alternatives[0][0]
        assert NOTES not in _whole(message)
    assert set(Reminder.objects.filter(kind="meeting_changed").values_list("state", flat=True)) == {
        "sent"
    }


def test_a_proposal_reaches_the_partner_and_the_supervisor_only_once(
    cast, django_capture_on_commit_callbacks
):
    pair = _pair(cast, approval_required=True)
    with time_machine.travel(TUESDAY, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            meeting = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        reminders_sweep()
        reminders_sweep()
        # The same change told again (a retried request, a second receiver) writes nothing.
        assert (
            reminders_for_meeting_change(meeting=meeting, change="proposed", by=cast.worker_a) == []
        )
        reminders_sweep()
    [proposed] = _changes()
    assert proposed.to == [cast.worker_a2.email]
    assert proposed.subject == "Wille Työntekijä booked a meeting with you on 10.12."
    assert f"Place: {PLACE}" in proposed.body
    assert "The supervisor has not approved the time yet." in proposed.body
    calendar, event = _calendar(proposed)
    assert str(calendar["METHOD"]) == "REQUEST" and str(event["STATUS"]) == "TENTATIVE"
    assert int(event["SEQUENCE"]) == 0
    # The supervisor hears of it once, as the question to approve it (from the sweep).
    to_supervisor = [
        m for m in mail.outbox if m.to == [cast.sup_a.email] and key_prefix(m) != "digest"
    ]
    assert [key_prefix(m) for m in to_supervisor] == ["approval_waiting"]
    assert Reminder.objects.filter(kind="meeting_changed").count() == 1


def test_decisions_tell_the_pair_once_through_the_path(cast, django_capture_on_commit_callbacks):
    pair = _pair(cast, approval_required=True)
    with time_machine.travel(TUESDAY, tick=False):
        first = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        second = _propose(pair, hki(2026, 12, 11, 13), cast.worker_a)
        with django_capture_on_commit_callbacks(execute=True):
            meeting_approve(meeting=first, by=cast.sup_a)
            meeting_decline(meeting=second, comment="Koulutus", by=cast.sup_a)
        reminders_sweep()
    assert Reminder.objects.filter(kind="meeting_changed").count() == 2  # the two proposals
    decided = [m for m in mail.outbox if key_prefix(m) == "approval_decided"]
    assert len(decided) == 4  # both members, both decisions: one message each


def test_a_cancelled_time_the_supervisor_approved_reaches_her_without_private_words(
    cast, django_capture_on_commit_callbacks
):
    pair = _pair(cast, approval_required=True)
    with time_machine.travel(TUESDAY, tick=False):
        meeting = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        meeting_approve(meeting=meeting, by=cast.sup_a)
        with django_capture_on_commit_callbacks(execute=True):
            meeting_cancel(meeting=meeting, reason=REASON, by=cast.worker_a)
    [to_supervisor] = [m for m in mail.outbox if key_prefix(m) == "unit_meeting_cancelled"]
    assert to_supervisor.to == [cast.sup_a.email]
    assert to_supervisor.subject == ("Meeting time cancelled: Wille Työntekijä and Wilma Aloittaja")
    assert "have cancelled a meeting time:" in to_supervisor.body
    assert "Meeting: Thursday 10.12.2026 at 13:00–13:50 (50 min)" in to_supervisor.body
    assert to_supervisor.attachments == []
    for secret in (NOTES, PLACE, REASON):
        assert secret not in _whole(to_supervisor), secret
    [to_partner] = _changes(cast.worker_a2)
    assert str(_calendar(to_partner)[0]["METHOD"]) == "CANCEL"


def test_no_supervisor_message_where_approval_is_not_asked_or_the_kind_is_off(
    cast, django_capture_on_commit_callbacks
):
    pair = _pair(cast)
    with time_machine.travel(TUESDAY, tick=False):
        meeting = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        with django_capture_on_commit_callbacks(execute=True):
            meeting_cancel(meeting=meeting, reason=REASON, by=cast.worker_a)
    assert not Reminder.objects.filter(kind="unit_meeting_cancelled").exists()
    cast.sup_a.muted_reminders = ["unit_meeting_cancelled"]
    cast.sup_a.save()
    strict = _pair(cast, approval_required=True)
    with time_machine.travel(TUESDAY, tick=False):
        meeting = _propose(strict, hki(2026, 12, 10, 13), cast.worker_a)
        meeting_cancel(meeting=meeting, reason=REASON, by=cast.worker_a)
    assert not Reminder.objects.filter(kind="unit_meeting_cancelled").exists()


def test_after_hours_only_the_latest_version_goes_out_in_the_morning(cast):
    pair = _pair(cast)
    friday_evening = hki(2026, 12, 4, 18)
    with time_machine.travel(friday_evening, tick=False):
        meeting = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        meeting = _move(meeting, hki(2026, 12, 11, 9), cast.worker_a)
        reminders_sweep()
    assert mail.outbox == []
    rows = Reminder.objects.filter(kind="meeting_changed").order_by("pk")
    assert [(r.payload["change"], r.due_at) for r in rows] == [
        ("proposed", hki(2026, 12, 7, 8)),
        ("moved", hki(2026, 12, 7, 8)),
    ]
    with time_machine.travel(hki(2026, 12, 7, 8, 5), tick=False):
        reminders_sweep()
    assert [r.state for r in rows.all()] == ["skipped", "sent"]  # the proposal is superseded
    [message] = _changes()
    assert int(_calendar(message)[1]["SEQUENCE"]) == 1


def test_the_partner_reads_it_in_her_language(cast, django_capture_on_commit_callbacks):
    pair = _pair(cast)
    cast.worker_a2.language = "fi"
    cast.worker_a2.save()
    with time_machine.travel(TUESDAY, tick=False):
        meeting = f.MeetingFactory(pair=pair, starts_at=hki(2026, 12, 10, 13), place="Taukotila")
        with django_capture_on_commit_callbacks(execute=True):
            meeting_cancel(meeting=meeting, reason=REASON, by=cast.worker_a)
    [message] = _changes()
    assert message.extra_headers["Content-Language"] == "fi"
    assert "torstai 10.12.2026" in message.body
    assert message.subject == "Wille Työntekijä perui tapaamisenne 10.12."
    assert "Wille Työntekijä on perunut tapaamisenne:" in message.body
    assert f"Wille Työntekijä kirjoitti: {REASON}" in message.body


def test_concluding_calls_off_booked_meetings_in_both_calendars(cast):
    world = build_world(cast)
    _english(cast.worker_a, cast.worker_a2)
    booked = world.planned_meeting
    evaluation_submit(by=cast.worker_a, **answer(world))
    evaluation_submit(by=cast.worker_a2, **answer(world))
    rows = list(Reminder.objects.filter(kind="meeting_changed"))
    assert sorted(r.recipient_id for r in rows) == sorted([cast.worker_a.pk, cast.worker_a2.pk])
    assert {(r.meeting_id, r.payload["change"], r.payload["sequence"]) for r in rows} == {
        (booked.pk, "called_off", 1)
    }
    assert not Reminder.objects.filter(kind="unit_meeting_cancelled").exists()  # no approval
    at = max(r.next_try_at for r in rows)
    outcome = reminders_send(ids=[r.pk for r in rows], at=at)
    assert len(outcome.sent) == 2
    for message in _changes():
        calendar, event = _calendar(message)
        assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
        assert str(event["UID"]) == f"{booked.pk}@mentorpolku" and int(event["SEQUENCE"]) == 1
        assert "Your mentoring has concluded, so this meeting is cancelled:" in message.body
        assert "wrote:" not in message.body
    assert Meeting.objects.get(pk=booked.pk).status == "cancelled"
