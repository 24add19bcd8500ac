"""Sending reminders: claim, check, render, send, mark.

What "exactly once" means here. SMTP has no transaction we can join: the mail server takes
responsibility for a message when it answers 250 to the end of DATA, and our database can
commit only before or after that moment. So:

1. Claim the task's rows in one transaction: ``SELECT … FOR UPDATE SKIP LOCKED`` of those
   pending and due (or ``sending`` with a lease expired by the database's ``NOW()``), then
   ``UPDATE … SET state='sending', claimed_at=NOW(), claim_token=mine``. A row another
   worker is claiming or sending is skipped, never waited for. The lease is stamped and
   judged by the database's clock, so a worker whose own clock runs ahead cannot take a
   claim that is still fresh.
2. For each row, open a transaction and mark it sent (``WHERE claim_token = mine``), then
   talk SMTP while that transaction is open, and commit right after the server's 250. If
   sending fails, the transaction rolls back and the row goes back to pending with a later
   try. If the worker dies before the commit, the database rolls the mark back and, when
   the lease expires, the sweep queues the row again. A slow worker whose lease was
   retaken finds its mark matching no row and sends nothing.
3. The one window left is from the end of DATA (the server has the message) to our COMMIT
   after its 250: the mail server's reply time, microseconds for a local relay that
   answers at once, longer for one that scans mail first. A worker killed there leads to a
   second delivery with the same Message-ID, which mail stores treat as the same message.
   So: the database records each reminder as sent at most once, every due reminder is
   delivered at least once, and a repeat is possible only in that window. The reply is
   waited for up to ``EMAIL_DATA_REPLY_TIMEOUT`` (``mentoring.core.smtp``, RFC 1047), never
   given up on after the short ``EMAIL_TIMEOUT``.

The open transaction holds the row lock during the SMTP conversation: on Postgres a
retaking claim skips the row; on SQLite it would lock the whole file, so SMTP with SQLite is
not supported for production (docs/reminders.md).
"""

import datetime as dt
import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Now
from django.utils import timezone

from mentoring.core.limits import ERROR_TEXT_LENGTH
from mentoring.core.working_time import is_working_time, iso_week, next_working_moment
from mentoring.meetings.models import Meeting
from mentoring.meetings.signals import CALLED_OFF, CANCELLED
from mentoring.pairs.models import Pair
from mentoring.path.kinds import TO_SUPERVISORS, Kind

from . import breaker, conf, stopping
from .due import current_keys
from .kinds import EVENTS, wants
from .models import Reminder
from .render import build_message, digest_items
from .selectors import SendBatch, send_batch

logger = logging.getLogger(__name__)


@dataclass
class SendOutcome:
    sent: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    busy: list = field(default_factory=list)  # claimed by someone else, not due, or done
    retry: dict = field(default_factory=lambda: defaultdict(list))  # seconds → ids
    deferred: list = field(default_factory=list)  # retry after working hours: the sweep's


def backoff_seconds(attempts: int) -> float:
    return min(conf.retry_base_seconds() * 2 ** max(attempts - 1, 0), conf.retry_max_seconds())


def lease_expired_before():
    """The moment, by the database's clock, before which a claim has expired."""
    return ExpressionWrapper(
        Now() - Value(dt.timedelta(seconds=conf.claim_lease_seconds())),
        output_field=DateTimeField(),
    )


