"""Claiming, sending, retrying and failing, with the mail backend in memory."""

import datetime as dt
import email
import smtplib

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.core import mail
from django.db.models import F
from django.test import RequestFactory

from mentoring.reminders.admin import ReminderAdmin
from mentoring.reminders.models import Reminder
from mentoring.reminders.render import message_id
from mentoring.reminders.sending import reminder_claim_token, reminders_send
from mentoring.reminders.sweep import due_reminder_ids, reminders_queue_due, reminders_sweep
from tests.path.snapshots import hki

from .conftest import key_prefix
from .scenario import build_scenario, published_pairs

pytestmark = pytest.mark.django_db

TUESDAY = hki(2026, 12, 1, 10)


def write(cast, count=1):
    with time_machine.travel(TUESDAY, tick=False):
        published_pairs(cast, TUESDAY, count)
        reminders_sweep(queue=False)
    return list(Reminder.objects.order_by("id").values_list("id", flat=True))


def age_claim(reminder_id: int, seconds: float) -> None:
    """As if the claim had been made ``seconds`` ago by the database's clock."""
    Reminder.objects.filter(pk=reminder_id).update(
        claimed_at=F("claimed_at") - dt.timedelta(seconds=seconds)
    )


def test_only_one_claim_wins_and_an_expired_claim_can_be_retaken(cast, settings):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 60
    [rid, _other] = write(cast)
    with time_machine.travel(TUESDAY, tick=False):
        assert reminder_claim_token(reminder_id=rid, now=TUESDAY)
        assert not reminder_claim_token(reminder_id=rid, now=TUESDAY)
        age_claim(rid, 59)
        assert not reminder_claim_token(reminder_id=rid, now=TUESDAY)
        age_claim(rid, 2)
        assert reminder_claim_token(reminder_id=rid, now=TUESDAY)
    assert Reminder.objects.get(pk=rid).attempts == 2


def test_a_worker_that_died_after_claiming_is_replaced_after_the_lease(cast, settings):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 300
    ids = write(cast)
    with time_machine.travel(TUESDAY, tick=False):
        reminder_claim_token(reminder_id=ids[0], now=TUESDAY)  # … and the worker dies here
        reminders_queue_due()  # the other row goes; the claimed one is left alone
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [
        message_id(Reminder.objects.get(pk=ids[1]).dedupe_key)
    ]
    age_claim(ids[0], 301)
    with time_machine.travel(TUESDAY + dt.timedelta(seconds=301), tick=False):
        reminders_queue_due()
    assert len(mail.outbox) == 2
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}


def test_a_slow_worker_whose_lease_was_retaken_sends_nothing(cast, settings):
    """The unit version; test_services has real workers and a slow mail server."""
    settings.REMINDER_CLAIM_LEASE_SECONDS = 60
    [rid, _other] = write(cast)
    with time_machine.travel(TUESDAY, tick=False):
        slow = reminder_claim_token(reminder_id=rid, now=TUESDAY)  # the slow worker
        age_claim(rid, 61)
        assert reminders_send(ids=[rid]).sent == [rid]  # a second worker retakes it
    # The slow worker's mark matches no row, so it never reaches SMTP.
    mark = Reminder.objects.filter(pk=rid, state="sending", claim_token=slow)
    assert mark.update(state="sent") == 0
    assert len(mail.outbox) == 1


def test_a_worker_whose_clock_runs_ahead_cannot_take_a_fresh_claim(cast, settings):
    """Leases are stamped and judged by the database's clock, not the worker's."""
    settings.REMINDER_CLAIM_LEASE_SECONDS = 300
    [rid, _other] = write(cast)
    with time_machine.travel(TUESDAY, tick=False):  # worker A
        assert reminder_claim_token(reminder_id=rid, now=TUESDAY)
    ahead = TUESDAY + dt.timedelta(minutes=10)  # worker B's clock is ten minutes fast
    with time_machine.travel(ahead, tick=False):
        assert rid not in due_reminder_ids(now=ahead)  # its sweep does not ring for it
        assert not reminder_claim_token(reminder_id=rid, now=ahead)
        assert reminders_send(ids=[rid]).busy == [rid]
    assert mail.outbox == []
    row = Reminder.objects.get(pk=rid)
    assert (row.state, row.attempts) == ("sending", 1)
    age_claim(rid, 301)  # once the lease has really run out, B may take over
    with time_machine.travel(ahead, tick=False):
        assert reminders_send(ids=[rid]).sent == [rid]


