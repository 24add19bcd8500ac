"""What is due when: pure functions over a snapshot of one pair (no database, no clock).

The sweep builds ``PairState`` snapshots in batches and asks ``pair_candidates`` which
messages are due at ``now``. A candidate carries its dedupe key: the same situation always
yields the same key, so writing it twice is harmless. ``due_at`` is the moment the message
may go out: the moment the situation arose, or now if later, moved into working time.
"""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from mentoring.pairs.models import Pair

from . import conf
from .kinds import Kind, wants
from .working_time import HELSINKI, next_working_moment, working_day_start_before


@dataclass(frozen=True)
class Person:
    user_id: int
    muted: tuple = ()
    active: bool = True


@dataclass(frozen=True)
class MeetingRow:
    id: UUID
    kind: str  # first / regular / evaluation
    status: str  # planned / held / cancelled
    starts_at: dt.datetime
    ends_at: dt.datetime
    approval: str = "not_needed"
    times_moved: int = 0
    approval_at: dt.datetime | None = None  # when the supervisor approved or declined

    @property
    def booked(self) -> bool:
        return self.status == "planned" and self.approval != "declined"


@dataclass(frozen=True)
class AgreementRow:
    id: UUID
    version: int
    status: str  # draft / accepted / superseded
    created_at: dt.datetime
    evaluation_date: dt.date
    cadence_days: int = 14
    planned_meetings: int | None = None
    mentor_accepted_at: dt.datetime | None = None
    actor_accepted_at: dt.datetime | None = None


@dataclass(frozen=True)
class PairState:
    id: UUID
    status: str
    published_at: dt.datetime | None
    mentor: Person
    actor: Person
    unit_ids: tuple = ()
    cadence_max_days: int = 21
    programme_planned_meetings: int | None = 3
    approval_required: bool = False  # the programme's meeting times need a supervisor's yes
    meetings: tuple[MeetingRow, ...] = ()
    agreements: tuple[AgreementRow, ...] = ()


@dataclass(frozen=True)
class Candidate:
    kind: str
    recipient_id: int
    dedupe_key: str
    due_at: dt.datetime
    pair_id: UUID | None = None
    meeting_id: UUID | None = None
    payload: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class _Due:
    """A situation that calls for a message, before recipients' preferences are applied."""

    kind: str
    key: str  # recipient id is appended
    trigger_at: dt.datetime
    recipients: tuple
    meeting_id: UUID | None = None
    payload: dict = field(default_factory=dict, hash=False, compare=False)
    expires_at: dt.datetime | None = None  # pointless from this moment on


