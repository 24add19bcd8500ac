"""Which reminders a pair's situations call for, for whom and when (pure; no database).

``mentoring.path.assess`` decides what is due on a pair's path; here its situations become
candidates: one per recipient who wants that kind, each with its dedupe key (the same
situation always yields the same key, so writing it twice is harmless) and ``due_at``, the
moment it may go out: the moment the situation arose, or now if later, moved into working
time.
"""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from mentoring.core.working_time import next_working_moment
from mentoring.path.kinds import Kind
from mentoring.path.situations import Due
from mentoring.path.snapshot import PairSnapshot
from mentoring.path.state import assess

from .kinds import wants


@dataclass(frozen=True)
class Candidate:
    kind: str
    recipient_id: int
    dedupe_key: str
    due_at: dt.datetime
    pair_id: UUID | None = None
    meeting_id: UUID | None = None
    payload: dict = field(default_factory=dict, hash=False, compare=False)


def schedule(trigger_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """When a message whose situation arose at ``trigger_at`` may go out, seen at ``now``."""
    return next_working_moment(max(trigger_at, now))


def _unit_supervisors(snapshot: PairSnapshot, supervisors: dict) -> tuple:
    """The supervisors of the members' units (each once), never a member of the pair."""
    member_ids = {snapshot.mentor.user_id, snapshot.actor.user_id}
    seen, sups = set(), []
    for unit_id in snapshot.unit_ids:
        for sup in supervisors.get(unit_id, ()):
            if sup.user_id not in seen and sup.user_id not in member_ids:
                seen.add(sup.user_id)
                sups.append(sup)
    return tuple(sups)


def _recipients(due: Due, snapshot: PairSnapshot, supervisors: dict) -> tuple:
    return _unit_supervisors(snapshot, supervisors) if due.to_supervisors else due.recipients


def pair_candidates(
    snapshot: PairSnapshot,
    now: dt.datetime,
    supervisors: dict | None = None,
    due: tuple[Due, ...] | None = None,
) -> list[Candidate]:
    """Every message due for this pair at ``now``, for recipients who want it. ``due``:
    the pair's situations, when the caller has assessed it already."""
    if due is None:
        due = assess(snapshot, now).due
    out = []
    for situation in due:
        due_at = schedule(situation.trigger_at, now)
        if situation.expires_at is not None and due_at >= situation.expires_at:
            continue
        for person in _recipients(situation, snapshot, supervisors or {}):
            if not person.active or not wants(person.muted, situation.kind):
                continue
            out.append(
                Candidate(
                    kind=situation.kind,
                    recipient_id=person.user_id,
                    dedupe_key=f"{situation.key}:{person.user_id}",
                    due_at=due_at,
                    pair_id=snapshot.id,
                    meeting_id=situation.meeting_id,
                    payload=situation.payload,
                )
            )
    return out


# What a supervisor's digest says about a pair, by the kind of situation.
ATTENTION = {
    Kind.AGREEMENT_PENDING: "agreement",
    Kind.MEETING_TO_LOG: "to_log",
    Kind.BOOK_NEXT: "book",
    Kind.EVALUATION_DUE: "evaluation",
}


def attention_reasons(due: tuple[Due, ...]) -> list[str]:
    """Why a supervisor should look at a pair with these situations (empty: all is well)."""
    return sorted({ATTENTION[d.kind] for d in due if d.kind in ATTENTION})


def current_keys(snapshot: PairSnapshot, now: dt.datetime, supervisors: dict | None = None) -> set:
    """Dedupe keys of every message the situation calls for at ``now``, whatever the
    recipients' preferences: a reminder whose key is not here is no longer needed."""
    return {
        f"{due.key}:{person.user_id}"
        for due in assess(snapshot, now).due
        for person in _recipients(due, snapshot, supervisors or {})
    }
