"""Choose the best set of pairs for a whole programme: an assignment problem.

The objective, in order: make the must-pairs and keep the locked pairs as far as the
mentors' places allow, pair as many actors as the rules allow, then make the total score as
high as possible. Steps:

1. Must-pairs are fixed first, while the mentor has a place (if more actors must go to one
   mentor than there are places, those who fit best get them: the others can go nowhere).
2. A locked pair that is no longer allowed (forbidden now, a must-pair names another
   mentor, the mentor has no place after the must-pairs) is dropped with a reason, so that
   the supervisor is told.
3. Everyone else, the other locks included, is solved at once as a linear assignment
   (``lap.lapjv``, Jonker–Volgenant): one column per free place of each mentor (a
   mentor with three places left is three equal columns). An allowed cell costs
   ``-(BIG + score)``, where BIG is larger than any total score, so one more pair always
   beats any gain in score; a locked pair's cell costs LOCK more, where LOCK is larger than
   any total of BIG + score, so one more kept lock beats anything else. (Where a mentor has
   fewer places than locks, the locks that leave the best whole set are kept; the others
   are dropped with a reason.) A forbidden cell costs 0, the same as staying unpaired, and
   is dropped afterwards. Because every partial matching can be completed with zero-cost
   cells, the optimum of this full assignment, less its forbidden cells, is the best
   partial matching; no dummy columns are needed.
   Scores are first scaled to whole numbers where they are whole, tenths or hundredths
   (the scoring counts in whole points, ``scoring.STEPS``): the solver is several times faster
   on whole numbers, and the optimum is the same because every total is then a whole
   number too, held exactly in a float (all costs stay far below 2**53). Scores on no such
   grid are solved as they are.
4. Each actor left without a mentor gets a reason (``unmatched_reasons``; the suggestions
   screen uses the same function for the suggestions as they stand).
"""

from dataclasses import dataclass, field

import lap
import numpy as np

NO_MENTORS = "no_mentors"
NO_CAPACITY = "no_capacity"
ONLY_FORBIDDEN = "only_forbidden"
CAPACITY_TAKEN = "capacity_taken"
MUST_FULL = "must_full"
MUST_UNAVAILABLE = "must_unavailable"
OPEN = "open"  # a mentor the actor may have still has a place: not solved since

# Why a locked pair could not be kept.
LOCK_FULL = "lock_full"  # the mentor has no place left
LOCK_FORBIDDEN = "lock_forbidden"  # the pair is now never-pair or rejected
LOCK_MUST = "lock_must"  # a must-pair rule names another mentor


@dataclass
class Problem:
    score: np.ndarray  # (n actors, m mentors) points, >= 0
    capacity: np.ndarray  # (m,) places each mentor has left
    forbidden: np.ndarray  # (n, m) True where the pair is not allowed
    must: dict[int, int] = field(default_factory=dict)  # actor -> the only mentor allowed
    keep: dict[int, int] = field(default_factory=dict)  # actor -> locked mentor, if possible
    # Actors whose must-mentor has withdrawn: nobody else may take them without a new decision.
    must_unavailable: set[int] = field(default_factory=set)

    @property
    def shape(self) -> tuple[int, int]:
        return self.score.shape


@dataclass
class Solution:
    mentor_of: np.ndarray  # (n,) mentor index, or -1
    unmatched: dict[int, str]  # actor -> reason code
    fixed: dict[int, str] = field(default_factory=dict)  # actor -> "must" or "keep"
    dropped: dict[int, str] = field(default_factory=dict)  # actor -> why its lock went

    def pairs(self) -> list[tuple[int, int]]:
        return [(int(a), int(j)) for a, j in enumerate(self.mentor_of) if j >= 0]

    def total(self, score: np.ndarray) -> float:
        actors = np.flatnonzero(self.mentor_of >= 0)
        return float(score[actors, self.mentor_of[actors]].sum())

    @property
    def count(self) -> int:
        return int((self.mentor_of >= 0).sum())


