"""A small world for the authorization matrix: one programme in unit A with two pairs.

Pair ``pair`` is worker_a (mentor) with worker_a2 (actor): published, agreement accepted,
a held first meeting with private notes, a planned meeting and a held evaluation meeting.
Pair ``other_pair`` has two other workers of unit A. Unit B has worker_b and sup_b.
"""

import functools
from dataclasses import dataclass

from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme, SignUp
from tests import factories as f

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


def build_world(cast) -> World:
    programme = f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], name="Testiohjelma"
    )
    now = timezone.now()
    pair = f.PairFactory(
        programme=programme,
        active=True,
        published_at=now,
        mentor__user=cast.worker_a,
        mentor__experience_years=20,
        actor__user=cast.worker_a2,
    )
    agreement = f.AgreementFactory(
        pair=pair,
        accepted=True,
        accepted_at=now,
        moving_practice="Viestillä päivää ennen",
        confidentiality="Puhutut asiat jäävät meille",
        goals=["Lääkehoidon varmuus"],
    )
    meeting = functools.partial(f.MeetingFactory, pair=pair, place="Taukotila")
    first = meeting(
        first=True,
        held=True,
        held_minutes=55,
        days=-20,
        log__notes="SECRET-NOTE-TEXT",
        log__progress="SECRET-PROGRESS",
    )
    planned = meeting(days=5, proposed_by=cast.worker_a2)
    evaluation = meeting(evaluation=True, held=True, held_minutes=55, days=-1)

    other_pair = f.PairFactory(
        programme=programme,
        published=True,
        published_at=now,
        mentor__user__email="other.mentor@example.test",
        mentor__user__name="Olli Mentori",
        actor__user__email="other.actor@example.test",
        actor__user__name="Oona Aktori",
    )
    users = {
        "anon": None,
        "outsider": cast.outsider,
        "worker_b": cast.worker_b,
        "other_member": other_pair.mentor.user,
        "mentor": cast.worker_a,
        "actor": cast.worker_a2,
        "sup_b": cast.sup_b,
        "sup_a": cast.sup_a,
        "admin": cast.admin,
    }
    return World(
        cast=cast,
        programme=programme,
        mentor_signup=pair.mentor,
        actor_signup=pair.actor,
        pair=pair,
        other_pair=other_pair,
        agreement=agreement,
        goal=agreement.goals.get(),
        first_meeting=first,
        planned_meeting=planned,
        evaluation_meeting=evaluation,
        users=users,
    )
