"""The periodic sweep: find what is due from the state of pairs, agreements and meetings,
write one Reminder row per message, and ring the doorbell for rows whose time has come.

1. Read live pairs in batches (three queries per batch: pairs, their meetings, their
   agreements) and ask ``due.pair_candidates`` what each one needs at ``now``.
2. Drop the keys that already have a row (one query), insert the rest with
   ``ON CONFLICT DO NOTHING`` (one query): a second sweep running at the same moment
   inserts nothing twice, because the key is unique in the database.
3. Once a week (from Monday's first working moment on, until it is done), write each
   supervisor's digest in the same pass.
4. Queue send tasks for pending rows that are due and not queued recently, and for rows
   whose claim expired (their worker died). The database is the source of truth; the
   broker is only a doorbell, so a lost task message costs a delay, never a reminder.
"""

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.constants import OnConflict
from django.utils import timezone

from . import conf
from .due import Candidate, attention_reasons, pair_candidates, schedule
from .kinds import Kind, wants
from .models import DigestRun, Reminder
from .selectors import live_pair_state_batches, supervisors_by_unit
from .sending import lease_expired_before
from .working_time import is_working_time, iso_week, next_working_moment, week_start

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    pairs: int = 0
    batches: int = 0
    candidates: int = 0
    written: int = 0
    digests: int = 0
    queued: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _existing_keys(keys: list[str]) -> set[str]:
    return set(Reminder.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))


def write_candidates(candidates: list[Candidate]) -> int:
    """Insert the candidates that have no row yet; returns how many rows this call wrote.

    The keys already in the table are left out first (the usual case: nearly all of them).
    A sweep running at the same moment may still insert some in between: the unique key
    turns those into conflicts, and only the rows the database reports as inserted
    (``RETURNING``) are counted.
    """
    if not candidates:
        return 0
    by_key = {c.dedupe_key: c for c in candidates}
    existing = _existing_keys(list(by_key))
    rows = [
        Reminder(
            kind=c.kind,
            recipient_id=c.recipient_id,
            pair_id=c.pair_id,
            meeting_id=c.meeting_id,
            dedupe_key=key,
            payload=c.payload,
            due_at=c.due_at,
            next_try_at=c.due_at,
        )
        for key, c in by_key.items()
        if key not in existing
    ]
    if not rows:
        return 0
    # bulk_create(ignore_conflicts=True) does not say which rows it inserted; the insert
    # underneath it does, with RETURNING (Postgres, SQLite 3.35+): ON CONFLICT DO NOTHING
    # (INSERT OR IGNORE) returns only the rows it wrote.
    fields = [f for f in Reminder._meta.concrete_fields if not f.primary_key]
    size = min(2000, connection.ops.bulk_batch_size(fields, rows))
    written = 0
    for start in range(0, len(rows), size):
        written += len(
            Reminder.objects._insert(
                rows[start : start + size],
                fields=fields,
                on_conflict=OnConflict.IGNORE,
                returning_fields=[Reminder._meta.pk],
            )
        )
    return written


def _digest_week(now: dt.datetime) -> tuple[str, dt.datetime] | None:
    """The ISO week whose digest should be written now, with its due moment, or None."""
    first = next_working_moment(week_start(now))
    if now < first:
        return None
    week = iso_week(now)
    if DigestRun.objects.filter(week=week).exists():
        return None
    return week, first


def _digest_candidates(attention: dict, supervisors: dict, week: str, due_at) -> list[Candidate]:
    """attention: pair id → (unit ids, reasons). One candidate per supervisor with news."""
    items: dict[int, list] = {}
    people = {}
    for pair_id, (unit_ids, reasons) in attention.items():
        for unit_id in dict.fromkeys(unit_ids):
            for sup in supervisors.get(unit_id, ()):
                if not sup.active or not wants(sup.muted, Kind.DIGEST):
                    continue
                people[sup.user_id] = sup
                entry = {"pair": str(pair_id), "reasons": reasons}
                bucket = items.setdefault(sup.user_id, [])
                if entry not in bucket:
                    bucket.append(entry)
    return [
        Candidate(
            kind=Kind.DIGEST,
            recipient_id=user_id,
            dedupe_key=f"digest:{week}:{user_id}",
            due_at=due_at,
            payload={"week": week, "pairs": pairs},
        )
        for user_id, pairs in items.items()
    ]


def reminders_sweep(
    *, now: dt.datetime | None = None, queue: bool = True, reminders: bool = True
) -> SweepResult:
    """One pass over every live pair. ``reminders=False`` writes only a due digest."""
    now = now or timezone.now()
    result = SweepResult()
    supervisors = supervisors_by_unit()
    digest = _digest_week(now)
    attention: dict = {}
    if reminders or digest:
        for states in live_pair_state_batches(batch_size=conf.SWEEP_BATCH()):
            result.batches += 1
            result.pairs += len(states)
            if reminders:
                candidates = [c for s in states for c in pair_candidates(s, now, supervisors)]
                result.candidates += len(candidates)
                result.written += write_candidates(candidates)
            if digest:
                for s in states:
                    reasons = attention_reasons(s, now)
                    if reasons:
                        attention[s.id] = (s.unit_ids, reasons)
    if digest:
        week, first = digest
        due_at = schedule(first, now)
        if iso_week(due_at) == week:  # a digest that could go out only next week is stale
            result.digests = write_candidates(
                _digest_candidates(attention, supervisors, week, due_at)
            )
        DigestRun.objects.bulk_create([DigestRun(week=week)], ignore_conflicts=True)
    if queue:
        result.queued = reminders_queue_due(now=now)
    logger.info("reminders sweep: %s", result.as_dict())
    return result


def due_reminder_ids(*, now: dt.datetime, limit: int | None = None) -> list[int]:
    """Rows that should be (re)queued: due pending rows not queued recently, and rows whose
    claim has expired (the worker that claimed them died or hangs). Nothing outside working
    time: what falls due then waits for the next working moment."""
    if not is_working_time(now):
        return []
    stale_queue = Q(queued_at__isnull=True) | Q(
        queued_at__lte=now - dt.timedelta(seconds=conf.REQUEUE_AFTER_SECONDS())
    )
    qs = Reminder.objects.filter(
        (Q(state=Reminder.State.PENDING, next_try_at__lte=now) & stale_queue)
        | (Q(state=Reminder.State.SENDING, claimed_at__lte=lease_expired_before()) & stale_queue)
    ).order_by("next_try_at")
    return list(qs.values_list("id", flat=True)[: limit or conf.QUEUE_LIMIT()])


def reminders_queue_due(*, now: dt.datetime | None = None) -> int:
    from .services import reminders_queue

    now = now or timezone.now()
    return reminders_queue(ids=due_reminder_ids(now=now), now=now)
