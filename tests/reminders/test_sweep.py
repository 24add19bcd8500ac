"""The sweep against the database, at frozen moments (2026-12-01 is a Tuesday)."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.meetings.models import Meeting
from mentoring.reminders.models import DigestRun, Reminder
from mentoring.reminders.sweep import reminders_sweep
from mentoring.reminders.tasks import weekly_digest
from tests import factories as f
from tests.path.snapshots import hki

from .conftest import received
from .scenario import build_scenario, published_pairs

pytestmark = pytest.mark.django_db

TUESDAY = hki(2026, 12, 1, 10)


def test_every_kind_is_written_once_and_sent_once(cast):
    with time_machine.travel(TUESDAY, tick=False):
        scenario = build_scenario(cast, TUESDAY)
        first = reminders_sweep()
        assert Counter(received(mail.outbox)) == Counter(scenario.expected)
        assert first.written + first.digests == len(scenario.expected)
        again = reminders_sweep()
    assert again.written == 0 and again.queued == 0
    assert len(mail.outbox) == len(scenario.expected)
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}


def test_two_sweeps_at_the_same_moment_write_one_row_per_key(cast):
    with time_machine.travel(TUESDAY, tick=False):
        scenario = build_scenario(cast, TUESDAY)
        reminders_sweep(queue=False)
        reminders_sweep(queue=False)
    assert Reminder.objects.count() == len(scenario.expected)


def test_reminders_due_at_the_weekend_wait_for_monday_morning(cast):
    saturday = hki(2026, 12, 5, 11)
    with time_machine.travel(saturday, tick=False):
        scenario = build_scenario(cast, saturday, digest=False)
        reminders_sweep()
    assert mail.outbox == []
    # The upcoming meeting (Saturday 13:00) would start before Monday: no reminder at all.
    assert Reminder.objects.filter(kind="upcoming_meeting").count() == 0
    assert set(Reminder.objects.values_list("due_at", flat=True)) == {hki(2026, 12, 7, 8)}
    with time_machine.travel(hki(2026, 12, 7, 7, 59), tick=False):
        reminders_sweep()
    assert mail.outbox == []
    with time_machine.travel(hki(2026, 12, 7, 8, 1), tick=False):
        reminders_sweep()
    got = Counter(received(mail.outbox))
    # The Saturday meeting was never logged: on Monday its pair is asked to log it, and
    # Monday's digest (a new week) goes to the supervisor.
    expected = {e for e in scenario.expected if e[0] != "upcoming"}
    expected |= {("to_log", email) for kind, email in scenario.expected if kind == "upcoming"}
    expected.add(("digest", cast.sup_a.email))
    assert set(got) == expected and set(got.values()) == {1}


def test_a_reminder_whose_reason_disappeared_is_skipped(cast):
    friday = hki(2026, 12, 4, 17, 30)
    prog = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    pair = f.PairFactory(programme=prog, active=True, published_at=friday - dt.timedelta(days=20))
    # ended 14:00, not logged
    meeting = f.MeetingFactory(pair=pair, starts_at=hki(2026, 12, 4, 13), place="Taukotila")
    with time_machine.travel(friday, tick=False):
        reminders_sweep()
    assert Reminder.objects.filter(kind="meeting_to_log", state="pending").count() == 2
    Meeting.objects.filter(pk=meeting.pk).update(status="held", held_minutes=50)
    with time_machine.travel(hki(2026, 12, 7, 8, 5), tick=False):
        reminders_sweep()
    assert not [m for m in mail.outbox if "to_log" in m.extra_headers["X-Mentorpolku-Reminder"]]
    assert Reminder.objects.filter(kind="meeting_to_log", state="skipped").count() == 2


def test_meeting_after_the_dst_change_is_announced_friday_at_eight(cast):
    prog = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    pair = f.PairFactory(programme=prog, active=True, published_at=hki(2026, 3, 1, 9))
    # Monday after the clocks went forward
    f.MeetingFactory(pair=pair, starts_at=hki(2026, 3, 30, 10), place="Taukotila")
    with time_machine.travel(hki(2026, 3, 27, 7, 55), tick=False):
        reminders_sweep()
    assert not Reminder.objects.filter(kind="upcoming_meeting").exists()
    with time_machine.travel(hki(2026, 3, 27, 8, 0), tick=False):
        reminders_sweep()
    rows = Reminder.objects.filter(kind="upcoming_meeting")
    assert rows.count() == 2
    assert {r.due_at for r in rows} == {dt.datetime(2026, 3, 27, 6, 0, tzinfo=dt.UTC)}
    assert len(mail.outbox) == 2


def test_the_sweep_runs_a_constant_number_of_queries_per_batch(cast, settings):
    settings.REMINDER_SWEEP_BATCH = 10
    now = TUESDAY
    with time_machine.travel(now, tick=False):
        published_pairs(cast, now, 10)

        def run():
            with CaptureQueriesContext(connection) as ctx:
                result = reminders_sweep(queue=False)
            return len(ctx.captured_queries), result

        small, r1 = run()
        published_pairs(cast, now, 40)
        large, r2 = run()
    # The second sweep reads only the 40 new pairs: the first 10 wait for their moment.
    assert (r1.batches, r2.batches) == (1, 4)
    per_batch = (large - small) / (r2.batches - r1.batches)
    assert per_batch <= 5, per_batch
    assert small - per_batch <= 6  # supervisors, digest check, digest marker, …


def test_weekly_digest_once_per_week_and_only_with_news(cast):
    monday = hki(2026, 11, 30, 8, 0)
    with time_machine.travel(monday, tick=False):
        build_scenario(cast, monday)
        weekly_digest()
        weekly_digest()
        reminders_sweep()
    digests = [
        m for m in mail.outbox if m.extra_headers["X-Mentorpolku-Reminder"].startswith("digest")
    ]
    assert [m.to for m in digests] == [[cast.sup_a.email]]  # sup_b's units are calm: no email
    body = digests[0].body + digests[0].alternatives[0][0]
    assert "SECRET" not in body
    assert DigestRun.objects.filter(week="2026-W49").exists()


def test_a_missed_monday_digest_is_caught_up_by_the_sweep(cast):
    with time_machine.travel(hki(2026, 12, 2, 9), tick=False):  # Wednesday; no Monday beat ran
        build_scenario(cast, hki(2026, 12, 2, 9))
        reminders_sweep()
    assert Reminder.objects.filter(kind="digest", recipient=cast.sup_a, state="sent").count() == 1


def test_no_meeting_notes_in_any_email(cast):
    with time_machine.travel(TUESDAY, tick=False):
        build_scenario(cast, TUESDAY)
        reminders_sweep()
    for message in mail.outbox:
        everything = message.message().as_string()
        assert "SECRET" not in everything


def test_an_overlapping_sweep_counts_only_the_rows_it_wrote(cast, monkeypatch):
    """Sweep A has assessed the pairs, sweep B writes every row, then A inserts: every row
    is a conflict for A, which must report 0 written (not the rows it tried)."""
    from mentoring.reminders import services

    inner = []
    for name in ("_insert_orm", "_insert_postgres"):
        real = getattr(services, name)

        def other_sweep_first(candidates, real=real):
            if not inner:
                inner.append(None)
                inner[0] = reminders_sweep(queue=False)  # B runs in between
            return real(candidates)

        monkeypatch.setattr(services, name, other_sweep_first)
    with time_machine.travel(TUESDAY, tick=False):
        scenario = build_scenario(cast, TUESDAY, digest=False)
        published_pairs(cast, TUESDAY, 3)
        outer = reminders_sweep(queue=False)
    [other] = inner
    rows = Reminder.objects.count()
    assert (other.written, other.digests) == (6 + len(scenario.expected), 1)
    assert rows == other.written + other.digests
    # A tried the same rows and the same digest; the database wrote none of them for A.
    assert outer.candidates == other.candidates
    assert (outer.written, outer.digests) == (0, 0)


def test_a_sweep_counts_what_it_wrote_next_to_rows_already_there(cast):
    with time_machine.travel(TUESDAY, tick=False):
        published_pairs(cast, TUESDAY, 2)
        first = reminders_sweep(queue=False)
        published_pairs(cast, TUESDAY, 3)
        second = reminders_sweep(queue=False)
    assert (first.written, second.written) == (4, 6)
    assert Reminder.objects.count() == 10