@dataclass
class Assignment:
    """The matrix handed to the solver: which actor each row is, which mentor each column
    (one column per free place), the costs, and which cells are allowed at all."""

    rows: np.ndarray  # actor index of each row
    cols: np.ndarray  # mentor index of each column (repeated per place)
    cost: np.ndarray
    allowed: np.ndarray


@dataclass
class _Start:
    """What steps 1 and 2 settle before the free actors are solved."""

    mentor_of: np.ndarray
    places: np.ndarray  # places left per mentor
    fixed: dict[int, str]
    dropped: dict[int, str]
    locks: dict[int, int]  # actor -> locked mentor, still possible: kept if places allow


def _fix(problem: Problem) -> _Start:
    """Steps 1 and 2: must-pairs made, locks sorted into possible and dropped."""
    n, _m = problem.shape
    mentor_of = np.full(n, -1, dtype=int)
    places = problem.capacity.astype(int).copy()
    fixed: dict[int, str] = {}
    dropped: dict[int, str] = {}
    locks: dict[int, int] = {}
    by_mentor: dict[int, list[int]] = {}
    for actor, mentor in problem.must.items():
        by_mentor.setdefault(mentor, []).append(actor)
    for mentor, actors in sorted(by_mentor.items()):
        actors.sort(key=lambda a: (-problem.score[a, mentor], a))
        for actor in actors:
            if places[mentor] > 0:
                mentor_of[actor], fixed[actor] = mentor, "must"
                places[mentor] -= 1
    for actor, mentor in sorted(problem.keep.items()):
        if mentor_of[actor] == mentor:  # made already as a must-pair: the lock holds
            continue
        if actor in problem.must:
            dropped[actor] = LOCK_FULL if problem.must[actor] == mentor else LOCK_MUST
        elif actor in problem.must_unavailable:
            dropped[actor] = LOCK_MUST
        elif problem.forbidden[actor, mentor]:
            dropped[actor] = LOCK_FORBIDDEN
        elif places[mentor] <= 0:
            dropped[actor] = LOCK_FULL
        else:
            locks[actor] = mentor
    return _Start(mentor_of, places, fixed, dropped, locks)


def _settle_locks(start: _Start) -> None:
    """After solving: mark the locks kept, drop the others."""
    for actor, mentor in start.locks.items():
        if start.mentor_of[actor] == mentor:
            start.fixed[actor] = "keep"
        else:
            start.dropped[actor] = LOCK_FULL


def _free_rows(problem: Problem, mentor_of: np.ndarray) -> np.ndarray:
    free = mentor_of < 0
    held_back = [*problem.must, *problem.must_unavailable]
    if held_back:
        free[held_back] = False
    return np.flatnonzero(free)


GRIDS = (1, 10, 100)  # whole points, tenths, hundredths


def whole_units(score: np.ndarray) -> np.ndarray:
    """The scores as whole numbers of the coarsest grid they lie on (same order, same
    optimum), or unchanged where they lie on none."""
    for grid in GRIDS:
        scaled = score * grid
        whole = np.rint(scaled)
        if np.allclose(scaled, whole, rtol=0.0, atol=1e-6):
            return whole
    return score


def assignment_matrix(
    problem: Problem, rows: np.ndarray, places: np.ndarray, locks: dict[int, int] | None = None
) -> Assignment:
    cols = np.repeat(np.arange(len(places)), np.maximum(places, 0))
    everyone = len(rows) == problem.shape[0]
    score = whole_units(problem.score if everyone else problem.score[rows])
    forbidden = problem.forbidden if everyone else problem.forbidden[rows]
    big = (float(score.max(initial=0.0)) + 1.0) * (min(len(rows), len(cols)) + 1)
    # Costs per mentor first, then one column per place (a mentor's places are alike).
    cost = np.take(-(score + big), cols, axis=1)
    allowed = np.take(~forbidden, cols, axis=1)
    if not allowed.all():
        cost[~allowed] = 0.0
    if locks:
        top = float(score.max(initial=0.0)) + big + 1.0
        lock = top * (min(len(rows), len(cols)) + 1)
        at = np.flatnonzero(np.isin(rows, list(locks)))
        wanted = np.array([locks[a] for a in rows[at].tolist()])
        cost[at] -= np.where(cols[None, :] == wanted[:, None], lock, 0.0)
    return Assignment(rows=rows, cols=cols, cost=cost, allowed=allowed)


