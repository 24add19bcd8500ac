"""Reads for the suggestions screen, always through the user (outsiders get 404).

Everything on the screen comes from one ``Pool`` (a fixed number of queries), so the
screen costs the same number of queries for 1 actor or 1,000.
"""

from collections import Counter
from dataclasses import dataclass
from uuid import UUID

import numpy as np
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from mentoring.pairs.models import Pair
from mentoring.programmes.selectors import programme_for_supervisor

from . import scoring, solver
from .engine import UNMATCHED_REASONS, explainer_for
from .explain import Explanation
from .models import PairRule, Suggestion, SuggestionRun
from .pool import Person, Pool, SuggestionRow
from .scoring import PARTS


def _of_programme(model, *, user, programme_id, pk):
    """One row of a programme the user runs, with the programme attached; else 404."""
    programme = programme_for_supervisor(user=user, programme_id=programme_id)
    row = model.objects.filter(programme=programme, pk=pk).first()
    if row is None:
        raise Http404
    row.programme = programme
    return row


def suggestion_for_supervisor(*, user, programme_id, suggestion_id) -> Suggestion:
    return _of_programme(Suggestion, user=user, programme_id=programme_id, pk=suggestion_id)


def rule_for_supervisor(*, user, programme_id, rule_id) -> PairRule:
    return _of_programme(PairRule, user=user, programme_id=programme_id, pk=rule_id)


def run_for_supervisor(*, user, programme_id, run_id) -> SuggestionRun:
    return _of_programme(SuggestionRun, user=user, programme_id=programme_id, pk=run_id)


@dataclass
class SwapOption:
    mentor: Person
    room: int
    points: dict
    explanation: Explanation


@dataclass
class Card:
    """A current suggestion, scored and explained from today's sign-ups and weights."""

    suggestion: SuggestionRow
    actor: Person
    mentor: Person
    explanation: Explanation
    must: bool

    @property
    def locked(self) -> bool:
        return self.suggestion.status == Suggestion.Status.LOCKED

    @property
    def stored_score(self) -> float:
        return round(self.suggestion.score, 1)

    @property
    def changed(self) -> bool:
        """The score differs from the one the suggestion was made with (beyond rounding:
        the stored score has two decimals, the shown one)."""
        return abs(self.suggestion.score - self.explanation.score) > 0.06


@dataclass
class RuleLine:
    id: UUID
    actor: Person
    mentor: Person
    kind: str
    label: str


@dataclass
class Board:
    pool: Pool
    cards: list[Card]
    unmatched: list[tuple[Person, str]]
    rules: list[RuleLine]
    rejected: int
    free_actors: int
    places_left: int
    room_left: int


def _room(pool: Pool, current: list[SuggestionRow], *, except_actor=None) -> np.ndarray:
    """Places left per mentor after live pairs and the current suggestions."""
    used = Counter(s.mentor_id for s in current if s.actor_id != except_actor)
    places = pool.places_left()
    return places - np.array([used.get(m.id, 0) for m in pool.mentors], dtype=int)


def swap_options(*, pool: Pool, actor_id: UUID) -> list[SwapOption]:
    """Mentors the actor's suggestion could move to, best first, with their scores."""
    a = pool.actor_index.get(actor_id)
    if a is None or actor_id in pool.paired_actor_ids or not pool.mentors:
        return []
    actor = pool.actors[a]
    current = pool.current_suggestions()
    mine = next((s.mentor_id for s in current if s.actor_id == actor_id), None)
    room = _room(pool, current, except_actor=actor_id)
    # The actor's rules and rejections, as the solver sees them.
    problem = pool.problem([actor], np.zeros((1, len(pool.mentors))))
    if problem.must_unavailable:  # the must-mentor has withdrawn: no one else either
        return []
    must = problem.must.get(0)
    parts = pool.parts([actor])[:, 0, :]  # (5, mentors)
    points = scoring.points(parts, pool.weights).T.tolist()
    explainer = explainer_for(pool)
    options = []
    for j, mentor in enumerate(pool.mentors):
        if mentor.id == mine or room[j] <= 0 or problem.forbidden[0, j]:
            continue
        if must is not None and must != j:
            continue
        options.append(
            SwapOption(
                mentor=mentor,
                room=int(room[j]),
                points=dict(zip(PARTS, points[j], strict=True)),
                explanation=explainer.from_points(actor, mentor, points[j]),
            )
        )
    options.sort(key=lambda o: (-o.explanation.score, o.mentor.name))
    return options


