"""Text lengths (mentoring.core.limits): every form with a free text refuses one character too
many with a message in the user's language and changes nothing; the model and the database
refuse it too, whatever the path."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.agreements.models import Agreement
from mentoring.core.limits import (
    DESCRIPTION_LENGTH,
    ERROR_TEXT_LENGTH,
    NOTE_LENGTH,
    SIGNUP_TEXT_LENGTH,
)
from mentoring.evaluations.models import BENEFIT_KEYS, Evaluation
from mentoring.meetings.models import MeetingLog
from mentoring.programmes.models import Programme, SignUp
from mentoring.reminders.models import Reminder
from tests import factories as f
from tests.authz.world import build_world
from tests.programmes.conftest import post_data

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    who: str
    url: Callable  # world → URL
    data: Callable  # world → a valid POST
    field: str
    limit: int


def _signup(w):
    """A sign-up of unit A not yet in a pair (so it may still change)."""
    if not hasattr(w, "free_signup"):
        w.free_signup = f.SignUpFactory(programme=w.programme, unit=w.cast.unit_a)
    return w.free_signup


def _agreement_post(w):
    return {
        "cadence_days": "14",
        "usual_place": "Taukotila",
        "usual_time": "",
        "moving_practice": "Viestillä",
        "confidentiality": "Jää meille",
        "planned_meetings": "3",
        "evaluation_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "revision": "0",
        "goal_1": "Lääkehoidon varmuus",
    }


def _evaluation_post(w):
    return {
        **{key: "4" for key in BENEFIT_KEYS},
        f"goal_{w.goal.pk}": "reached",
        "decision": "continue",
        "own_work": "",
        "unit_work": "",
        "new_goals": "Uusi tavoite",
    }


CASES = {
    "programme create: description": Case(
        "sup_a",
        lambda w: reverse("programmes:create"),
        lambda w: post_data([w.cast.unit_a]),
        "description",
        DESCRIPTION_LENGTH,
    ),
    "programme edit: description": Case(
        "sup_a",
        lambda w: reverse("programmes:edit", args=[w.programme.pk]),
        lambda w: post_data([w.cast.unit_a], starts_on=w.programme.starts_on),
        "description",
        DESCRIPTION_LENGTH,
    ),
    "sign-up: own words": Case(
        "sup_a",
        lambda w: reverse("programmes:signup_edit", args=[w.programme.pk, _signup(w).pk]),
        lambda w: {"role": "actor", "experience_years": "2", "shifts": ["day"]},
        "themes_text",
        SIGNUP_TEXT_LENGTH,
    ),
    "agreement: moving practice": Case(
        "worker_a",
        lambda w: reverse("agreements:edit", args=[w.pair.pk]),
        _agreement_post,
        "moving_practice",
        NOTE_LENGTH,
    ),
    "agreement: confidentiality": Case(
        "worker_a",
        lambda w: reverse("agreements:edit", args=[w.pair.pk]),
        _agreement_post,
        "confidentiality",
        NOTE_LENGTH,
    ),
    "meeting log: progress": Case(
        "worker_a",
        lambda w: reverse("meetings:log", args=[w.first_meeting.pk]),
        lambda w: {"minutes": "50"},
        "progress",
        NOTE_LENGTH,
    ),
    "meeting log: notes": Case(
        "worker_a",
        lambda w: reverse("meetings:log", args=[w.first_meeting.pk]),
        lambda w: {"minutes": "50"},
        "notes",
        NOTE_LENGTH,
    ),
    "evaluation: own work": Case(
        "worker_a",
        lambda w: reverse("evaluations:answer", args=[w.evaluation_meeting.pk]),
        _evaluation_post,
        "own_work",
        NOTE_LENGTH,
    ),
    "evaluation: unit work": Case(
        "worker_a",
        lambda w: reverse("evaluations:answer", args=[w.evaluation_meeting.pk]),
        _evaluation_post,
        "unit_work",
        NOTE_LENGTH,
    ),
}


def _too_long_in_finnish(limit: int) -> str:
    with translation.override("fi"):
        try:
            MaxLengthValidator(limit)("x" * (limit + 1))
        except ValidationError as error:
            return error.messages[0]
    raise AssertionError("not refused")


def _state():
    """Everything a refused post could have changed."""
    return (
        sorted(Programme.objects.values_list("id", "name", "description", "ends_on")),
        sorted(SignUp.objects.values_list("id", "themes_text", "experience_years")),
        sorted(Agreement.objects.values_list("id", "revision", "moving_practice")),
        sorted(MeetingLog.objects.values_list("id", "progress", "notes", "updated_at")),
        Evaluation.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_text_one_character_too_long_is_refused_by_the_form(name, cast):
    world = build_world(cast)
    case = CASES[name]
    url, data = case.url(world), case.data(world)
    client = cast.client(case.who)
    before = _state()
    response = client.post(
        url, {**data, case.field: "x" * (case.limit + 1)}, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert response.status_code == 200, response.status_code
    errors = response.context["form"].errors
    assert errors.get(case.field) == [_too_long_in_finnish(case.limit)], errors
    assert _state() == before
    # At the limit exactly, the same post goes through.
    response = client.post(url, {**data, case.field: "x" * case.limit})
    assert response.status_code == 302, response.context["form"].errors
    assert _state() != before


def test_the_new_goals_box_is_bounded_as_a_whole(cast):
    world = build_world(cast)
    client = cast.client("worker_a")
    url = reverse("evaluations:answer", args=[world.evaluation_meeting.pk])
    response = client.post(url, {**_evaluation_post(world), "new_goals": "x\n" * 5000})
    assert response.context["form"].errors.get("new_goals")
    assert Evaluation.objects.count() == 0


# --- the model and the database --------------------------------------------------------------


def _reminder():
    return Reminder.objects.create(
        kind="upcoming_meeting",
        recipient=f.UserFactory(),
        dedupe_key="k",
        due_at=timezone.now(),
        next_try_at=timezone.now(),
    )


MODEL_CASES = [
    (f.MeetingLogFactory, "notes", NOTE_LENGTH),
    (f.MeetingLogFactory, "progress", NOTE_LENGTH),
    (f.AgreementFactory, "moving_practice", NOTE_LENGTH),
    (f.AgreementFactory, "confidentiality", NOTE_LENGTH),
    (f.ProgrammeFactory, "description", DESCRIPTION_LENGTH),
    (f.SignUpFactory, "themes_text", SIGNUP_TEXT_LENGTH),
    (f.EvaluationFactory, "own_work", NOTE_LENGTH),
    (f.EvaluationFactory, "unit_work", NOTE_LENGTH),
    (_reminder, "last_error", ERROR_TEXT_LENGTH),
]


@pytest.mark.parametrize(
    "make, field, limit", MODEL_CASES, ids=[f"{m.__name__}.{f}" for m, f, _ in MODEL_CASES]
)
def test_the_model_and_the_database_refuse_a_text_too_long(make, field, limit):
    row = make()
    setattr(row, field, "ä" * (limit + 1))  # characters, not bytes, are counted
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert any(f"{field}_length" in message for message in error.value.messages)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    setattr(row, field, "ä" * limit)
    row.save()
