"""A small world for the authorization matrix: one programme in unit A with two pairs.

Pair ``pair`` is worker_a (mentor) with worker_a2 (actor): published, agreement accepted,
a held first meeting with private notes, a planned meeting and a held evaluation meeting.
Pair ``other_pair`` has two other workers of unit A. Unit B has worker_b and sup_b.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme, SignUp
from tests import factories as f
from units.models import Membership

MEMBERS = [
    "anon",
    "outsider",
    "worker_b",
    "other_member",
    "mentor",
    "actor",
    "sup_b",
    "sup_a",
    "admin",
]


@dataclass
class World:
    cast: object
    programme: Programme
    mentor_signup: SignUp
    actor_signup: SignUp
    pair: Pair
    other_pair: Pair
    agreement: Agreement
    goal: Goal
    first_meeting: Meeting
    planned_meeting: Meeting
    evaluation_meeting: Meeting
    users: dict

    def user(self, who: str):
        return self.users.get(who)


def _meeting(pair, kind, status, days, by):
    start = timezone.now() + dt.timedelta(days=days)
    return Meeting.objects.create(
        pair=pair,
        kind=kind,
        status=status,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=60),
        place="Taukotila",
        proposed_by=by,
        held_minutes=55 if status == Meeting.Status.HELD else None,
        logged_at=timezone.now() if status == Meeting.Status.HELD else None,
    )


def build_world(cast) -> World:
    programme = f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], name="Testiohjelma"
    )
    mentor_s = f.SignUpFactory(
        programme=programme,
        user=cast.worker_a,
        unit=cast.unit_a,
        role="mentor",
        experience_years=20,
    )
    actor_s = f.SignUpFactory(programme=programme, user=cast.worker_a2, unit=cast.unit_a)
    now = timezone.now()
    pair = Pair.objects.create(
        programme=programme,
        mentor=mentor_s,
        actor=actor_s,
        mentor_slot=1,
        status=Pair.Status.ACTIVE,
        published_at=now,
        activated_at=now,
    )
    agreement = Agreement.objects.create(
        pair=pair,
        version=1,
        status=Agreement.Status.ACCEPTED,
        moving_practice="Viestillä päivää ennen",
        confidentiality="Puhutut asiat jäävät meille",
        evaluation_date=timezone.localdate() + dt.timedelta(days=60),
        planned_meetings=3,
        mentor_accepted_at=now,
        actor_accepted_at=now,
    )
    goal = Goal.objects.create(agreement=agreement, text="Lääkehoidon varmuus", position=1)
    first = _meeting(pair, Meeting.Kind.FIRST, Meeting.Status.HELD, -20, cast.worker_a)
    MeetingLog.objects.create(
        meeting=first,
        notes="SECRET-NOTE-TEXT",
        progress="SECRET-PROGRESS",
        written_by=cast.worker_a,
    )
    planned = _meeting(pair, Meeting.Kind.REGULAR, Meeting.Status.PLANNED, 5, cast.worker_a2)
    evaluation = _meeting(pair, Meeting.Kind.EVALUATION, Meeting.Status.HELD, -1, cast.worker_a)

    other_m = f.UserFactory(email="other.mentor@example.test", name="Olli Mentori")
    other_a = f.UserFactory(email="other.actor@example.test", name="Oona Aktori")
    for user in (other_m, other_a):
        f.MembershipFactory(user=user, unit=cast.unit_a, role=Membership.Role.WORKER)
    om = f.SignUpFactory(programme=programme, user=other_m, unit=cast.unit_a, role="mentor")
    oa = f.SignUpFactory(programme=programme, user=other_a, unit=cast.unit_a)
    other_pair = Pair.objects.create(
        programme=programme,
        mentor=om,
        actor=oa,
        mentor_slot=1,
        status=Pair.Status.PUBLISHED,
        published_at=now,
    )
    users = {
        "anon": None,
        "outsider": cast.outsider,
        "worker_b": cast.worker_b,
        "other_member": other_m,
        "mentor": cast.worker_a,
        "actor": cast.worker_a2,
        "sup_b": cast.sup_b,
        "sup_a": cast.sup_a,
        "admin": cast.admin,
    }
    return World(
        cast=cast,
        programme=programme,
        mentor_signup=mentor_s,
        actor_signup=actor_s,
        pair=pair,
        other_pair=other_pair,
        agreement=agreement,
        goal=goal,
        first_meeting=first,
        planned_meeting=planned,
        evaluation_meeting=evaluation,
        users=users,
    )
