"""Reads for the reminders: what a send task needs (a constant number of queries per batch,
whatever the batch size), supervisors by unit, and a user's preferences. Snapshots of pairs
come from ``mentoring.path.selectors``."""

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from mentoring.meetings.models import MeetingChange
from mentoring.pairs.models import Pair
from mentoring.path.kinds import TO_SUPERVISORS, Kind
from mentoring.path.selectors import snapshots
from mentoring.path.snapshot import Person
from units.access import supervisor_memberships
from units.models import Membership

from .kinds import (
    ESSENTIAL,
    OPTIONAL_FOR_MEMBERS,
    OPTIONAL_FOR_SUPERVISORS,
)
from .models import Reminder


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
    changes: dict = field(default_factory=dict)  # meeting id → its MeetingChanges, oldest first


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
        recipients = {r.recipient_id for r in digests}
        for user_id, unit_id in supervisor_memberships(user_ids=recipients).values_list(
            "user_id", "unit_id"
        ):
            supervised[user_id].add(unit_id)
        batch.supervised = dict(supervised)
    if pair_ids | listed:
        batch.pairs = Pair.objects.select_related(
            "programme", "mentor__user", "mentor__unit", "actor__user", "actor__unit"
        ).in_bulk(list(pair_ids | listed))
    if not pair_ids:
        return batch
    batch.states = snapshots(pair_ids=pair_ids)
    kinds = {r.kind for r in batch.reminders.values()}
    if Kind.PAIR_PUBLISHED in kinds:
        users = {p.mentor.user_id for p in batch.pairs.values()}
        users |= {p.actor.user_id for p in batch.pairs.values()}
        for user_id, unit_id, title in Membership.objects.filter(user_id__in=users).values_list(
            "user_id", "unit_id", "job_title"
        ):
            batch.titles[(user_id, unit_id)] = title
    if kinds & (TO_SUPERVISORS | {Kind.UNIT_MEETING_CANCELLED}):
        units = {u for state in batch.states.values() for u in state.unit_ids}
        batch.supervisors = supervisors_by_unit(unit_ids=units)
    if Kind.MEETING_CHANGED in kinds:
        meeting_ids = {r.meeting_id for r in batch.reminders.values() if r.meeting_id}
        changes = defaultdict(list)
        for change in MeetingChange.objects.filter(meeting_id__in=meeting_ids).order_by(
            "created_at", "pk"
        ):
            changes[change.meeting_id].append(change)
        batch.changes = dict(changes)
    return batch


def supervisors_by_unit(*, unit_ids=None) -> dict:
    """unit id → [Person] of its supervisors (of every unit, or of ``unit_ids``): one query."""
    qs = supervisor_memberships(unit_ids=unit_ids).order_by("user_id")
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


def reminders_of_person(*, user) -> list[Reminder]:
    """The reminder rows addressed to the person (sent, waiting or not sent): one query."""
    return list(Reminder.objects.filter(recipient=user).order_by("due_at", "pk"))
