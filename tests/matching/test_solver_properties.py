"""The solver against a brute force, on random small programmes (hypothesis).

Objective (see mentoring/matching/solver.py): as many pairs as the rules allow, then the
highest total score. Must-pairs take their mentor's places first.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.matching import solver
from mentoring.matching.solver import Problem, solve, solve_greedy


@st.composite
def problems(draw):
    n = draw(st.integers(0, 6))
    m = draw(st.integers(0, 4))
    capacity = np.array(draw(st.lists(st.integers(1, 3), min_size=m, max_size=m)), dtype=int)
    if m and draw(st.booleans()):  # some places already taken by live pairs
        capacity = capacity - np.array(
            draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)), dtype=int
        ).clip(0, capacity)
    # Few distinct values, so that ties are common.
    values = st.sampled_from([0.0, 0.5, 1.0, 2.5, 3.0, 7.25, 10.0])
    score = np.array(
        draw(st.lists(st.lists(values, min_size=m, max_size=m), min_size=n, max_size=n)),
        dtype=float,
    ).reshape(n, m)
    forbidden = np.array(
        draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n)),
        dtype=bool,
    ).reshape(n, m)
    must = {}
    if m:
        for a in range(n):
            if draw(st.integers(0, 4)) == 0:
                j = draw(st.integers(0, m - 1))
                must[a] = j
                forbidden[a, j] = False  # a rule is either must or never, not both
    return Problem(score=score, capacity=capacity, forbidden=forbidden, must=must)


def brute_force(p: Problem) -> tuple[int, float]:
    """Best (pairs, total score) over every assignment that keeps the rules."""
    n, m = p.shape
    musts_of = [sum(1 for j in p.must.values() if j == k) for k in range(m)]
    need = [min(int(p.capacity[k]), musts_of[k]) for k in range(m)]
    best = (-1, -1.0)

    def walk(a, used, made, count, total):
        nonlocal best
        if a == n:
            if made == need and (count, total) > (best[0], best[1] + 1e-9):
                best = (count, total)
            return
        walk(a + 1, used, made, count, total)  # unpaired
        options = [p.must[a]] if a in p.must else range(m)
        for j in options:
            if used[j] >= p.capacity[j] or (a not in p.must and p.forbidden[a, j]):
                continue
            used[j] += 1
            if a in p.must:
                made[j] += 1
            walk(a + 1, used, made, count + 1, total + p.score[a, j])
            used[j] -= 1
            if a in p.must:
                made[j] -= 1

    walk(0, [0] * m, [0] * m, 0, 0.0)
    return best


def assert_keeps_rules(p: Problem, s: solver.Solution) -> None:
    n, m = p.shape
    used = np.bincount(s.mentor_of[s.mentor_of >= 0], minlength=m)
    assert (used <= np.maximum(p.capacity, 0)).all(), "a mentor is over capacity"
    for a, j in s.pairs():
        if a in p.must:
            assert j == p.must[a], "a must-pair actor went to another mentor"
        else:
            assert not p.forbidden[a, j], "a forbidden pair was made"
    for j in range(m):
        musts = sum(1 for k in p.must.values() if k == j)
        made = sum(1 for a, k in p.must.items() if s.mentor_of[a] == k == j)
        assert made == min(musts, max(int(p.capacity[j]), 0)), "a possible must-pair was not made"
    assert set(s.unmatched) == set(np.flatnonzero(s.mentor_of < 0).tolist())


@settings(max_examples=300, deadline=None)
@given(problems())
def test_solver_equals_brute_force_and_keeps_every_rule(p):
    s = solve(p)
    assert_keeps_rules(p, s)
    count, total = brute_force(p)
    assert s.count == count
    assert s.total(p.score) == pytest.approx(total, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(problems())
def test_solver_is_never_worse_than_greedy(p):
    s, g = solve(p), solve_greedy(p)
    assert_keeps_rules(p, g)
    assert s.count >= g.count
    if s.count == g.count:
        assert s.total(p.score) >= g.total(p.score) - 1e-9


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
