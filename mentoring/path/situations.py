"""What calls for a message on a pair's path: the situations the reminders turn into emails.

Each situation has a key: the same situation always has the same key, so the outbox can
write it twice harmlessly. Who wants which kind, and when it may go out (working hours), is
the reminders' business.
"""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from mentoring.core.working_time import HELSINKI, working_day_start_before

from . import conf
from .facts import RUNNING, Facts
from .kinds import TO_SUPERVISORS, Kind
from .snapshot import Person


@dataclass(frozen=True)
class Due:
    """A situation that calls for a message, before recipients' preferences and working
    hours are applied (that is the reminders' part)."""

    kind: str
    key: str  # the same situation always has the same key; the recipient's id is appended
    trigger_at: dt.datetime  # when the situation arose
    recipients: tuple[Person, ...] = ()  # none for the supervisors' kinds: see below
    meeting_id: UUID | None = None
    payload: dict = field(default_factory=dict, hash=False, compare=False)
    expires_at: dt.datetime | None = None  # pointless from this moment on

    @property
    def to_supervisors(self) -> bool:
        """Addressed to the supervisors of the members' units (found by the reminders)."""
        return self.kind in TO_SUPERVISORS


def _published_situation(pair_id) -> str:
    return f"pair_published:{pair_id}"


def published_key(pair_id, user_id) -> str:
    """The key of a member's introduction (the publishing service writes it at once)."""
    return f"{_published_situation(pair_id)}:{user_id}"


def _ts(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def situations(f: Facts) -> list[Due]:
    """Every situation of a running pair that calls for a message at ``f.now``."""
    if f.snap.status not in RUNNING:
        return []
    return [
        *_published(f),
        *_agreement_pending(f),
        *_upcoming(f),
        *_meetings_to_log(f),
        *_book_next(f),
        *_evaluation(f),
        *_approvals(f),
    ]


def _published(f: Facts) -> list[Due]:
    snap = f.snap
    if snap.status != "published" or not snap.published_at:
        return []
    until = snap.published_at + dt.timedelta(days=conf.published_lookback_days())
    f.ahead(until)
    if f.now > until:
        return []
    key = _published_situation(snap.id)
    return [Due(Kind.PAIR_PUBLISHED, key, snap.published_at, snap.members)]


def _agreement_pending(f: Facts) -> list[Due]:
    accepted, draft = f.accepted, f.draft
    if accepted is not None and draft is None:
        return []
    if accepted is None:
        # The first agreement is written at the first meeting: count from its end.
        base = min((m.ends_at for m in f.held), default=None)
    else:
        base = draft.created_at  # an amendment waits for acceptance
    if base is None:
        return []
    trigger = base + dt.timedelta(days=conf.agreement_after_days())
    f.ahead(trigger)
    if f.now < trigger:
        return []
    if draft is None:
        who = f.snap.members
    else:
        who = tuple(
            p
            for role, p in (("mentor", f.snap.mentor), ("actor", f.snap.actor))
            if not draft.accepted_by(role)
        )
    version = draft.version if draft else 1
    key = f"agreement:{f.snap.id}:v{version}"
    return [Due(Kind.AGREEMENT_PENDING, key, trigger, who)]


def _upcoming(f: Facts) -> list[Due]:
    days = conf.upcoming_working_days_before()
    out = []
    for m in f.upcoming:
        trigger = working_day_start_before(m.starts_at.astimezone(HELSINKI).date(), days)
        f.ahead(trigger)
        if f.now < trigger:
            continue
        key = f"upcoming:{m.id}:{_ts(m.starts_at)}"
        out.append(
            Due(
                Kind.UPCOMING_MEETING,
                key,
                trigger,
                f.snap.members,
                m.id,
                {},
                m.starts_at,
            )
        )
    return out


def _meetings_to_log(f: Facts) -> list[Due]:
    after = dt.timedelta(hours=conf.log_after_hours())
    lookback = dt.timedelta(days=conf.log_lookback_days())
    out = []
    for m in f.snap.meetings:
        if not m.loggable:
            continue
        f.ahead(m.ends_at + after, m.ends_at + lookback)
        if m.ends_at + after <= f.now <= m.ends_at + lookback:
            key = f"to_log:{m.id}"
            out.append(
                Due(
                    Kind.MEETING_TO_LOG,
                    key,
                    m.ends_at + after,
                    f.snap.members,
                    meeting_id=m.id,
                )
            )
    return out


def _book_next(f: Facts) -> list[Due]:
    if not f.lapsed:
        return []
    snap, anchor, cadence = f.snap, f.anchor, f.cadence
    first = not any(m.starts_at <= f.now for m in f.held + f.booked)
    n = min(f.misses, conf.book_max_repeats())
    out = [
        Due(
            Kind.BOOK_NEXT,
            f"book:{snap.id}:{_ts(anchor)}:{n}",
            anchor + n * cadence,
            snap.members,
            payload={"misses": n, "first": first},
        )
    ]
    if f.misses >= 2:
        out.append(
            Due(
                Kind.BOOK_NEXT_SUPERVISOR,
                f"book_sup:{snap.id}:{_ts(anchor)}",
                anchor + 2 * cadence,
                payload={"misses": 2, "first": first},
            )
        )
    return out


def _evaluation(f: Facts) -> list[Due]:
    if not f.evaluation_due:
        return []
    booked = any(
        m.kind == "evaluation" and (f.round_start is None or m.starts_at > f.round_start)
        for m in f.booked
    )
    if booked:
        return []
    key = f"evaluation:{f.snap.id}:{f.accepted.id}"
    return [Due(Kind.EVALUATION_DUE, key, f.evaluation_due_from, f.snap.members)]


def _approvals(f: Facts) -> list[Due]:
    """A meeting time waiting for approval asks the supervisors (again after each move:
    ``times_moved`` is in the key); a decision tells both members. Neither once the
    meeting has started, nor for decisions older than the lookback."""
    lookback = dt.timedelta(days=conf.decided_lookback_days())
    out = []
    for m in f.snap.meetings:
        if m.status != "planned" or m.starts_at <= f.now:
            continue
        if m.approval == "pending" and f.snap.approval_required:
            key = f"approval_waiting:{m.id}:{m.times_moved}"
            out.append(Due(Kind.APPROVAL_WAITING, key, f.now, (), m.id, {}, m.starts_at))
            continue
        decided = m.approval in ("approved", "declined") and m.approval_at is not None
        if not decided:
            continue
        f.ahead(m.approval_at + lookback)
        if m.approval_at <= f.now <= m.approval_at + lookback:
            key = f"approval_decided:{m.id}:{m.approval}:{m.times_moved}"
            out.append(
                Due(
                    Kind.APPROVAL_DECIDED,
                    key,
                    m.approval_at,
                    f.snap.members,
                    m.id,
                    {"decision": m.approval},
                    m.starts_at,
                )
            )
    return out