def _ts(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def _members(state: PairState) -> tuple:
    return (state.mentor, state.actor)


def _agreements(state: PairState) -> tuple[AgreementRow | None, AgreementRow | None]:
    accepted = next((a for a in state.agreements if a.status == "accepted"), None)
    draft = next((a for a in state.agreements if a.status == "draft"), None)
    return accepted, draft


def _published(state: PairState, now: dt.datetime) -> list[_Due]:
    lookback = dt.timedelta(days=conf.published_lookback_days())
    if state.status != "published" or not state.published_at:
        return []
    if state.published_at < now - lookback:
        return []
    return [
        _Due(Kind.PAIR_PUBLISHED, f"pair_published:{state.id}", state.published_at, _members(state))
    ]


def published_key(pair_id, user_id) -> str:
    return f"pair_published:{pair_id}:{user_id}"


def _agreement_pending(state: PairState, now: dt.datetime) -> list[_Due]:
    accepted, draft = _agreements(state)
    if accepted is not None and draft is None:
        return []
    if accepted is None:
        # The first agreement is written at the first meeting: count from its end.
        held = [m.ends_at for m in state.meetings if m.status == "held"]
        base = min(held) if held else None
    else:
        base = draft.created_at  # an amendment waits for acceptance
    if base is None:
        return []
    trigger = base + dt.timedelta(days=conf.agreement_after_days())
    if now < trigger:
        return []
    if draft is None:
        who = _members(state)
    else:
        who = tuple(
            p
            for p, accepted_at in (
                (state.mentor, draft.mentor_accepted_at),
                (state.actor, draft.actor_accepted_at),
            )
            if accepted_at is None
        )
    version = draft.version if draft else 1
    return [_Due(Kind.AGREEMENT_PENDING, f"agreement:{state.id}:v{version}", trigger, who)]


def _upcoming(state: PairState, now: dt.datetime) -> list[_Due]:
    days = conf.upcoming_working_days_before()
    out = []
    for m in state.meetings:
        if not m.booked or m.starts_at <= now:
            continue
        trigger = working_day_start_before(m.starts_at.astimezone(HELSINKI).date(), days)
        if now < trigger:
            continue
        key = f"upcoming:{m.id}:{_ts(m.starts_at)}"
        out.append(
            _Due(Kind.UPCOMING_MEETING, key, trigger, _members(state), m.id, {}, m.starts_at)
        )
    return out


def _to_log(state: PairState, now: dt.datetime) -> list[_Due]:
    after = dt.timedelta(hours=conf.log_after_hours())
    oldest = now - dt.timedelta(days=conf.log_lookback_days())
    return [
        _Due(Kind.MEETING_TO_LOG, f"to_log:{m.id}", m.ends_at + after, _members(state), m.id)
        for m in state.meetings
        if m.booked and m.ends_at + after <= now and m.ends_at >= oldest
    ]


def _book_next(state: PairState, now: dt.datetime, supervisors: dict) -> list[_Due]:
    if any(m.booked and m.starts_at > now for m in state.meetings):
        return []
    # A past meeting still waiting for its log probably took place: count from it too.
    past = [
        m.starts_at
        for m in state.meetings
        if m.starts_at <= now and (m.status == "held" or m.booked)
    ]
    last = max(past) if past else state.published_at
    if last is None:
        return []
    accepted, _draft = _agreements(state)
    cadence = dt.timedelta(days=accepted.cadence_days if accepted else state.cadence_max_days)
    misses = (now - last) // cadence
    if misses < 1:
        return []
    n = min(misses, conf.book_max_repeats())
    payload = {"misses": n, "first": not past}
    out = [
        _Due(
            Kind.BOOK_NEXT,
            f"book:{state.id}:{_ts(last)}:{n}",
            last + n * cadence,
            _members(state),
            None,
            payload,
        )
    ]
    if misses >= 2:
        out.append(
            _Due(
                Kind.BOOK_NEXT_SUPERVISOR,
                f"book_sup:{state.id}:{_ts(last)}",
                last + 2 * cadence,
                _unit_supervisors(state, supervisors),
                None,
                {"misses": 2, "first": not past},
            )
        )
    return out


def _unit_supervisors(state: PairState, supervisors: dict) -> tuple:
    """The supervisors of the members' units (each once), never a member of the pair."""
    member_ids = {state.mentor.user_id, state.actor.user_id}
    seen, sups = set(), []
    for unit_id in state.unit_ids:
        for sup in supervisors.get(unit_id, ()):
            if sup.user_id not in seen and sup.user_id not in member_ids:
                seen.add(sup.user_id)
                sups.append(sup)
    return tuple(sups)


def _approvals(state: PairState, now: dt.datetime, supervisors: dict) -> list[_Due]:
    """A meeting time waiting for approval asks the supervisors (again after each move:
    ``times_moved`` is in the key); a decision tells both members. Neither is sent once the
    meeting has started, nor for decisions older than the lookback."""
    oldest = now - dt.timedelta(days=conf.decided_lookback_days())
    out = []
    for m in state.meetings:
        if m.status != "planned" or m.starts_at <= now:
            continue
        if m.approval == "pending" and state.approval_required:
            key = f"approval_waiting:{m.id}:{m.times_moved}"
            sups = _unit_supervisors(state, supervisors)
            out.append(_Due(Kind.APPROVAL_WAITING, key, now, sups, m.id, {}, m.starts_at))
            continue
        decided = m.approval in ("approved", "declined") and m.approval_at is not None
        if decided and oldest <= m.approval_at <= now:
            key = f"approval_decided:{m.id}:{m.approval}:{m.times_moved}"
            out.append(
                _Due(
                    Kind.APPROVAL_DECIDED,
                    key,
                    m.approval_at,
                    _members(state),
                    m.id,
                    {"decision": m.approval},
                    m.starts_at,
                )
            )
    return out


def _evaluation_due(state: PairState, now: dt.datetime) -> list[_Due]:
    accepted, _draft = _agreements(state)
    if accepted is None:
        return []
    held_evals = [
        m.starts_at for m in state.meetings if m.kind == "evaluation" and m.status == "held"
    ]
    last_eval = max(held_evals) if held_evals else None
    if last_eval is not None and last_eval >= accepted.created_at:
        return []  # this agreement has had its evaluation
    if any(
        m.kind == "evaluation" and m.booked and m.starts_at >= accepted.created_at
        for m in state.meetings
    ):
        return []  # booked already
    triggers = []
    planned = accepted.planned_meetings or state.programme_planned_meetings
    if planned:
        cycle = sorted(
            m.ends_at
            for m in state.meetings
            if m.status == "held"
            and m.kind != "evaluation"
            and (last_eval is None or m.starts_at > last_eval)
        )
        if len(cycle) >= planned:
            triggers.append(cycle[planned - 1])
    notice = accepted.evaluation_date - dt.timedelta(days=conf.evaluation_notice_days())
    triggers.append(dt.datetime.combine(notice, dt.time(conf.working_hours()[0]), tzinfo=HELSINKI))
    reached = [t for t in triggers if t <= now]
    if not reached:
        return []
    key = f"evaluation:{state.id}:{accepted.id}"
    return [_Due(Kind.EVALUATION_DUE, key, min(reached), _members(state))]


def _situations(state: PairState, now: dt.datetime, supervisors: dict) -> list[_Due]:
    if state.status not in Pair.RUNNING:
        return []
    return [
        *_published(state, now),
        *_agreement_pending(state, now),
        *_upcoming(state, now),
        *_to_log(state, now),
        *_book_next(state, now, supervisors),
        *_evaluation_due(state, now),
        *_approvals(state, now, supervisors),
    ]


def schedule(trigger_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """When a message whose situation arose at ``trigger_at`` may go out, seen at ``now``."""
    return next_working_moment(max(trigger_at, now))


def pair_candidates(
    state: PairState, now: dt.datetime, supervisors: dict | None = None
) -> list[Candidate]:
    """Every message due for this pair at ``now``, for recipients who want it."""
    out = []
    for due in _situations(state, now, supervisors or {}):
        due_at = schedule(due.trigger_at, now)
        if due.expires_at is not None and due_at >= due.expires_at:
            continue
        for person in due.recipients:
            if not person.active or not wants(person.muted, due.kind):
                continue
            out.append(
                Candidate(
                    kind=due.kind,
                    recipient_id=person.user_id,
                    dedupe_key=f"{due.key}:{person.user_id}",
                    due_at=due_at,
                    pair_id=state.id,
                    meeting_id=due.meeting_id,
                    payload=due.payload,
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


def attention_reasons(state: PairState, now: dt.datetime) -> list[str]:
    """Why a supervisor should look at this pair now (empty: all is well)."""
    reasons = {ATTENTION[d.kind] for d in _situations(state, now, {}) if d.kind in ATTENTION}
    return sorted(reasons)


def current_keys(state: PairState, now: dt.datetime, supervisors: dict | None = None) -> set:
    """Dedupe keys of every message the situation calls for at ``now``, whatever the
    recipients' preferences: a reminder whose key is not here is no longer needed."""
    return {
        f"{due.key}:{person.user_id}"
        for due in _situations(state, now, supervisors or {})
        for person in due.recipients
    }
