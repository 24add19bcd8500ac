"""One suggestion run, start to end: load from the database, score, solve, and take the
chosen pairs apart into their points.

Nothing here writes; ``services.suggestions_run`` stores what ``suggest`` returns. The words
that explain a suggestion are made when the board shows it (``selectors``), from that day's
sign-ups and weights, not here.
"""

import time
from dataclasses import dataclass, field
from uuid import UUID

import numpy as np
from django.utils.translation import gettext_lazy as _

from . import scoring, solver
from .explain import Explainer
from .models import Suggestion
from .pool import Person, Pool, load_pool
from .scoring import PARTS

LOCK_WITHDRAWN = "lock_withdrawn"

UNMATCHED_REASONS = {
    solver.NO_MENTORS: _("No mentor has signed up yet."),
    solver.NO_CAPACITY: _("Every mentor's places are already taken."),
    solver.ONLY_FORBIDDEN: _(
        "Every mentor with a free place is ruled out for this actor (never-pair or rejected)."
    ),
    solver.CAPACITY_TAKEN: _(
        "The free places went to actors they suit better. Add a mentor place or pair by hand."
    ),
    solver.MUST_FULL: _("Must be paired with a mentor who has no place left."),
    solver.MUST_UNAVAILABLE: _(
        "Must be paired with a mentor who has withdrawn: remove that rule or choose a mentor."
    ),
    solver.OPEN: _("Not in the suggestions yet: suggest pairs again."),
}

LOCK_DROPPED_REASONS = {
    solver.LOCK_FULL: _("the mentor has no place left"),
    solver.LOCK_FORBIDDEN: _("the pair is now ruled out (never-pair or rejected)"),
    solver.LOCK_MUST: _("a must-pair rule names another mentor"),
    LOCK_WITHDRAWN: _("the mentor has withdrawn"),
}


@dataclass(frozen=True)
class DroppedLock:
    """A locked suggestion that a run could not keep, for the supervisor to see."""

    actor: str
    mentor: str
    reason: str


@dataclass
class Item:
    actor: Person
    mentor: Person
    score: float
    points: dict
    fixed: str = ""  # "must", "keep" or ""


@dataclass
class Proposal:
    pool: Pool
    actors: list[Person]
    problem: solver.Problem
    solution: solver.Solution
    items: list[Item]
    unmatched: list[tuple[Person, str]]
    seconds: dict = field(default_factory=dict)
    dropped: dict[UUID, str] = field(default_factory=dict)  # actor id -> why its lock went
    dropped_locks: list[DroppedLock] = field(default_factory=list)  # named, when stored

    @property
    def total(self) -> float:
        return self.solution.total(self.problem.score)


def explainer_for(pool: Pool) -> Explainer:
    return Explainer(
        theme_labels=pool.theme_labels, weights=pool.weights, spans_units=pool.spans_units
    )


def _silent(percent: int) -> None:
    """No one follows a run done inside a request."""


def suggest(programme, *, progress=_silent) -> Proposal:
    """Best pairs for every actor who has no live pair yet. ``progress(percent)`` is told
    after each step, for a run done in the background."""
    t0 = time.perf_counter()
    pool = load_pool(programme)
    progress(20)
    t1 = time.perf_counter()
    actors = pool.free_actors()
    actor_features, mentor_features = pool.sides(actors)
    score = scoring.score_matrix(
        actor_features, mentor_features, pool.weights, spans_units=pool.spans_units
    )
    problem = pool.problem(actors, score)
    progress(40)
    t2 = time.perf_counter()
    solution = solver.solve(problem)
    progress(80)
    t3 = time.perf_counter()
    # Only the chosen pairs are taken apart into their parts (stored with each suggestion).
    a_idx = np.flatnonzero(solution.mentor_of >= 0)
    m_idx = solution.mentor_of[a_idx]
    pair_parts = scoring.pair_parts(
        actor_features.take(a_idx), mentor_features.take(m_idx), spans_units=pool.spans_units
    )  # (5, k)
    points = scoring.points(pair_parts, pool.weights).T.tolist()
    scores = problem.score[a_idx, m_idx].tolist()
    items = []
    for k, (a, j) in enumerate(zip(a_idx.tolist(), m_idx.tolist(), strict=True)):
        actor, mentor = actors[a], pool.mentors[j]
        items.append(
            Item(
                actor=actor,
                mentor=mentor,
                score=scores[k],
                points=dict(zip(PARTS, points[k], strict=True)),
                fixed=solution.fixed.get(a, ""),
            )
        )
    unmatched = [(actors[a], reason) for a, reason in sorted(solution.unmatched.items())]
    dropped = _dropped_locks(pool, actors, solution)
    t4 = time.perf_counter()
    seconds = {"load": t1 - t0, "score": t2 - t1, "solve": t3 - t2, "parts": t4 - t3}
    return Proposal(pool, actors, problem, solution, items, unmatched, seconds, dropped)


def _dropped_locks(pool: Pool, actors: list[Person], solution: solver.Solution) -> dict:
    """Locks the solver could not keep, and locks whose mentor has withdrawn."""
    dropped = {actors[a].id: reason for a, reason in solution.dropped.items()}
    withdrawn = [
        s
        for s in pool.suggestions
        if s.status == Suggestion.Status.LOCKED and s.mentor_id not in pool.mentor_index
    ]
    if withdrawn:  # rare: the run's actors are looked up only then
        free = {p.id for p in actors}
        dropped.update((s.actor_id, LOCK_WITHDRAWN) for s in withdrawn if s.actor_id in free)
    return dropped
