"""A snapshot of one pair: everything its place on the path depends on, as plain values.

Built by ``mentoring.path.selectors`` for many pairs in a fixed number of queries and read
by ``mentoring.path.state.assess``, which needs no database and no clock. Nothing here holds
what a pair wrote: the meeting place is the only free text, read only for the members'
own next step (``for_members``).
"""

import datetime as dt
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Person:
    user_id: int
    muted: tuple = ()  # reminder kinds the person turned off
    active: bool = True


@dataclass(frozen=True)
class MeetingRow:
    id: UUID
    kind: str  # first / regular / evaluation
    status: str  # planned / held (cancelled meetings are not in a snapshot)
    starts_at: dt.datetime
    ends_at: dt.datetime
    approval: str = "not_needed"
    times_moved: int = 0
    approval_at: dt.datetime | None = None  # when the supervisor approved or declined
    held_minutes: int | None = None
    place: str = ""
    answered: tuple = ()  # roles that have answered this evaluation meeting

    @property
    def time_stands(self) -> bool:
        """No approval needed, or approved."""
        return self.approval in ("not_needed", "approved")

    @property
    def held(self) -> bool:
        return self.status == "held"

    @property
    def booked(self) -> bool:
        """Planned and not declined: the pair keeps the time free (approved or not yet)."""
        return self.status == "planned" and self.approval != "declined"

    @property
    def loggable(self) -> bool:
        """Planned with a time that stands: no approval needed, or approved."""
        return self.status == "planned" and self.time_stands


@dataclass(frozen=True)
class AgreementRow:
    id: UUID
    version: int
    status: str  # draft / accepted (superseded versions are not in a snapshot)
    created_at: dt.datetime
    evaluation_date: dt.date
    cadence_days: int = 14
    planned_meetings: int | None = None
    mentor_accepted_at: dt.datetime | None = None
    actor_accepted_at: dt.datetime | None = None

    @property
    def accepted_at(self) -> dt.datetime | None:
        """When the second member accepted (None until both have)."""
        if self.mentor_accepted_at is None or self.actor_accepted_at is None:
            return None
        return max(self.mentor_accepted_at, self.actor_accepted_at)

    def accepted_by(self, role: str) -> bool:
        return (self.mentor_accepted_at if role == "mentor" else self.actor_accepted_at) is not None


@dataclass(frozen=True)
class PairSnapshot:
    id: UUID
    status: str  # draft / published / active / concluded
    published_at: dt.datetime | None
    mentor: Person
    actor: Person
    unit_ids: tuple = ()  # the mentor's and the actor's unit
    cadence_max_days: int = 21  # the programme's longest gap between meetings
    programme_planned_meetings: int | None = 3  # None when the programme runs until a date
    approval_required: bool = False  # the programme's meeting times need a supervisor's yes
    meetings: tuple[MeetingRow, ...] = ()
    agreements: tuple[AgreementRow, ...] = ()
    # Read for the members themselves: with the meeting places and who answered the
    # evaluations, so that their next steps can be told. Without them (a supervisor's page,
    # the reminder sweep), ``assess`` tells no steps.
    for_members: bool = True

    @property
    def members(self) -> tuple[Person, Person]:
        return (self.mentor, self.actor)

    def member(self, role: str) -> Person:
        return self.mentor if role == "mentor" else self.actor