def test_sending_twice_sends_once(cast):
    ids = write(cast)
    with time_machine.travel(TUESDAY, tick=False):
        first = reminders_send(ids=ids)
        second = reminders_send(ids=ids)
    assert sorted(first.sent) == ids and second.sent == [] and sorted(second.busy) == ids
    assert len(mail.outbox) == 2


def test_failures_retry_with_backoff_then_end_as_failed(cast, settings, failing_mail):
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    [rid, _other] = write(cast)
    failing_mail.reset(failures=99)
    with time_machine.travel(TUESDAY, tick=False):
        out = reminders_send(ids=[rid])
    row = Reminder.objects.get(pk=rid)
    assert out.retry == {60.0: [rid]}
    assert (row.state, row.attempts) == ("pending", 1)
    assert row.next_try_at == TUESDAY + dt.timedelta(seconds=60)
    assert "SMTPServerDisconnected" in row.last_error
    with time_machine.travel(TUESDAY + dt.timedelta(seconds=30), tick=False):
        assert reminders_send(ids=[rid]).busy == [rid]  # not yet
    with time_machine.travel(TUESDAY + dt.timedelta(seconds=61), tick=False):
        assert reminders_send(ids=[rid]).retry == {120.0: [rid]}
    with time_machine.travel(TUESDAY + dt.timedelta(seconds=200), tick=False):
        assert reminders_send(ids=[rid]).failed == [rid]
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("failed", 3)
    assert mail.outbox == []


def test_the_admin_action_retries_failed_reminders(cast, settings, failing_mail, admin_user):
    settings.REMINDER_MAX_ATTEMPTS = 1
    ids = write(cast)
    failing_mail.reset(failures=1)
    with time_machine.travel(TUESDAY, tick=False):
        reminders_send(ids=ids[:1])
    assert Reminder.objects.get(pk=ids[0]).state == "failed"
    request = RequestFactory().post("/admin/reminders/reminder/")
    request.user = admin_user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    from django.test import TestCase

    with time_machine.travel(TUESDAY, tick=False):  # in working time: sent at once
        with TestCase.captureOnCommitCallbacks(execute=True):
            ReminderAdmin(Reminder, site).retry(request, Reminder.objects.filter(pk__in=ids))
    assert Reminder.objects.get(pk=ids[0]).state == "sent"
    assert len(mail.outbox) == 1


def test_a_refused_address_fails_at_once(cast, failing_mail):
    [rid, _other] = write(cast)
    failing_mail.reset(
        failures=1, error=smtplib.SMTPRecipientsRefused({"x@example.test": (550, b"no such user")})
    )
    with time_machine.travel(TUESDAY, tick=False):
        assert reminders_send(ids=[rid]).failed == [rid]


