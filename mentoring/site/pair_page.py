"""Reads for the pair page shell (the sections come from the other parts of the path)."""

from dataclasses import dataclass

from mentoring.pairs.access import PairAccess
from units.models import Membership


@dataclass(frozen=True)
class Person:
    """A pair member as the pair page shows them."""

    role: str  # "mentor" or "actor"
    name: str
    email: str
    phone: str
    job_title: str
    unit: str
    experience_years: int


def pair_people(*, access: PairAccess) -> dict:
    """Both members with their job titles (one query). ``me``/``other`` for a member's
    view; ``people`` (mentor first) for everyone."""
    pair = access.pair
    titles = {
        (m.user_id, m.unit_id): m.job_title
        for m in Membership.objects.filter(
            user_id__in=[pair.mentor.user_id, pair.actor.user_id],
            unit_id__in=[pair.mentor.unit_id, pair.actor.unit_id],
        ).only("user_id", "unit_id", "job_title")
    }
    people = {
        role: Person(
            role=role,
            name=signup.user.name,
            email=signup.user.email,
            phone=signup.user.phone,
            job_title=titles.get((signup.user_id, signup.unit_id), ""),
            unit=signup.unit.name,
            experience_years=signup.experience_years,
        )
        for role, signup in (("mentor", pair.mentor), ("actor", pair.actor))
    }
    context = {"people": [people["mentor"], people["actor"]]}
    if access.is_member:
        context["me"] = people[access.role]
        context["other"] = people["actor" if access.role == "mentor" else "mentor"]
    return context
