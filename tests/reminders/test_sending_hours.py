"""Retries and late doorbells respect working time (2026-12-01 is a Tuesday)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db.models import F

from mentoring.reminders.models import Reminder
from mentoring.reminders.sending import reminder_claim_token, reminders_send
from mentoring.reminders.sweep import due_reminder_ids, reminders_sweep
from tests.path.snapshots import hki

from .scenario import published_pairs

pytestmark = pytest.mark.django_db


def write(cast, at, count=1) -> list[int]:
    with time_machine.travel(at, tick=False):
        published_pairs(cast, at, count)
        reminders_sweep(queue=False)  # the rows are written, the doorbell does not ring
    return list(Reminder.objects.order_by("id").values_list("id", flat=True))


def test_a_send_failing_just_before_four_retries_the_next_working_morning(
    cast, settings, failing_mail
):
    settings.REMINDER_RETRY_BASE_SECONDS = 120
    ids = write(cast, hki(2026, 12, 1, 15, 59))
    failing_mail.reset(failures=99)
    with time_machine.travel(hki(2026, 12, 1, 15, 59), tick=False):
        out = reminders_send(ids=ids)
    assert dict(out.retry) == {} and sorted(out.deferred) == ids  # no countdown task
    assert set(Reminder.objects.values_list("next_try_at", flat=True)) == {hki(2026, 12, 2, 8)}
    failing_mail.reset()
    # A retry task that arrives in the evening or at night takes nothing.
    for evening in (hki(2026, 12, 1, 16, 1), hki(2026, 12, 2, 3)):
        with time_machine.travel(evening, tick=False):
            assert due_reminder_ids(now=evening) == []
            assert sorted(reminders_send(ids=ids).busy) == ids
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("state", "attempts")) == {("pending", 1)}
    with time_machine.travel(hki(2026, 12, 2, 8), tick=False):
        reminders_sweep()
    assert len(mail.outbox) == 2
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}


def test_a_retry_inside_working_time_is_queued_with_its_countdown(cast, settings, failing_mail):
    settings.REMINDER_RETRY_BASE_SECONDS = 120
    ids = write(cast, hki(2026, 12, 1, 10))
    failing_mail.reset(failures=99)
    with time_machine.travel(hki(2026, 12, 1, 10), tick=False):
        out = reminders_send(ids=ids)
    assert dict(out.retry) == {120.0: ids} and out.deferred == []
    assert set(Reminder.objects.values_list("next_try_at", flat=True)) == {hki(2026, 12, 1, 10, 2)}


def test_rows_due_during_a_broker_outage_wait_for_working_time(cast):
    """The broker is down from 15:00 to 18:00: the rows were written, never queued."""
    ids = write(cast, hki(2026, 12, 1, 15), count=3)
    assert set(Reminder.objects.values_list("queued_at", flat=True)) == {None}
    evening = hki(2026, 12, 1, 18)
    with time_machine.travel(evening, tick=False):
        assert due_reminder_ids(now=evening) == []
        assert reminders_sweep().queued == 0  # the broker is back: nothing is rung now
        # A task message that the broker hands out late sends nothing either.
        assert sorted(reminders_send(ids=ids).busy) == ids
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("state", flat=True)) == {"pending"}
    with time_machine.travel(hki(2026, 12, 2, 8), tick=False):
        assert reminders_sweep().queued == 6
    assert len(mail.outbox) == 6


def test_an_expired_claim_is_not_retaken_after_hours(cast, settings):
    """A worker died at 15:58 holding a claim: nobody takes it over at night."""
    settings.REMINDER_CLAIM_LEASE_SECONDS = 60
    ids = write(cast, hki(2026, 12, 1, 15, 58))
    with time_machine.travel(hki(2026, 12, 1, 15, 58), tick=False):
        assert reminder_claim_token(reminder_id=ids[0], now=hki(2026, 12, 1, 15, 58))
    Reminder.objects.filter(pk=ids[0]).update(claimed_at=F("claimed_at") - dt.timedelta(hours=1))
    night = hki(2026, 12, 1, 22)
    with time_machine.travel(night, tick=False):
        assert ids[0] not in due_reminder_ids(now=night)
        assert not reminder_claim_token(reminder_id=ids[0], now=night)
