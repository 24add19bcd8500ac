"""A published pair in unit A (mentor worker_a, actor worker_a2), and the terms of an
agreement as the form gives them to the services. Agreements made without the services:
``f.AgreementFactory``."""

import datetime as dt

import pytest
from django.utils import timezone

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


@pytest.fixture
def programme(cast):
    return f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], name="Kevään mentorointi"
    )


@pytest.fixture
def pair(cast, programme):
    made = f.PairFactory(
        programme=programme,
        published=True,
        mentor__user=cast.worker_a,
        actor__user=cast.worker_a2,
    )
    return Pair.objects.select_related(
        "programme", "mentor__user", "actor__user", "mentor__unit", "actor__unit"
    ).get(pk=made.pk)
