"""Score parts and the words that explain them."""

import numpy as np
import pytest
from django.utils import translation

from mentoring.matching import scoring
from mentoring.matching.engine import explainer_for
from mentoring.matching.pool import load_pool
from mentoring.matching.scoring import Weights


def _parts(pool, actor, mentor):
    a = pool.actor_index[actor.pk]
    j = pool.mentor_index[mentor.pk]
    return pool.parts([pool.actors[a]])[:, 0, j]


def test_experience_needs_a_clear_gap_and_has_diminishing_returns():
    gaps = np.array([-5, 0, 2, 3, 6, 10, 30])
    part = scoring.experience_part(gaps)
    assert list(part[:3]) == [0, 0, 0]
    assert part[3] == pytest.approx(0.6)
    steps = np.diff(part[3:])
    assert (steps > 0).all() and (np.diff(steps / np.diff(gaps[3:])) < 0).all()
    assert part[-1] < 1


@pytest.mark.django_db
def test_parts_of_a_pair(people):
    actor = people.actor(
        experience_years=2, shifts=["evening"], languages=["fi"], themes=["dementia-care", "ethics"]
    )
    mentor = people.mentor(
        experience_years=12,
        shifts=["day", "evening"],
        languages=["fi", "sv"],
        themes=["dementia-care", "documentation"],
    )
    rotating = people.mentor(experience_years=3, shifts=["rotating"], languages=["sv"])
    pool = load_pool(people.programme)
    themes, experience, shifts, unit, language = _parts(pool, actor, mentor)
    assert themes == pytest.approx(0.5)  # one of the two wishes
    assert experience == pytest.approx(1 - 0.4 * 0.8**7)
    assert shifts == 1.0 and language == 1.0
    assert unit == 0.0  # one unit only: the part does not count
    themes, experience, shifts, unit, language = _parts(pool, actor, rotating)
    assert (themes, experience, shifts, language) == (0.0, 0.0, 0.5, 0.0)


@pytest.mark.django_db
def test_same_unit_counts_where_the_programme_spans_units(people, cast):
    people.programme.units.add(cast.unit_b)
    actor = people.actor()
    near = people.mentor()
    far = people.mentor(unit=cast.unit_b)
    pool = load_pool(people.programme)
    assert _parts(pool, actor, near)[3] == 1.0
    assert _parts(pool, actor, far)[3] == 0.0


@pytest.mark.django_db
def test_reasons_in_plain_words(people):
    actor = people.actor(experience_years=2, shifts=["evening"], themes=["dementia-care"])
    mentor = people.mentor(
        name="Aino Virtanen", experience_years=12, shifts=["evening"], themes=["dementia-care"]
    )
    pool = load_pool(people.programme)
    with translation.override("en"):
        explainer = explainer_for(pool)
        e = explainer.explain(pool.actors[0], pool.mentors[0], _parts(pool, actor, mentor))
    assert e.summary == (
        "wants dementia care, which Aino offers; 12 vs 2 years in the field; "
        "both work evenings; both speak Finnish"
    )
    assert e.score == pytest.approx(round(sum(r.points for r in e.reasons), 1), abs=0.11)
    assert [r.part for r in e.reasons] == ["themes", "experience", "shifts", "language"]


@pytest.mark.django_db
def test_weak_points_are_said_too(people):
    people.actor(experience_years=10, shifts=["night"], languages=["sv"], themes=["career"])
    people.mentor(name="Bo Berg", experience_years=11, shifts=["day"], languages=["fi"])
    pool = load_pool(people.programme)
    with translation.override("en"):
        e = explainer_for(pool).explain(pool.actors[0], pool.mentors[0], np.zeros(5))
    texts = [r.text for r in e.reasons]
    assert texts == [
        "Bo offers none of the themes wanted",
        "11 vs 10 years in the field: not clearly more experienced",
        "no shift in common",
        "no language in common",
    ]
    assert e.summary == ""


def test_weights_are_applied():
    parts = np.ones((5, 2, 3))
    total = scoring.weigh(parts, Weights(themes=10, experience=0, shifts=1, unit=0, language=2))
    assert (total == 13).all()


def _one(themes) -> scoring.Features:
    """One person who differs only by their themes."""
    return scoring.Features(
        years=np.zeros(1),
        shifts=np.zeros((1, 3)),
        themes=themes,
        languages=np.zeros(1, dtype=np.uint64),
        units=np.zeros(1, dtype=int),
    )


def test_themes_beyond_64_columns_still_count():
    """Both ways of scoring (the parts, and the fast matrix) read every 64-theme word."""
    sets = scoring.bit_sets([[0, 70, 129], [70, 129, 5]], 130)
    assert sets.shape == (2, 3)
    actor, mentor = _one(sets[:1]), _one(sets[1:])
    parts = scoring.score_parts(actor, mentor, spans_units=False)
    assert parts[0].tolist() == [[2 / 3]]  # two of the three wanted themes are offered
    weights = Weights(themes=3, experience=0, shifts=0, unit=0, language=0)
    assert scoring.score_matrix(actor, mentor, weights, spans_units=False).tolist() == [[2.0]]


def _random_features(rng, k, *, mentors):
    themes = [rng.choice(12, size=rng.integers(0, 7), replace=False).tolist() for _ in range(k)]
    rotating = np.array([0.5, 0.5, 0.5])
    shifts = np.array(
        [rotating if rng.random() < 0.2 else rng.integers(0, 2, 3).astype(float) for _ in range(k)]
    )
    return scoring.Features(
        years=rng.integers(3 if mentors else 0, 36 if mentors else 7, k).astype(float),
        shifts=shifts,
        themes=scoring.bit_sets(themes, 12),
        languages=rng.integers(0, 8, k).astype(np.uint64),
        units=rng.integers(0, 2, k),
    )


@pytest.mark.parametrize("seed", range(5))
def test_the_fast_score_matrix_equals_the_sum_of_the_rounded_parts(seed):
    rng = np.random.default_rng(seed)
    actors = _random_features(rng, 40, mentors=False)
    mentors = _random_features(rng, 15, mentors=True)
    weights = Weights(*rng.integers(0, 11, 5).tolist())
    for spans_units in (True, False):
        parts = scoring.score_parts(actors, mentors, spans_units=spans_units)
        fast = scoring.score_matrix(actors, mentors, weights, spans_units=spans_units)
        assert (fast == scoring.weigh(parts, weights)).all()
        steps = fast * scoring.STEPS
        assert (steps == np.rint(steps)).all()  # the solver's grid
        pairs = scoring.pair_parts(actors.take(np.arange(15)), mentors, spans_units=spans_units)
        assert np.array_equal(pairs, parts[:, np.arange(15), np.arange(15)])


def test_points_are_whole_and_a_half_goes_up():
    weights = Weights(themes=5, experience=3, shifts=3, unit=2, language=3)
    parts = np.array([0.5, 1 - 0.4 * 0.8**3, 0.5, 1.0, 0.0])  # half the themes, 6 years more
    assert scoring.points(parts, weights).tolist() == [3.0, 2.0, 2.0, 2.0, 0.0]
