"""The solver against a brute force, on random small programmes (hypothesis).

The brute force is written from the specification, not from the solver's steps. A valid
set of pairs:

- gives no mentor more actors than their places (``capacity``);
- makes no forbidden pair (never-pair or rejected);
- pairs an actor with a must-pair only with that mentor, and makes as many of each
  mentor's must-pairs as the mentor has places;
- never pairs an actor whose must-mentor has withdrawn (``must_unavailable``);
- keeps as many of each mentor's allowed locked pairs as the places left after the
  must-pairs allow (a lock is allowed when the pair is not forbidden and the actor has no
  must-pair rule).

Among valid sets, the best has the most pairs, then the highest total score.
"""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.matching import solver
from mentoring.matching.solver import Problem, solve, solve_greedy

# Few distinct values, so that ties are common.
FEW_VALUES = st.sampled_from([0.0, 0.5, 1.0, 2.5, 3.0, 7.25, 10.0])
TENTHS = st.integers(0, 160).map(lambda t: t / 10)  # a finer grid than the scoring's
OFF_GRID = st.floats(0, 16, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw, values=FEW_VALUES):
    n = draw(st.integers(0, 6))
    m = draw(st.integers(0, 4))
    capacity = np.array(draw(st.lists(st.integers(1, 3), min_size=m, max_size=m)), dtype=int)
    if m and draw(st.booleans()):  # some places already taken by live pairs
        capacity = capacity - np.array(
            draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)), dtype=int
        ).clip(0, capacity)
    score = np.array(
        draw(st.lists(st.lists(values, min_size=m, max_size=m), min_size=n, max_size=n)),
        dtype=float,
    ).reshape(n, m)
    forbidden = np.array(
        draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n)),
        dtype=bool,
    ).reshape(n, m)
    must, keep, unavailable = {}, {}, set()
    for a in range(n):
        roll = draw(st.integers(0, 9))
        if m and roll <= 1:
            j = draw(st.integers(0, m - 1))
            must[a] = j
            forbidden[a, j] = False  # a rule is either must or never, not both
        elif roll == 2:
            unavailable.add(a)  # the must-mentor has withdrawn
        if m and draw(st.integers(0, 2)) == 0:  # locked, possibly since forbidden or full
            keep[a] = draw(st.integers(0, m - 1))
    return Problem(
        score=score,
        capacity=capacity,
        forbidden=forbidden,
        must=must,
        keep=keep,
        must_unavailable=unavailable,
    )


def _quotas(p: Problem) -> tuple[list[int], list[int], dict[int, int]]:
    """Per mentor: must-pairs to make, locks to keep; and the allowed locks."""
    _n, m = p.shape
    places = [max(int(c), 0) for c in p.capacity]
    musts = Counter(p.must.values())
    must_made = [min(places[j], musts[j]) for j in range(m)]
    locks = {
        a: j
        for a, j in p.keep.items()
        if a not in p.must and a not in p.must_unavailable and not p.forbidden[a, j]
    }
    per_mentor = Counter(locks.values())
    kept = [min(places[j] - must_made[j], per_mentor[j]) for j in range(m)]
    return must_made, kept, locks


def brute_force(p: Problem) -> tuple[int, float]:
    """Best (pairs, total score) over every valid set of pairs, by enumeration."""
    n, m = p.shape
    places = [max(int(c), 0) for c in p.capacity]
    must_made, kept, locks = _quotas(p)

    def options(a):
        if a in p.must_unavailable:
            return []
        if a in p.must:
            return [p.must[a]]
        return [j for j in range(m) if not p.forbidden[a, j]]

    choices = [options(a) for a in range(n)]
    best = (-1, -np.inf)
    used = [0] * m
    musts = [0] * m
    held = [0] * m

    def walk(a, count, total):
        nonlocal best
        if a == n:
            if musts == must_made and held == kept:
                key = (count, round(total, 9))
                if key > (best[0], round(best[1], 9)):
                    best = (count, total)
            return
        walk(a + 1, count, total)  # no mentor
        for j in choices[a]:
            if used[j] == places[j]:
                continue
            is_must, is_lock = a in p.must, locks.get(a) == j
            used[j] += 1
            musts[j] += is_must
            held[j] += is_lock
            walk(a + 1, count + 1, total + p.score[a, j])
            used[j] -= 1
            musts[j] -= is_must
            held[j] -= is_lock

    walk(0, 0, 0.0)
    return best


REASONS = {
    solver.NO_MENTORS,
    solver.NO_CAPACITY,
    solver.ONLY_FORBIDDEN,
    solver.CAPACITY_TAKEN,
    solver.MUST_FULL,
    solver.MUST_UNAVAILABLE,
}


def assert_keeps_rules(p: Problem, s: solver.Solution) -> None:
    """Every rule of the specification, checked on the solution itself."""
    n, m = p.shape
    must_made, kept, locks = _quotas(p)
    used = np.bincount(s.mentor_of[s.mentor_of >= 0], minlength=m)
    assert (used <= np.maximum(p.capacity, 0)).all(), "a mentor is over capacity"
    for a, j in s.pairs():
        assert not p.forbidden[a, j], "a forbidden pair was made"
        assert a not in p.must_unavailable, "an actor whose must-mentor withdrew was paired"
        if a in p.must:
            assert j == p.must[a], "a must-pair actor went to another mentor"
    for j in range(m):
        made = sum(1 for a, k in p.must.items() if k == j and s.mentor_of[a] == j)
        assert made == must_made[j], "a possible must-pair was not made"
        held = sum(1 for a, k in locks.items() if k == j and s.mentor_of[a] == j)
        assert held == kept[j], "a lock that fits was not kept"
    unpaired = set(np.flatnonzero(s.mentor_of < 0).tolist())
    assert set(s.unmatched) == unpaired and set(s.unmatched.values()) <= REASONS
    for a in p.must_unavailable:
        assert s.unmatched[a] == solver.MUST_UNAVAILABLE
    # A lock is either kept (the actor has that mentor) or reported as dropped.
    assert set(s.dropped) == {a for a, j in p.keep.items() if s.mentor_of[a] != j}
    for a, reason in s.dropped.items():
        j = p.keep[a]
        if (a in p.must and p.must[a] != j) or a in p.must_unavailable:
            assert reason == solver.LOCK_MUST
        elif p.forbidden[a, j]:
            assert reason == solver.LOCK_FORBIDDEN
        else:
            assert reason == solver.LOCK_FULL and used[j] == max(p.capacity[j], 0)


