"""From the database to the solver's Problem, on random small programmes (hypothesis).

Each example writes a programme with a few sign-ups (some withdrawn), live and concluded
pairs, must- and never-pair rules and proposed, locked and rejected suggestions; then
checks that ``suggest`` hands the solver exactly those constraints, worked out here from
the drawn data alone.
"""

from itertools import count

import numpy as np
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.accounts.models import User
from mentoring.matching.engine import UNMATCHED_REASONS, suggest
from mentoring.matching.models import PairRule, Suggestion
from mentoring.matching.pool import load_pool
from mentoring.matching.selectors import suggestions_board
from mentoring.matching.services import suggestions_run
from mentoring.pairs.models import Pair
from mentoring.programmes.models import SignUp
from tests import factories as f

pytestmark = pytest.mark.django_db
_emails = count()

LIVE = ["draft", "published", "active"]


@st.composite
def programmes(draw):
    n_actors = draw(st.integers(0, 4))
    n_mentors = draw(st.integers(0, 3))
    status = st.sampled_from(["active", "active", "active", "withdrawn"])
    actors = [draw(status) for _ in range(n_actors)]
    mentors = [(draw(status), draw(st.integers(1, 3))) for _ in range(n_mentors)]
    pairs, rules, suggestions = [], {}, []
    for a in range(n_actors):
        if n_mentors and draw(st.integers(0, 3)) == 0:
            pair_status = draw(st.sampled_from([*LIVE, "concluded"]))
            pairs.append((a, draw(st.integers(0, n_mentors - 1)), pair_status))
        has_must = False
        for j in range(n_mentors):
            kind = draw(st.sampled_from([None, None, None, "never", "must"]))
            if kind == "must" and has_must:  # one must-pair per actor
                kind = "never"
            if kind:
                rules[(a, j)] = kind
                has_must |= kind == "must"
            if draw(st.integers(0, 3)) == 0:
                suggestions.append((a, j, "rejected"))
        if n_mentors and draw(st.booleans()):  # at most one current suggestion
            current = draw(st.sampled_from(["proposed", "locked"]))
            suggestions.append((a, draw(st.integers(0, n_mentors - 1)), current))
    return actors, mentors, pairs, rules, suggestions


def _write(programme, unit, drawn):
    actors, mentors, pairs, rules, suggestions = drawn
    people = [("actor", s, None) for s in actors] + [("mentor", s, c) for s, c in mentors]
    users = User.objects.bulk_create(
        User(email=f"pool{next(_emails)}@example.test", name=f"P{k}") for k in range(len(people))
    )
    signups = SignUp.objects.bulk_create(
        SignUp(
            programme=programme,
            user=user,
            unit=unit,
            role=role,
            status=status,
            experience_years=1,
            capacity=capacity,
        )
        for user, (role, status, capacity) in zip(users, people, strict=True)
    )
    actor_ids = [s.pk for s in signups[: len(actors)]]
    mentor_ids = [s.pk for s in signups[len(actors) :]]
    slot = {}
    for a, j, status in pairs:
        slot[j] = slot.get(j, 0) + 1
        Pair.objects.create(
            programme=programme,
            actor_id=actor_ids[a],
            mentor_id=mentor_ids[j],
            mentor_slot=slot[j],
            status=status,
        )
    PairRule.objects.bulk_create(
        PairRule(programme=programme, actor_id=actor_ids[a], mentor_id=mentor_ids[j], kind=kind)
        for (a, j), kind in rules.items()
    )
    Suggestion.objects.bulk_create(
        Suggestion(programme=programme, actor_id=actor_ids[a], mentor_id=mentor_ids[j], status=s)
        for a, j, s in suggestions
    )
    return actor_ids, mentor_ids


def _expected(drawn, actor_ids, mentor_ids):
    """The constraints, by the ids of the sign-ups, from the drawn data alone."""
    actors, mentors, pairs, rules, suggestions = drawn
    has_pair = {a for a, _j, _s in pairs}
    free = {a for a, status in enumerate(actors) if status == "active" and a not in has_pair}
    here = {j for j, (status, _c) in enumerate(mentors) if status == "active"}
    live = [j for _a, j, status in pairs if status in LIVE]
    capacity = {mentor_ids[j]: max(mentors[j][1] - live.count(j), 0) for j in here}
    forbidden = {(a, j) for (a, j), kind in rules.items() if kind == "never"}
    forbidden |= {(a, j) for a, j, status in suggestions if status == "rejected"}
    must = {a: j for (a, j), kind in rules.items() if kind == "must"}
    locked = {a: j for a, j, status in suggestions if status == "locked"}
    return {
        "actors": {actor_ids[a] for a in free},
        "capacity": capacity,
        "forbidden": {
            (actor_ids[a], mentor_ids[j]) for a, j in forbidden if a in free and j in here
        },
        "must": {actor_ids[a]: mentor_ids[j] for a, j in must.items() if a in free and j in here},
        "must_unavailable": {actor_ids[a] for a, j in must.items() if a in free and j not in here},
        "keep": {actor_ids[a]: mentor_ids[j] for a, j in locked.items() if a in free and j in here},
    }


def _encoded(proposal):
    """The Problem the run solved, by the ids of the sign-ups."""
    p, actors, mentors = proposal.problem, proposal.actors, proposal.pool.mentors
    a_id = [x.id for x in actors]
    m_id = [x.id for x in mentors]
    assert p.shape == (len(actors), len(mentors)) == p.forbidden.shape
    assert np.all(p.score >= 0)
    return {
        "actors": set(a_id),
        "capacity": dict(zip(m_id, p.capacity.tolist(), strict=True)),
        "forbidden": {(a_id[a], m_id[j]) for a, j in zip(*np.nonzero(p.forbidden), strict=True)},
        "must": {a_id[a]: m_id[j] for a, j in p.must.items()},
        "must_unavailable": {a_id[a] for a in p.must_unavailable},
        "keep": {a_id[a]: m_id[j] for a, j in p.keep.items()},
    }


@pytest.fixture
def place(cast):
    return cast.organisation, cast.unit_a


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=programmes())
def test_the_problem_encodes_exactly_the_programmes_constraints(place, drawn):
    organisation, unit = place
    with transaction.atomic():
        programme = f.ProgrammeFactory(organisation=organisation, units=[unit])
        actor_ids, mentor_ids = _write(programme, unit, drawn)
        assert _encoded(suggest(programme)) == _expected(drawn, actor_ids, mentor_ids)
        transaction.set_rollback(True)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=programmes())
def test_after_a_run_the_board_gives_every_waiting_actor_the_runs_reason(place, cast, drawn):
    organisation, unit = place
    with transaction.atomic():
        programme = f.ProgrammeFactory(organisation=organisation, units=[unit])
        _write(programme, unit, drawn)
        proposal = suggestions_run(programme=programme, by=cast.sup_a)
        run = {p.id: str(UNMATCHED_REASONS[reason]) for p, reason in proposal.unmatched}
        board = suggestions_board(pool=load_pool(programme))
        assert {p.id: reason for p, reason in board.unmatched} == run
        transaction.set_rollback(True)