def unmatched_reasons(problem: Problem, mentor_of: np.ndarray, fixed) -> dict[int, str]:
    """Why each actor without a mentor in ``mentor_of`` has none.

    ``fixed``: the actors whose pairs come before the others' (must-pairs, kept locks).
    Places are counted after live pairs (``problem.capacity``); "settled" places also
    after the fixed pairs, "room" after every pair in ``mentor_of``. After ``solve`` no
    actor is left ``OPEN``: the best set would have paired them.
    """
    n, m = problem.shape
    left = np.flatnonzero(mentor_of < 0).tolist()
    if not left:
        return {}
    places = np.maximum(problem.capacity.astype(int), 0)
    paired = mentor_of[mentor_of >= 0]
    room = places - np.bincount(paired, minlength=m)
    held = [mentor_of[a] for a in fixed if mentor_of[a] >= 0]
    settled = places - np.bincount(np.array(held, dtype=int), minlength=m)
    reasons: dict[int, str] = {}
    free = []
    for actor in left:
        if actor in problem.must_unavailable:
            reasons[actor] = MUST_UNAVAILABLE
        elif actor in problem.must:
            reasons[actor] = OPEN if room[problem.must[actor]] > 0 else MUST_FULL
        else:
            free.append(actor)
    if not free:
        return reasons
    if m == 0:
        return reasons | dict.fromkeys(free, NO_MENTORS)
    if not (settled > 0).any():
        return reasons | dict.fromkeys(free, NO_CAPACITY)
    allowed = ~problem.forbidden[free]
    has_room = (allowed & (room > 0)).any(axis=1).tolist()
    reachable = (allowed & (settled > 0)).any(axis=1).tolist()
    for actor, now, ever in zip(free, has_room, reachable, strict=True):
        reasons[actor] = OPEN if now else CAPACITY_TAKEN if ever else ONLY_FORBIDDEN
    return reasons


def assign(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows and columns of a least-cost assignment of min(rows, columns) cells."""
    _total, col_of, _row_of = lap.lapjv(np.ascontiguousarray(cost), extend_cost=True)
    r = np.flatnonzero(col_of >= 0)
    return r, col_of[r]


def solve(problem: Problem) -> Solution:
    start = _fix(problem)
    mentor_of, places = start.mentor_of, start.places
    rows = _free_rows(problem, mentor_of)
    if len(rows) and places.sum() > 0:
        matrix = assignment_matrix(problem, rows, places, start.locks)
        r, c = assign(matrix.cost)
        ok = matrix.allowed[r, c]
        mentor_of[matrix.rows[r[ok]]] = matrix.cols[c[ok]]
    _settle_locks(start)
    reasons = unmatched_reasons(problem, mentor_of, start.fixed)
    return Solution(mentor_of, reasons, start.fixed, start.dropped)


def solve_greedy(problem: Problem) -> Solution:
    """The usual hand method, for comparison: locks first come first kept, then the
    best-scoring allowed pair first."""
    start = _fix(problem)
    mentor_of, places = start.mentor_of, start.places
    for actor, mentor in sorted(start.locks.items()):
        if places[mentor] > 0:
            mentor_of[actor] = mentor
            places[mentor] -= 1
    _settle_locks(start)
    rows = _free_rows(problem, mentor_of)
    if len(rows) and places.sum() > 0:
        sub = np.where(problem.forbidden[rows], -np.inf, problem.score[rows])
        order = np.argsort(-sub, axis=None, kind="stable")
        m = problem.shape[1]
        taken = np.zeros(len(rows), dtype=bool)
        for flat in order.tolist():
            i, j = divmod(flat, m)
            if sub[i, j] == -np.inf:
                break
            if taken[i] or places[j] <= 0:
                continue
            mentor_of[rows[i]], taken[i] = j, True
            places[j] -= 1
            if taken.all() or places.sum() == 0:
                break
    reasons = unmatched_reasons(problem, mentor_of, start.fixed)
    return Solution(mentor_of, reasons, start.fixed, start.dropped)