def reminders_claim(*, ids: list[int], now: dt.datetime) -> tuple[uuid.UUID, list[int]]:
    """Claim these rows for one send task, in one transaction and two statements: lock
    those that can be taken (pending and due at ``now``, the worker's clock: due moments are
    the sweep's working-time moments; or claimed with a lease expired by the database's
    clock) with ``FOR UPDATE SKIP LOCKED``, and mark them claimed with one token. A row
    another worker holds (claiming it, or in the middle of its SMTP conversation, whose
    transaction locks it) is skipped, never waited for. SQLite has no row locks: its write
    transaction takes the whole file, so the claim is a plain batch there.

    Outside working time nothing is taken: a task that arrives late (a retry, a broker that
    was down) leaves the rows pending for the next working moment, when the sweep queues
    them again."""
    token = uuid.uuid4()
    if not is_working_time(now) or not ids:
        return token, []
    with transaction.atomic():
        claimable = list(
            Reminder.objects.filter(pk__in=ids)
            .filter(
                Q(state=Reminder.State.PENDING, next_try_at__lte=now)
                | Q(state=Reminder.State.SENDING, claimed_at__lte=lease_expired_before())
            )
            .order_by("pk")  # the oldest first, and the same order on every database
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if claimable:
            Reminder.objects.filter(pk__in=claimable).update(
                state=Reminder.State.SENDING,
                claimed_at=Now(),
                claim_token=token,
                attempts=F("attempts") + 1,
            )
    return token, claimable


def reminder_claim_token(*, reminder_id: int, now: dt.datetime) -> uuid.UUID | None:
    """Claim one row; its token, or None if another worker holds it, it is not due, or done."""
    token, claimed = reminders_claim(ids=[reminder_id], now=now)
    return token if claimed else None


def _mine(reminder: Reminder):
    return Reminder.objects.filter(
        pk=reminder.pk, state=Reminder.State.SENDING, claim_token=reminder.claim_token
    )


def still_needed(reminder: Reminder, now: dt.datetime, batch: SendBatch) -> bool:
    """Whether the reason for this reminder still holds (it may have waited for working
    hours, a broker outage or a retry): the user may have turned the kind off, the
    meeting may have been logged, the pair concluded."""
    user = reminder.recipient
    if not user.is_active or not wants(user.muted_reminders, reminder.kind):
        return False
    if reminder.kind == Kind.DIGEST:  # last week's summary is stale once a new one exists
        # … and it says nothing to someone who no longer supervises any of its pairs' units
        return reminder.payload.get("week") == iso_week(now) and bool(digest_items(reminder, batch))
    if reminder.kind in EVENTS:
        return _event_still_needed(reminder, now, batch)
    state = batch.states.get(reminder.pair_id)
    if state is None or state.status not in Pair.RUNNING:
        return False
    if reminder.kind == Kind.PAIR_PUBLISHED:
        return True
    supervisors = batch.supervisors if reminder.kind in TO_SUPERVISORS else {}
    return reminder.dedupe_key in current_keys(state, now, supervisors)


def _event_still_needed(reminder: Reminder, now: dt.datetime, batch: SendBatch) -> bool:
    """A meeting change is worth telling while no later change of the same meeting has
    superseded it (that one's message carries the newer calendar version, and a row written
    before a cancellation would otherwise arrive with a cancelled meeting's file). A new or
    moved time is not worth telling once the meeting is over or the pair has stopped; a
    cancellation always is, even of a concluded pair (that is when its meetings are called
    off). A supervisor is told only while they supervise one of the pair's units."""
    meeting = reminder.meeting
    if meeting is None or reminder.payload.get("sequence") != meeting.sequence:
        return False
    if reminder.payload.get("change") not in (CANCELLED, CALLED_OFF):
        pair = batch.pairs.get(reminder.pair_id)
        planned = meeting.status == Meeting.Status.PLANNED and meeting.ends_at > now
        if not planned or pair is None or pair.status not in Pair.RUNNING:
            return False
    if reminder.kind == Kind.UNIT_MEETING_CANCELLED:
        state = batch.states.get(reminder.pair_id)
        units = state.unit_ids if state is not None else ()
        supervisors = {p.user_id for u in units for p in batch.supervisors.get(u, ())}
        return reminder.recipient_id in supervisors
    return True


def _permanent(error: Exception) -> bool:
    """A refusal that trying again will not change (the address does not exist)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    return False


def _record_failure(reminder: Reminder, error: Exception, now: dt.datetime, out: SendOutcome):
    text = f"{type(error).__name__}: {error}"[:ERROR_TEXT_LENGTH]
    if _permanent(error) or reminder.attempts >= conf.max_attempts():
        _mine(reminder).update(state=Reminder.State.FAILED, last_error=text)
        out.failed.append(reminder.pk)
        logger.error("reminder %s failed for good: %s", reminder.pk, text)
        return
    delay = backoff_seconds(reminder.attempts)
    retry_at = now + dt.timedelta(seconds=delay)
    next_try_at = next_working_moment(retry_at)
    in_time = next_try_at == retry_at
    _mine(reminder).update(
        state=Reminder.State.PENDING,
        next_try_at=next_try_at,
        # A retry that waits for the next working day is not queued now (a countdown of
        # hours would sit in the broker); the sweep queues it when it is due.
        queued_at=now if in_time else None,
        last_error=text,
    )
    if in_time:
        out.retry[delay].append(reminder.pk)
    else:
        out.deferred.append(reminder.pk)
    logger.warning("reminder %s: try %d failed (%s)", reminder.pk, reminder.attempts, text)


def _paused_by(reminder: Reminder, error: Exception, at, out: SendOutcome) -> bool:
    """After a permanent refusal: whether the breaker paused sending (this reminder and
    the others refused lately are pending again, not failed)."""
    code, text = next(iter(error.recipients.values()))  # the server's words, no address
    reply = f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    until = breaker.after_refusal(at or timezone.now(), reply[:ERROR_TEXT_LENGTH])
    if until is None:
        return False
    out.failed = [i for i in out.failed if i != reminder.pk]
    out.deferred.append(reminder.pk)
    return True


def _release(ids: list[int], token, out: SendOutcome) -> None:
    """Give claimed rows back untouched (sending paused): pending, not a try of theirs."""
    Reminder.objects.filter(pk__in=ids, state=Reminder.State.SENDING, claim_token=token).update(
        state=Reminder.State.PENDING, queued_at=None, attempts=F("attempts") - 1
    )
    out.busy.extend(ids)


def reminders_send(*, ids: list[int], at: dt.datetime | None = None) -> SendOutcome:
    """Send these reminders, each at most once, through one mail connection.

    The rows are claimed together (``reminders_claim``) and what every message needs is
    read up front for the whole chunk (a constant number of queries); each row is then
    checked, sent and marked on its own. ``at`` pretends the clock says so (the
    ``reminders_sweep --at`` command for demos); normally the real time.
    """
    out = SendOutcome()
    allowance = breaker.sending_allowance(at or timezone.now())
    token, claimed = reminders_claim(ids=ids[:allowance], now=at or timezone.now())
    out.busy = [i for i in ids if i not in set(claimed)]
    batch = send_batch(ids=claimed)
    connection = None
    try:
        for position, reminder_id in enumerate(claimed):
            if stopping.requested():  # the worker is stopping: the message in flight is done
                _release(claimed[position:], token, out)
                break
            now = at or timezone.now()
            reminder = batch.reminders[reminder_id]  # read as claimed: token, attempts
            try:
                if not still_needed(reminder, now, batch):
                    _mine(reminder).update(state=Reminder.State.SKIPPED)
                    out.skipped.append(reminder_id)
                    continue
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    connection.open()
                message = build_message(reminder, batch=batch, connection=connection)
                with transaction.atomic():
                    if not _mine(reminder).update(
                        state=Reminder.State.SENT, sent_at=at or timezone.now(), last_error=""
                    ):
                        out.busy.append(reminder_id)  # our lease was retaken: not ours now
                        continue
                    if message.send() != 1:
                        raise smtplib.SMTPException("the mail backend sent nothing")
                out.sent.append(reminder_id)
                if allowance == 1:  # the probe after a pause went out
                    breaker.resume(at or timezone.now())
            except Exception as error:
                if connection is not None:
                    try:
                        connection.close()
                    except Exception:  # noqa: S110 — a broken connection is replaced anyway
                        pass
                    connection = None
                _record_failure(reminder, error, at or timezone.now(), out)
                if _permanent(error) and _paused_by(reminder, error, at, out):
                    _release(claimed[position + 1 :], token, out)
                    break
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:
                logger.debug("closing the mail connection failed", exc_info=True)
    return out
