"""Meeting-time approvals by email: the sweep against the database, through the meetings
services, at frozen moments (2026-12-01 is a Tuesday, 2026-12-04 a Friday)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.meetings.models import Meeting
from mentoring.meetings.services import (
    meeting_approve,
    meeting_decline,
    meeting_move,
    meeting_propose,
)
from mentoring.reminders.models import Reminder
from mentoring.reminders.sending import reminders_send
from mentoring.reminders.sweep import reminders_sweep
from tests import factories as f
from tests.path.snapshots import hki

from .conftest import key_prefix

pytestmark = pytest.mark.django_db

TUESDAY = hki(2026, 12, 1, 10)
NOTES, PROGRESS, PLACE = "SECRET-NOTE-TEXT", "SECRET-PROGRESS-TEXT", "SECRET-PLACE-ROOM"
APPROVALS = ("approval_waiting", "approval_decided")


def _approval_mail(kind=None):
    return [m for m in mail.outbox if key_prefix(m) in APPROVALS and kind in (None, key_prefix(m))]


@pytest.fixture
def pair(cast):
    """A running pair (worker_a mentors worker_a2) of a programme whose meeting times need
    the supervisor's approval; they held a first meeting and wrote private notes of it."""
    for user in (cast.sup_a, cast.worker_a, cast.worker_a2):
        user.language = "en"  # the tests read English; one test switches to Finnish
        user.save()
    prog = f.ProgrammeFactory(
        organisation=cast.organisation,
        units=[cast.unit_a],
        approval_required=True,
        name="Hyväksyttävä ohjelma",
    )
    the_pair = f.PairFactory(
        programme=prog,
        active=True,
        published_at=TUESDAY - dt.timedelta(days=20),
        mentor__user=cast.worker_a,
        actor__user=cast.worker_a2,
    )
    f.MeetingFactory(
        pair=the_pair,
        first=True,
        held=True,
        starts_at=TUESDAY - dt.timedelta(days=6),
        place="Taukotila",
        log__notes=NOTES,
        log__progress=PROGRESS,
    )
    return the_pair


def _propose(pair, start, by):
    return meeting_propose(
        pair=pair,
        kind="regular",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=50),
        place=PLACE,
        by=by,
    )


def _whole(message) -> str:
    return message.subject + message.body + message.alternatives[0][0]


def test_a_proposed_time_asks_the_supervisor_once_with_a_link_and_no_private_words(cast, pair):
    with time_machine.travel(TUESDAY, tick=False):
        meeting = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        reminders_sweep()
        reminders_sweep()
    [message] = _approval_mail()
    assert key_prefix(message) == "approval_waiting" and message.to == [cast.sup_a.email]
    assert message.subject == "Meeting time to approve: Wille Työntekijä and Wilma Aloittaja"
    url = settings.SITE_URL + reverse(
        "meetings:approvals", kwargs={"programme_id": pair.programme_id}
    )
    assert url in message.body and url in message.alternatives[0][0]
    assert "have proposed a meeting time that needs your approval" in message.body
    assert "Meeting: Thursday 10.12.2026 at 13:00–13:50 (50 min)" in message.body
    assert message.alternatives[0][1] == "text/html" and message.attachments == []
    # What the pair wrote, and even where they meet, stay with the pair.
    for secret in (NOTES, PROGRESS, PLACE):
        assert secret not in _whole(message), secret
    row = Reminder.objects.get(kind="approval_waiting")
    assert (row.recipient, row.meeting_id, row.state) == (cast.sup_a, meeting.pk, "sent")


def test_the_supervisor_reads_it_in_her_language(cast, pair):
    cast.sup_a.language = "fi"
    cast.sup_a.save()
    with time_machine.travel(TUESDAY, tick=False):
        _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        reminders_sweep()
    [message] = _approval_mail()
    assert message.extra_headers["Content-Language"] == "fi"
    assert "torstai 10.12.2026" in message.body  # Django's own Finnish day names
    assert '<html lang="fi">' in message.alternatives[0][0]


def test_a_decision_tells_both_members_with_the_comment_and_a_move_asks_again(cast, pair):
    with time_machine.travel(TUESDAY, tick=False):
        meeting = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        reminders_sweep()
    with time_machine.travel(TUESDAY + dt.timedelta(hours=1), tick=False):
        meeting_approve(meeting=meeting, comment="Sopii <vuorolistaan>", by=cast.sup_a)
        reminders_sweep()
    decided = _approval_mail("approval_decided")
    assert sorted(m.to[0] for m in decided) == sorted([cast.worker_a.email, cast.worker_a2.email])
    to_mentor = next(m for m in decided if m.to == [cast.worker_a.email])
    assert to_mentor.subject == "Your meeting time on 10.12. is approved"
    assert (
        "Saara Esihenkilö has approved the time of your meeting with Wilma Aloittaja: "
        "Thursday 10.12.2026 at 13:00–13:50." in to_mentor.body
    )
    assert "The supervisor's comment: Sopii <vuorolistaan>" in to_mentor.body
    assert "Sopii &lt;vuorolistaan&gt;" in to_mentor.alternatives[0][0]
    pair_url = settings.SITE_URL + reverse("pairs:detail", kwargs={"pair_id": pair.pk})
    assert pair_url in to_mentor.body and pair_url in to_mentor.alternatives[0][0]
    assert len(_approval_mail("approval_waiting")) == 1

    mail.outbox.clear()
    with time_machine.travel(TUESDAY + dt.timedelta(hours=2), tick=False):
        moved = meeting_move(
            meeting=meeting,
            starts_at=hki(2026, 12, 11, 9),
            ends_at=hki(2026, 12, 11, 9, 45),
            place=PLACE,
            reason="Vuoro vaihtui",
            by=cast.worker_a2,
        )
        reminders_sweep()
    [again] = _approval_mail()
    assert key_prefix(again) == "approval_waiting" and again.to == [cast.sup_a.email]
    assert "have moved a meeting to a new time, which needs your approval" in again.body
    assert "Friday 11.12.2026 at 09:00–09:45" in again.body

    mail.outbox.clear()
    with time_machine.travel(TUESDAY + dt.timedelta(hours=3), tick=False):
        meeting_decline(meeting=moved, comment="Perjantaina on koulutus.", by=cast.sup_a)
        reminders_sweep()
    declined = _approval_mail()
    assert {key_prefix(m) for m in declined} == {"approval_decided"} and len(declined) == 2
    assert declined[0].subject == "Your meeting time on 11.12. was declined"
    assert "has declined the time of your meeting" in declined[0].body
    assert "The supervisor's comment: Perjantaina on koulutus." in declined[0].body
    keys = set(Reminder.objects.values_list("dedupe_key", flat=True))
    assert {k.rsplit(":", 1)[0] for k in keys if k.startswith("approval_")} == {
        f"approval_waiting:{meeting.pk}:0",
        f"approval_decided:{meeting.pk}:approved:0",
        f"approval_waiting:{meeting.pk}:1",
        f"approval_decided:{meeting.pk}:declined:1",
    }


