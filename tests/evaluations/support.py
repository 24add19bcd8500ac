"""Test data for the evaluation tests."""

import datetime as dt

from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.evaluations.models import BENEFIT_KEYS, Evaluation
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.programmes.models import SignUp
from tests import factories as f


def answer(world, **overrides) -> dict:
    """Keyword arguments for evaluation_submit: a complete, valid answer for the world's pair."""
    data = {
        "meeting": world.evaluation_meeting,
        "ratings": dict.fromkeys(BENEFIT_KEYS, 4),
        "own_work": "FREE-TEXT-OWN-WORK",
        "unit_work": "FREE-TEXT-UNIT-WORK",
        "outcomes": {world.goal.pk: "reached"},
        "decision": "conclude",
        "new_goals": [],
    }
    data.update(overrides)
    return data


def post_data(world, **overrides) -> dict:
    """The same answer as the form posts it."""
    data = {
        **dict.fromkeys(BENEFIT_KEYS, "4"),
        "own_work": "FREE-TEXT-OWN-WORK",
        "unit_work": "FREE-TEXT-UNIT-WORK",
        f"goal_{world.goal.pk}": "reached",
        "decision": "conclude",
        "new_goals": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


_counter = iter(range(10**9))


def grow_programme(programme, unit, n: int, *, answered: int | None = None, rating: int = 4):
    """Add ``n`` active pairs to the programme, each with a held evaluation meeting of 60 min;
    ``answered`` of them (all by default) have both members' answers. Rows built by the
    factories and inserted in bulk: fast."""
    answered = n if answered is None else answered
    k = next(_counter)
    users = User.objects.bulk_create(
        f.UserFactory.build(email=f"grow{k}-{i}@example.test", name=f"Grow {k} {i}")
        for i in range(2 * n)
    )
    signups = SignUp.objects.bulk_create(
        f.SignUpFactory.build(
            programme=programme,
            user=user,
            unit=unit,
            role="mentor" if i % 2 == 0 else "actor",
            capacity=1 if i % 2 == 0 else None,
        )
        for i, user in enumerate(users)
    )
    now = timezone.now()
    pairs = Pair.objects.bulk_create(
        f.PairFactory.build(
            programme=programme,
            mentor=signups[2 * i],
            actor=signups[2 * i + 1],
            mentor_slot=1,
            active=True,
            published_at=now,
        )
        for i in range(n)
    )
    meetings = Meeting.objects.bulk_create(
        f.MeetingFactory.build(
            pair=pair, evaluation=True, held=True, starts_at=now - dt.timedelta(days=1)
        )
        for pair in pairs
    )
    Evaluation.objects.bulk_create(
        f.EvaluationFactory.build(
            meeting=meeting,
            author=signup.user,
            author_role=signup.role,
            rating=rating,
            own_work=f"FREE-TEXT-{k}-{i}",
            unit_work="FREE-TEXT-UNIT",
            new_goals=["FREE-TEXT-GOAL"],
            decision="continue",
        )
        for i, (pair, meeting) in enumerate(zip(pairs[:answered], meetings, strict=False))
        for signup in (pair.mentor, pair.actor)
    )
    return pairs