def test_emails_are_in_the_recipients_language_with_text_html_and_ics(cast):
    with time_machine.travel(TUESDAY, tick=False):
        scenario = build_scenario(cast, TUESDAY)
        pair = scenario.pairs["upcoming"]
        pair.mentor.user.language = "sv"
        pair.mentor.user.save()
        pair.actor.user.language = "en"
        pair.actor.user.save()
        reminders_sweep()
    upcoming = {m.to[0]: m for m in mail.outbox if key_prefix(m) == "upcoming"}
    sv, en = upcoming[pair.mentor.user.email], upcoming[pair.actor.user.email]
    # The meeting is on Tuesday 1.12. at 12:00; day names come from Django's own catalogue.
    assert "tis 1.12. 12:00" in sv.subject
    assert "Tue 1.12. 12:00" in en.subject
    for message in (sv, en):
        assert message.alternatives[0][1] == "text/html"
        [(filename, content, mimetype)] = message.attachments
        assert (filename, mimetype) == ("meeting.ics", "text/calendar")
        ics = content.decode() if isinstance(content, bytes) else content
        meeting_ids = {
            str(scenario.pairs["upcoming_meeting"].pk)
        }  # that scenario entry is the meeting
        uid = next(line for line in ics.splitlines() if line.startswith("UID:"))
        assert "DTSTART" in ics and uid.removeprefix("UID:").split("@")[0] in meeting_ids
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert "/pairs/" in message.body


def test_message_id_is_derived_from_the_key(cast):
    ids = write(cast)
    with time_machine.travel(TUESDAY, tick=False):
        reminders_send(ids=ids)
    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes())
    row = Reminder.objects.get(pk=ids[0])
    assert parsed["Message-ID"] == message_id(row.dedupe_key)
    assert message_id(row.dedupe_key) == message_id(row.dedupe_key)
    assert message_id(row.dedupe_key) != message_id(row.dedupe_key + "x")


def test_turning_a_kind_off_skips_reminders_already_written(cast):
    with time_machine.travel(TUESDAY, tick=False):
        scenario = build_scenario(cast, TUESDAY)
        reminders_sweep(queue=False)
        user = scenario.pairs["book"].mentor.user
        user.muted_reminders = ["book_next"]
        user.save()
        reminders_queue_due()
    row = Reminder.objects.get(kind="book_next", recipient=user)
    assert row.state == "skipped"
    assert user.email not in [m.to[0] for m in mail.outbox if key_prefix(m) == "book"]


def test_a_send_chunk_reads_its_data_in_a_constant_number_of_queries(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(TUESDAY, tick=False):
        published_pairs(cast, TUESDAY, 15)
        reminders_sweep(queue=False)
        ids = list(Reminder.objects.order_by("id").values_list("id", flat=True))
        with CaptureQueriesContext(connection) as small:
            reminders_send(ids=ids[:5])
        with CaptureQueriesContext(connection) as large:
            reminders_send(ids=ids[5:])
    per_email = (len(large) - len(small)) / (len(ids[5:]) - 5)
    # the mark (+ SAVEPOINT/RELEASE inside the test's transaction); claims and reads are
    # per chunk
    assert per_email == 3, per_email


class _DeliveredThenDied(smtplib.SMTPServerDisconnected):
    """The server took the message, then the connection broke before the row was marked."""


def test_a_crash_after_the_server_accepted_repeats_the_same_message_id(cast, settings):
    """The one window SMTP leaves open: documented as at-least-once with a stable
    Message-ID, which mail stores use to recognise the repeat."""
    from django.core.mail.backends.locmem import EmailBackend

    delivered = []

    class AcceptThenBreak(EmailBackend):
        def send_messages(self, messages):
            delivered.extend(m.extra_headers["Message-ID"] for m in messages)
            if len(delivered) == 1:
                raise _DeliveredThenDied("connection lost after 250")
            return super().send_messages(messages)

    settings.EMAIL_BACKEND = f"{__name__}.AcceptThenBreakBackend"
    globals()["AcceptThenBreakBackend"] = AcceptThenBreak
    settings.REMINDER_RETRY_BASE_SECONDS = 1
    [rid, _other] = write(cast)
    with time_machine.travel(TUESDAY, tick=False):
        reminders_send(ids=[rid])
    assert Reminder.objects.get(pk=rid).state == "pending"  # the mark was rolled back
    with time_machine.travel(TUESDAY + dt.timedelta(seconds=2), tick=False):
        reminders_send(ids=[rid])
    assert Reminder.objects.get(pk=rid).state == "sent"
    assert len(delivered) == 2 and delivered[0] == delivered[1]
