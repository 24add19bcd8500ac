"""The circuit breaker: many different recipients refused for good in a short time pause
sending (the reminders stay pending), and a probe resumes it; one bad address fails alone."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail

from mentoring.reminders.models import MailPause, Reminder
from mentoring.reminders.sending import reminders_send
from mentoring.reminders.sweep import due_reminder_ids, reminders_sweep
from tests import factories as f
from tests.path.snapshots import hki

from .scenario import published_pairs

pytestmark = pytest.mark.django_db

TUESDAY = hki(2026, 12, 1, 10)
S = dt.timedelta(seconds=1)
REFUSED = smtplib.SMTPRecipientsRefused({"x@example.test": (550, b"5.7.1 Relaying denied")})


def write(cast, count):
    with time_machine.travel(TUESDAY, tick=False):
        published_pairs(cast, TUESDAY, count)
        reminders_sweep(queue=False)
    return list(Reminder.objects.order_by("id").values_list("id", flat=True))


def test_refusals_of_many_recipients_pause_sending_until_a_probe_goes_out(
    cast, settings, failing_mail, caplog
):
    settings.REMINDER_BREAKER_RECIPIENTS = 3
    settings.REMINDER_BREAKER_PAUSE_SECONDS = 60
    f.UserFactory(email="staff@example.test", is_staff=True)
    ids = write(cast, 4)
    failing_mail.reset(failures=99, error=REFUSED)  # the server refuses everyone
    with time_machine.travel(TUESDAY, tick=False):
        out = reminders_send(ids=ids)
        assert len(out.busy) == len(ids) - 3  # the rest were given back, not tried
        assert due_reminder_ids(now=TUESDAY + 30 * S) == []  # nothing is rung meanwhile
    assert set(Reminder.objects.values_list("state", flat=True)) == {"pending"}
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {0}
    pause = MailPause.objects.get()
    assert pause.ended_at is None and "Relaying denied" in pause.reason
    assert "sending paused" in caplog.text
    with time_machine.travel(TUESDAY + 30 * S, tick=False):
        assert reminders_send(ids=ids).sent == []  # still paused
    failing_mail.reset()  # the server takes mail again
    with time_machine.travel(TUESDAY + 61 * S, tick=False):
        assert reminders_send(ids=ids).sent == ids[:1]  # one message probes it
    pause.refresh_from_db()
    assert pause.ended_at is not None
    with time_machine.travel(TUESDAY + 62 * S, tick=False):
        assert sorted(due_reminder_ids(now=TUESDAY + 62 * S)) == ids[1:]
        assert reminders_send(ids=ids[1:]).sent == ids[1:]
    assert len([m for m in mail.outbox if m.to != ["staff@example.test"]]) == len(ids)


def test_a_probe_refused_again_keeps_the_pause(cast, settings, failing_mail):
    settings.REMINDER_BREAKER_RECIPIENTS = 2
    settings.REMINDER_BREAKER_PAUSE_SECONDS = 60
    ids = write(cast, 2)
    failing_mail.reset(failures=99, error=REFUSED)
    with time_machine.travel(TUESDAY, tick=False):
        reminders_send(ids=ids)
    with time_machine.travel(TUESDAY + 61 * S, tick=False):
        assert reminders_send(ids=ids).sent == []
    pause = MailPause.objects.get()
    assert pause.ended_at is None and pause.until > TUESDAY + 61 * S
    assert set(Reminder.objects.values_list("state", flat=True)) == {"pending"}


def test_one_bad_address_fails_alone(cast, settings, failing_mail):
    settings.REMINDER_BREAKER_RECIPIENTS = 3
    ids = write(cast, 2)
    failing_mail.reset(failures=1, error=REFUSED)
    with time_machine.travel(TUESDAY, tick=False):
        out = reminders_send(ids=ids)
    assert out.failed == ids[:1] and out.sent == ids[1:]
    assert Reminder.objects.get(pk=ids[0]).state == "failed"
    assert not MailPause.objects.exists()