@settings(max_examples=400, deadline=None)
@given(problems())
def test_solver_equals_brute_force_and_keeps_every_rule(p):
    s = solve(p)
    assert_keeps_rules(p, s)
    count, total = brute_force(p)
    assert s.count == count
    assert s.total(p.score) == pytest.approx(total, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(st.one_of(problems(values=TENTHS), problems(values=OFF_GRID)))
def test_whole_units_keep_the_optimum_on_the_scoring_grid_and_off_it(p):
    """Scores in tenths are solved as whole numbers; scores on no grid as they are."""
    s = solve(p)
    assert_keeps_rules(p, s)
    count, total = brute_force(p)
    assert s.count == count
    assert s.total(p.score) == pytest.approx(total, abs=1e-6)


def test_whole_units_take_the_coarsest_grid_the_scores_lie_on():
    assert solver.whole_units(np.array([[1.0, 12.0]])).tolist() == [[1.0, 12.0]]
    assert solver.whole_units(np.array([[0.1, 12.3]])).tolist() == [[1.0, 123.0]]
    assert solver.whole_units(np.array([[7.25, 0.3]])).tolist() == [[725.0, 30.0]]
    off = np.array([[1 / 3, 2.0]])
    assert solver.whole_units(off) is off


@settings(max_examples=300, deadline=None)
@given(problems())
def test_solver_is_never_worse_than_greedy(p):
    s, g = solve(p), solve_greedy(p)
    assert_keeps_rules(p, g)
    assert s.count >= g.count
    if s.count == g.count:
        assert s.total(p.score) >= g.total(p.score) - 1e-9


def test_the_brute_force_is_not_the_solver():
    """Where several locks want one place, the lock that leaves the best whole set wins."""
    # Mentor 0 has one place and two locks; actor 0 also fits mentor 1, actor 1 fits nobody else.
    p = Problem(
        score=np.array([[5.0, 4.0], [1.0, 0.0]]),
        capacity=np.array([1, 1]),
        forbidden=np.array([[False, False], [False, True]]),
        keep={0: 0, 1: 0},
    )
    assert brute_force(p) == (2, 5.0)
    s = solve(p)
    assert s.pairs() == [(0, 1), (1, 0)] and s.dropped == {0: solver.LOCK_FULL}


def test_greedy_can_be_worse():
    """Greedy takes the best-looking pair first and strands another actor."""
    p = Problem(
        score=np.array([[10.0, 9.0], [8.0, 0.0]]),
        capacity=np.array([1, 1]),
        forbidden=np.array([[False, False], [False, True]]),
    )
    assert solve(p).pairs() == [(0, 1), (1, 0)]
    assert solve_greedy(p).pairs() == [(0, 0)]


def _p(score, capacity, forbidden=None, **rules):
    score = np.array(score, dtype=float)
    forbidden = np.zeros(score.shape, bool) if forbidden is None else np.array(forbidden)
    return Problem(score=score, capacity=np.array(capacity), forbidden=forbidden, **rules)


def test_unmatched_reasons():
    assert solve(_p(np.zeros((1, 0)), [])).unmatched == {0: solver.NO_MENTORS}
    assert solve(_p([[1.0]], [0])).unmatched == {0: solver.NO_CAPACITY}
    assert solve(_p([[1.0, 1.0]], [0, 1], [[False, True]])).unmatched == {0: solver.ONLY_FORBIDDEN}
    assert solve(_p([[5.0], [1.0]], [1])).unmatched == {1: solver.CAPACITY_TAKEN}
    full_must = solve(_p([[1.0], [5.0]], [1], must={0: 0, 1: 0}))
    assert full_must.pairs() == [(1, 0)] and full_must.unmatched == {0: solver.MUST_FULL}


def test_locked_pairs_are_kept_when_possible():
    p = _p([[1.0, 9.0], [9.0, 1.0]], [1, 1], keep={0: 0})
    s = solve(p)
    assert s.pairs() == [(0, 0), (1, 1)] and s.fixed == {0: "keep"}
    # A lock on a pair that has since been forbidden is dropped, not forced.
    p = _p([[1.0, 9.0], [9.0, 1.0]], [1, 1], [[True, False], [False, False]], keep={0: 0})
    s = solve(p)
    assert s.pairs() == [(0, 1), (1, 0)] and s.dropped == {0: solver.LOCK_FORBIDDEN}
    # A must-pair takes the locked mentor's only place; a must-pair elsewhere beats a lock.
    s = solve(_p([[1.0, 1.0], [1.0, 1.0]], [1, 1], must={1: 0}, keep={0: 0}))
    assert s.dropped == {0: solver.LOCK_FULL}
    s = solve(_p([[1.0, 1.0]], [1, 1], must={0: 1}, keep={0: 0}))
    assert s.pairs() == [(0, 1)] and s.dropped == {0: solver.LOCK_MUST}
