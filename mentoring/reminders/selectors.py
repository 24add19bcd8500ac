"""Reads for the reminders: snapshots of pairs for the sweep (a constant number of queries
per batch, whatever the batch size), supervisors by unit, and a user's preferences."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID

from mentoring.agreements.models import Agreement
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from units.models import Membership

from .due import AgreementRow, MeetingRow, PairState, Person
from .kinds import (
    ESSENTIAL,
    OPTIONAL_FOR_MEMBERS,
    OPTIONAL_FOR_SUPERVISORS,
    TO_SUPERVISORS,
    Kind,
)
from .models import Reminder

_PAIR_FIELDS = (
    "id",
    "status",
    "published_at",
    "mentor__unit_id",
    "actor__unit_id",
    "mentor__user_id",
    "mentor__user__muted_reminders",
    "mentor__user__is_active",
    "actor__user_id",
    "actor__user__muted_reminders",
    "actor__user__is_active",
    "programme__cadence_max_days",
    "programme__length_mode",
    "programme__planned_meetings",
    "programme__approval_required",
)
_MEETING_FIELDS = (
    "pair_id",
    "id",
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "approval",
    "times_moved",
    "approval_at",
)
_AGREEMENT_FIELDS = (
    "pair_id",
    "id",
    "version",
    "status",
    "created_at",
    "evaluation_date",
    "cadence_days",
    "planned_meetings",
    "mentor_accepted_at",
    "actor_accepted_at",
)


def _states(rows: list[tuple]) -> list[PairState]:
    """Two queries: the meetings and the agreements of these pairs."""
    ids = [r[0] for r in rows]
    meetings = defaultdict(list)
    for pair_id, *rest in (
        Meeting.objects.filter(pair_id__in=ids, status__in=["planned", "held"])
        .order_by()
        .values_list(*_MEETING_FIELDS)
    ):
        meetings[pair_id].append(MeetingRow(*rest))
    agreements = defaultdict(list)
    for pair_id, *rest in (
        Agreement.objects.filter(pair_id__in=ids, status__in=["draft", "accepted"])
        .order_by()
        .values_list(*_AGREEMENT_FIELDS)
    ):
        agreements[pair_id].append(AgreementRow(*rest))
    states = []
    for (
        pair_id,
        status,
        published_at,
        mentor_unit,
        actor_unit,
        mentor_id,
        mentor_muted,
        mentor_active,
        actor_id,
        actor_muted,
        actor_active,
        cadence_max,
        length_mode,
        planned,
        approval_required,
    ) in rows:
        states.append(
            PairState(
                id=pair_id,
                status=status,
                published_at=published_at,
                mentor=Person(mentor_id, tuple(mentor_muted or ()), mentor_active),
                actor=Person(actor_id, tuple(actor_muted or ()), actor_active),
                unit_ids=(mentor_unit, actor_unit),
                cadence_max_days=cadence_max,
                programme_planned_meetings=planned if length_mode == "meetings" else None,
                approval_required=approval_required,
                meetings=tuple(meetings[pair_id]),
                agreements=tuple(agreements[pair_id]),
            )
        )
    return states


def live_pair_state_batches(*, batch_size: int) -> Iterator[list[PairState]]:
    """Every published or active pair, ``batch_size`` at a time: three queries per batch."""
    last = None
    while True:
        qs = Pair.objects.filter(status__in=Pair.RUNNING).order_by("id")
        if last is not None:
            qs = qs.filter(id__gt=last)
        rows = list(qs.values_list(*_PAIR_FIELDS)[:batch_size])
        if not rows:
            return
        last = rows[-1][0]
        yield _states(rows)
        if len(rows) < batch_size:
            return


def pair_states(*, pair_ids) -> dict:
    """pair id → PairState: three queries for any number of pairs."""
    rows = list(Pair.objects.filter(pk__in=list(pair_ids)).values_list(*_PAIR_FIELDS))
    return {state.id: state for state in _states(rows)} if rows else {}


@dataclass
class SendBatch:
    """Everything a send task needs for its reminders, read in a constant number of queries
    (not per message): the rows, their pairs as snapshots and as objects, job titles, and
    supervisors."""

    reminders: dict = field(default_factory=dict)
    states: dict = field(default_factory=dict)
    pairs: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)  # (user id, unit id) → job title
    supervisors: dict = field(default_factory=dict)
    supervised: dict = field(default_factory=dict)  # digest recipient → unit ids, as of now


def send_batch(*, ids: list[int]) -> SendBatch:
    batch = SendBatch()
    batch.reminders = Reminder.objects.select_related(
        "recipient", "meeting", "meeting__approval_by"
    ).in_bulk(ids)
    pair_ids = {r.pair_id for r in batch.reminders.values() if r.pair_id}
    digests = [r for r in batch.reminders.values() if r.kind == Kind.DIGEST]
    listed = {UUID(str(e["pair"])) for r in digests for e in r.payload.get("pairs", [])}
    if digests:
        supervised = defaultdict(set)
        for user_id, unit_id in Membership.objects.filter(
            user_id__in={r.recipient_id for r in digests}, role=Membership.Role.SUPERVISOR
        ).values_list("user_id", "unit_id"):
            supervised[user_id].add(unit_id)
        batch.supervised = dict(supervised)
    if pair_ids | listed:
        batch.pairs = Pair.objects.select_related(
            "programme", "mentor__user", "mentor__unit", "actor__user", "actor__unit"
        ).in_bulk(list(pair_ids | listed))
    if not pair_ids:
        return batch
    batch.states = pair_states(pair_ids=pair_ids)
    kinds = {r.kind for r in batch.reminders.values()}
    if Kind.PAIR_PUBLISHED in kinds:
        users = {p.mentor.user_id for p in batch.pairs.values()}
        users |= {p.actor.user_id for p in batch.pairs.values()}
        for user_id, unit_id, title in Membership.objects.filter(user_id__in=users).values_list(
            "user_id", "unit_id", "job_title"
        ):
            batch.titles[(user_id, unit_id)] = title
    if kinds & TO_SUPERVISORS:
        units = {u for state in batch.states.values() for u in state.unit_ids}
        batch.supervisors = supervisors_by_unit(unit_ids=units)
    return batch


def supervisors_by_unit(*, unit_ids=None) -> dict:
    """unit id → [Person] of its supervisors (of every unit, or of ``unit_ids``): one query."""
    qs = Membership.objects.filter(role=Membership.Role.SUPERVISOR).order_by("user_id")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    result = defaultdict(list)
    for unit_id, user_id, muted, active in qs.values_list(
        "unit_id", "user_id", "user__muted_reminders", "user__is_active"
    ):
        result[unit_id].append(Person(user_id, tuple(muted or ()), active))
    return dict(result)


def preference_kinds(*, roles) -> dict:
    """The kinds shown on a user's preferences page: essentials, and the optional ones that
    apply to them (supervisor kinds only for supervisors)."""
    optional = list(OPTIONAL_FOR_MEMBERS)
    if roles.is_supervisor:
        optional += list(OPTIONAL_FOR_SUPERVISORS)
    return {"essential": sorted(ESSENTIAL), "optional": optional}
