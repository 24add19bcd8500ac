"""A published pair in unit A (mentor worker_a, actor worker_a2) and helpers to give it
agreements without going through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from mentoring.agreements.services import AgreementTerms
from mentoring.pairs.models import Pair
from tests import factories as f


def terms(**changes) -> AgreementTerms:
    values = {
        "cadence_days": 14,
        "usual_place": "Taukotila",
        "usual_time": "Tiistaisin aamuvuoron jälkeen",
        "moving_practice": "Viesti viimeistään edellisenä päivänä",
        "confidentiality": "Puhutut asiat jäävät meidän välillemme",
        "planned_meetings": 3,
        "evaluation_date": timezone.localdate() + dt.timedelta(days=60),
    }
    values.update(changes)
    return AgreementTerms(**values)


def make_agreement(pair, *, version=1, status="accepted", goals=("Lääkehoito",), **fields):
    accepted = status != "draft"
    now = timezone.now()
    agreement = Agreement.objects.create(
        pair=pair,
        version=version,
        status=status,
        moving_practice=fields.pop("moving_practice", "Viestillä"),
        confidentiality=fields.pop("confidentiality", "Luottamuksellista"),
        evaluation_date=fields.pop("evaluation_date", timezone.localdate() + dt.timedelta(days=60)),
        mentor_accepted_at=now if accepted else None,
        actor_accepted_at=now if accepted else None,
        **fields,
    )
    Goal.objects.bulk_create(
        Goal(agreement=agreement, position=n, text=text) for n, text in enumerate(goals, 1)
    )
    return agreement


@pytest.fixture
def programme(cast):
    return f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], name="Kevään mentorointi"
    )


@pytest.fixture
def pair(cast, programme):
    mentor = f.SignUpFactory(
        programme=programme, user=cast.worker_a, unit=cast.unit_a, role="mentor"
    )
    actor = f.SignUpFactory(programme=programme, user=cast.worker_a2, unit=cast.unit_a)
    return Pair.objects.select_related(
        "programme", "mentor__user", "actor__user", "mentor__unit", "actor__unit"
    ).get(
        pk=Pair.objects.create(
            programme=programme,
            mentor=mentor,
            actor=actor,
            mentor_slot=1,
            status=Pair.Status.PUBLISHED,
            published_at=timezone.now(),
        ).pk
    )