def _unmatched(pool: Pool, current: list[SuggestionRow]) -> list[tuple[Person, str]]:
    """Actors without a suggestion, with the solver's own reason for the suggestions as
    they stand (locked and must-pair suggestions first, as in a run)."""
    actors = pool.free_actors()
    problem = pool.problem(actors, np.zeros((len(actors), len(pool.mentors))))
    index = {p.id: a for a, p in enumerate(actors)}
    mentor_of = np.full(len(actors), -1, dtype=int)
    fixed = []
    for s in current:
        a, j = index[s.actor_id], pool.mentor_index[s.mentor_id]
        mentor_of[a] = j
        if s.status == Suggestion.Status.LOCKED or problem.must.get(a) == j:
            fixed.append(a)
    reasons = solver.unmatched_reasons(problem, mentor_of, fixed)
    return [(actors[a], str(UNMATCHED_REASONS[r])) for a, r in sorted(reasons.items())]


def _cards(pool: Pool, current: list[SuggestionRow]) -> list[Card]:
    """Each card's points and words come from the same, current, data."""
    if not current:
        return []
    explainer = explainer_for(pool)
    must = {r.actor_id: r.mentor_id for r in pool.rules if r.kind == PairRule.Kind.MUST}
    actors = [pool.actors[pool.actor_index[s.actor_id]] for s in current]
    mentor_at = [pool.mentor_index[s.mentor_id] for s in current]
    # Only the suggested pairs are scored (aligned lists), not every actor × mentor.
    sides = pool.sides(actors, [pool.mentors[j] for j in mentor_at])
    parts = scoring.pair_parts(*sides, spans_units=pool.spans_units)  # (5, cards)
    points = scoring.points(parts, pool.weights).T.tolist()
    cards = [
        Card(
            suggestion=s,
            actor=actor,
            mentor=pool.mentors[j],
            explanation=explainer.from_points(actor, pool.mentors[j], points[k]),
            must=must.get(actor.id) == s.mentor_id,
        )
        for k, (s, actor, j) in enumerate(zip(current, actors, mentor_at, strict=True))
    ]
    cards.sort(key=lambda c: (-c.explanation.score, pool.actor_index[c.actor.id]))
    return cards


def suggestions_board(*, pool: Pool) -> Board:
    current = pool.current_suggestions()
    cards = _cards(pool, current)
    room = _room(pool, current)
    people = {**{p.id: p for p in pool.actors}, **{p.id: p for p in pool.mentors}}
    kinds = dict(PairRule.Kind.choices)
    rules = [
        RuleLine(r.id, people[r.actor_id], people[r.mentor_id], r.kind, str(kinds[r.kind]))
        for r in pool.rules
        if r.actor_id in people and r.mentor_id in people
    ]
    places = pool.places_left()
    return Board(
        pool=pool,
        cards=cards,
        unmatched=_unmatched(pool, current),
        rules=rules,
        rejected=sum(s.status == Suggestion.Status.REJECTED for s in pool.suggestions),
        free_actors=len(pool.free_actors()),
        places_left=int(places.sum()),
        room_left=int(np.maximum(room, 0).sum()),
    )


def board_suggestions_context(*, programme) -> dict:
    """Context for templates/matching/_board_suggestions.html on the pairs board: one query."""
    live = Pair.objects.filter(actor=OuterRef("actor"), status__in=Pair.LIVE)
    counts = (
        Suggestion.objects.filter(programme=programme, status__in=Suggestion.CURRENT)
        .exclude(Exists(live))
        .aggregate(
            waiting=Count("pk"), locked=Count("pk", filter=Q(status=Suggestion.Status.LOCKED))
        )
    )
    return {"matching_panel": counts}
