"""Builders of pair snapshots for the pure tests of the path and the reminders."""

import datetime as dt
import uuid

from mentoring.core.working_time import HELSINKI
from mentoring.path.snapshot import AgreementRow, MeetingRow, PairSnapshot, Person

MENTOR, ACTOR, SUPERVISOR = 1, 2, 3
UNIT = uuid.UUID(int=7)


def hki(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HELSINKI)


def meeting(
    start,
    *,
    minutes=60,
    kind="regular",
    status="planned",
    approval="not_needed",
    times_moved=0,
    approval_at=None,
    answered=(),
    id=None,  # noqa: A002 — the same meeting again, e.g. after a move
):
    return MeetingRow(
        id=id or uuid.uuid4(),
        kind=kind,
        status=status,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        approval=approval,
        times_moved=times_moved,
        approval_at=approval_at,
        answered=tuple(answered),
    )


def agreement(
    *,
    status="accepted",
    version=1,
    created=None,
    cadence=14,
    planned=3,
    evaluation_date=dt.date(2027, 6, 1),
    mentor_ok=None,
    actor_ok=None,
):
    created = created or hki(2026, 1, 1, 9)
    if status == "accepted":
        mentor_ok = mentor_ok or created
        actor_ok = actor_ok or created
    return AgreementRow(
        id=uuid.uuid4(),
        version=version,
        status=status,
        created_at=created,
        evaluation_date=evaluation_date,
        cadence_days=cadence,
        planned_meetings=planned,
        mentor_accepted_at=mentor_ok,
        actor_accepted_at=actor_ok,
    )


def pair(
    *,
    status="active",
    published=None,
    meetings=(),
    agreements=(),
    mentor_muted=(),
    actor_muted=(),
    actor_active=True,
    cadence_max=21,
    programme_planned=3,
    approval_required=False,
):
    return PairSnapshot(
        id=uuid.UUID(int=42),
        status=status,
        published_at=published or hki(2026, 1, 1, 9),
        mentor=Person(MENTOR, tuple(mentor_muted)),
        actor=Person(ACTOR, tuple(actor_muted), actor_active),
        unit_ids=(UNIT, UNIT),
        cadence_max_days=cadence_max,
        programme_planned_meetings=programme_planned,
        approval_required=approval_required,
        meetings=tuple(meetings),
        agreements=tuple(agreements),
    )


SUPERVISORS = {UNIT: [Person(SUPERVISOR)]}