def test_a_question_held_for_monday_is_dropped_if_the_supervisor_decided_first(cast, pair):
    friday_evening = hki(2026, 12, 4, 17, 30)
    with time_machine.travel(friday_evening, tick=False):
        meeting = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        reminders_sweep()
    row = Reminder.objects.get(kind="approval_waiting")
    assert (row.state, row.due_at) == ("pending", hki(2026, 12, 7, 8))
    assert mail.outbox == []
    with time_machine.travel(hki(2026, 12, 5, 11), tick=False):  # Saturday, from her phone
        meeting_approve(meeting=meeting, by=cast.sup_a)
        reminders_sweep()
    assert mail.outbox == []  # the members' news waits for Monday too
    with time_machine.travel(hki(2026, 12, 7, 8, 5), tick=False):
        reminders_sweep()
    row.refresh_from_db()
    assert row.state == "skipped"
    assert sorted(key_prefix(m) for m in _approval_mail()) == ["approval_decided"] * 2


def test_no_emails_where_approval_is_not_asked_or_the_kinds_are_turned_off(cast, pair):
    cast.sup_a.muted_reminders = ["approval_waiting"]
    cast.sup_a.save()
    cast.worker_a.muted_reminders = ["approval_decided"]
    cast.worker_a.save()
    free = f.PairFactory(
        programme__organisation=cast.organisation,
        programme__units=[cast.unit_a],
        active=True,
        published_at=TUESDAY - dt.timedelta(days=20),
    )
    with time_machine.travel(TUESDAY, tick=False):
        meeting = _propose(pair, hki(2026, 12, 10, 13), cast.worker_a)
        _propose(free, hki(2026, 12, 10, 13), free.mentor.user)
        reminders_sweep()
        assert _approval_mail() == []
        meeting_approve(meeting=meeting, by=cast.sup_a)
        reminders_sweep()
    assert [m.to for m in _approval_mail()] == [[cast.worker_a2.email]]
    assert Meeting.objects.get(pair=free, status="planned").approval == "not_needed"


def _approval_pairs(cast, count):
    """``count`` pairs, each with a time waiting for approval and a declined one."""
    prog = f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_b], approval_required=True
    )
    for _ in range(count):
        p = f.PairFactory(programme=prog, active=True, published_at=TUESDAY - dt.timedelta(days=3))
        f.MeetingFactory(pair=p, pending=True, starts_at=hki(2026, 12, 10, 13), place="Taukotila")
        f.MeetingFactory(
            pair=p,
            declined=True,
            approval_comment="Ei käy",
            approval_at=TUESDAY - dt.timedelta(hours=1),
            approval_by=cast.sup_b,
            starts_at=hki(2026, 12, 11, 13),
            place="Taukotila",
        )


def test_the_sweep_and_sending_stay_at_a_constant_number_of_queries(cast, settings):
    settings.REMINDER_SWEEP_BATCH = 10
    with time_machine.travel(TUESDAY, tick=False):
        _approval_pairs(cast, 10)

        def sweep():
            with CaptureQueriesContext(connection) as ctx:
                result = reminders_sweep(queue=False)
            return len(ctx.captured_queries), result

        small, r1 = sweep()
        _approval_pairs(cast, 40)
        large, r2 = sweep()
        # The second sweep reads only the 40 new pairs: the first 10 wait for their moment.
        assert (r1.batches, r2.batches) == (1, 4)
        assert (large - small) / (r2.batches - r1.batches) <= 5
        assert r1.written == 10 * 3 and r2.written == 40 * 3  # sup_b asked, both told

        ids = list(Reminder.objects.order_by("id").values_list("id", flat=True))
        with CaptureQueriesContext(connection) as few:
            reminders_send(ids=ids[:5])
        with CaptureQueriesContext(connection) as many:
            reminders_send(ids=ids[5:])
    # The mark in its own transaction (savepoint, update, release); claims are per batch.
    assert (len(many) - len(few)) / (len(ids) - 10) == 3
    assert Reminder.objects.filter(state="sent").count() == 150
