"""The periodic sweep: find what is due from the state of pairs, agreements and meetings,
write one Reminder row per message, and ring the doorbell for rows whose time has come.

1. Read the running pairs whose ``next_change_at`` has come (or is unknown: new, or changed
   by a service since) in batches (three queries per batch: pairs, locked, their meetings,
   their agreements), ask ``mentoring.path.assess`` where each one is at ``now``, turn its
   situations into candidates (``due.pair_candidates``), and store the pair's next moment.
   A pair nothing happened to is not read at all until its moment comes.
2. Insert the candidates with ``ON CONFLICT DO NOTHING`` (one query): a key that has a row
   already is left out, and a second sweep running at the same moment inserts nothing
   twice, because the key is unique in the database.
3. Once a week (from Monday's first working moment on, until it is done), write each
   supervisor's digest in the same pass.
4. Queue send tasks for pending rows that are due and not queued recently, and for rows
   whose claim expired (their worker died). The database is the source of truth; the
   broker is only a doorbell, so a lost task message costs a delay, never a reminder.
"""

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mentoring.core.working_time import is_working_time, iso_week, next_working_moment, week_start
from mentoring.path.kinds import Kind
from mentoring.path.selectors import running_pair_ids
from mentoring.path.selectors import snapshots as snapshots_of
from mentoring.path.state import assess

from . import breaker, conf
from .due import Candidate, attention_reasons, pair_candidates, schedule
from .kinds import wants
from .models import DigestRun, Reminder
from .queueing import reminders_queue
from .selectors import supervisors_by_unit
from .sending import lease_expired_before
from .services import pairs_next_change, write_candidates

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


def _looked_at(snapshots: list, now: dt.datetime) -> tuple[list, dict]:
    """Assess each pair: its due situations, and when the sweep must look at it again (the
    next moment its path can change by the clock alone, at the latest after
    ``REMINDER_RECHECK_HOURS``)."""
    recheck = now + dt.timedelta(hours=conf.recheck_hours())
    assessed, moments = [], {}
    for snapshot in snapshots:
        state = assess(snapshot, now)
        assessed.append((snapshot, state.due))
        moments[snapshot.id] = min(state.next_change_at or recheck, recheck)
    return assessed, moments


def reminders_sweep(
    *, now: dt.datetime | None = None, queue: bool = True, reminders: bool = True
) -> SweepResult:
    """Look at the running pairs whose moment has come (all of them when a digest is due)
    and write what they call for. ``reminders=False`` writes only a due digest."""
    now = now or timezone.now()
    result = SweepResult()
    digest = _digest_week(now)
    attention: dict = {}
    supervisors: dict | None = None
    if reminders or digest:
        pair_ids = running_pair_ids(due_by=None if digest else now)
        size = conf.sweep_batch()
        supervisors = supervisors_by_unit() if pair_ids else {}
        for start in range(0, len(pair_ids), size):
            with transaction.atomic(savepoint=False):
                snapshots = list(
                    snapshots_of(pair_ids=pair_ids[start : start + size], lock=True).values()
                )
                assessed, moments = _looked_at(snapshots, now)
                result.batches += 1
                result.pairs += len(snapshots)
                if reminders:
                    candidates = [
                        c for s, due in assessed for c in pair_candidates(s, now, supervisors, due)
                    ]
                    result.candidates += len(candidates)
                    result.written += write_candidates(candidates)
                    # Looked at: not again before its next moment (a digest-only pass has
                    # written no reminders, so it leaves the moments alone).
                    pairs_next_change(moments=moments)
            if digest:
                for s, due in assessed:
                    reasons = attention_reasons(due)
                    if reasons:
                        attention[s.id] = (s.unit_ids, reasons)
    if digest:
        week, first = digest
        due_at = schedule(first, now)
        if iso_week(due_at) == week:  # a digest that could go out only next week is stale
            result.digests = write_candidates(
                _digest_candidates(attention, supervisors or supervisors_by_unit(), week, due_at)
            )
        DigestRun.objects.bulk_create([DigestRun(week=week)], ignore_conflicts=True)
    if queue:
        result.queued = reminders_queue_due(now=now)
    logger.info("reminders sweep: %s", result.as_dict())
    return result


def due_reminder_ids(*, now: dt.datetime, limit: int | None = None) -> list[int]:
    """Rows that should be (re)queued: due pending rows not queued recently, and rows whose
    claim has expired (the worker that claimed them died or hangs). Nothing outside working
    time: what falls due then waits for the next working moment, and nothing while sending is
    paused (``breaker``)."""
    if not is_working_time(now) or breaker.paused(now):
        return []
    stale_queue = Q(queued_at__isnull=True) | Q(
        queued_at__lte=now - dt.timedelta(seconds=conf.requeue_after_seconds())
    )
    qs = Reminder.objects.filter(
        (Q(state=Reminder.State.PENDING, next_try_at__lte=now) & stale_queue)
        | (Q(state=Reminder.State.SENDING, claimed_at__lte=lease_expired_before()) & stale_queue)
    ).order_by("next_try_at")
    return list(qs.values_list("id", flat=True)[: limit or conf.queue_limit()])


def reminders_queue_due(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return reminders_queue(ids=due_reminder_ids(now=now), now=now)
