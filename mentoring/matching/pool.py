"""Everything the matcher needs about one programme, read in a fixed number of queries.

``load_pool`` runs seven queries whatever the size of the programme: the programme's units,
the active sign-ups (with names, units and theme ids), the theme labels, the live pairs,
the rules, the suggestions and the weights. The rest is done in memory with numpy.
"""

import functools
import json
from dataclasses import dataclass, field
from uuid import UUID

import numpy as np
from django.db.models import Aggregate, CharField, Q, TextField
from django.db.models.functions import Cast

from mentoring.pairs.models import Pair
from mentoring.programmes.models import Language, SignUp, Theme

from . import scoring
from .models import MatchingWeights, PairRule, Suggestion
from .solver import Problem

LANGUAGE_AXES = tuple(Language.values)


@dataclass
class Person:
    id: UUID
    name: str
    unit_id: UUID
    unit_name: str
    years: int
    shifts: tuple
    languages: tuple
    capacity: int
    themes: tuple = ()  # theme ids, ascending
    email: str = ""  # with the name, tells people apart in the rule form's lists


@dataclass
class SuggestionRow:
    id: UUID
    actor_id: UUID
    mentor_id: UUID
    status: str
    score: float


@dataclass
class RuleRow:
    id: UUID
    actor_id: UUID
    mentor_id: UUID
    kind: str


@dataclass
class Pool:
    programme_id: UUID
    actors: list[Person]
    mentors: list[Person]
    theme_labels: dict[int, str]
    spans_units: bool
    weights: scoring.Weights
    weights_row: MatchingWeights | None
    paired_actor_ids: set[UUID]
    mentor_live: dict[UUID, int]  # live pairs per mentor
    rules: list[RuleRow]
    suggestions: list[SuggestionRow]
    actor_index: dict[UUID, int] = field(init=False)
    mentor_index: dict[UUID, int] = field(init=False)

    def __post_init__(self) -> None:
        self.actor_index = {p.id: i for i, p in enumerate(self.actors)}
        self.mentor_index = {p.id: i for i, p in enumerate(self.mentors)}

    # --- what is settled and what is still open ----------------------------------------
    def places_left(self) -> np.ndarray:
        """Places each mentor has beyond the live pairs."""
        return np.array(
            [max(p.capacity - self.mentor_live.get(p.id, 0), 0) for p in self.mentors], dtype=int
        )

    def free_actors(self) -> list[Person]:
        """Actors without a live or concluded pair: the rows of the assignment problem."""
        return [p for p in self.actors if p.id not in self.paired_actor_ids]

    def current_suggestions(self) -> list[SuggestionRow]:
        """Proposed and locked suggestions for actors who still have no pair."""
        return [
            s
            for s in self.suggestions
            if s.status in Suggestion.CURRENT
            and s.actor_id not in self.paired_actor_ids
            and s.actor_id in self.actor_index
            and s.mentor_id in self.mentor_index
        ]

    # --- numbers for the engine ------------------------------------------------------------
    def features(self, people: list[Person]) -> scoring.Features:
        theme_col = {tid: k for k, tid in enumerate(self.theme_labels)}
        language_bit = {code: 1 << k for k, code in enumerate(LANGUAGE_AXES)}
        unit_code: dict[UUID, int] = {}
        k = len(people)

        # People share a handful of shift and language lists: each is worked out once.
        @functools.cache
        def shift_levels(shifts: tuple) -> tuple:
            return scoring.shift_levels(shifts)

        @functools.cache
        def languages(codes: tuple) -> int:
            return sum(language_bit.get(c, 0) for c in set(codes))

        # The bit sets of the distinct theme lists, then one row per person.
        distinct: dict[tuple, int] = {}
        theme_row = [distinct.setdefault(p.themes, len(distinct)) for p in people]
        theme_sets = scoring.bit_sets(
            [[theme_col[t] for t in themes if t in theme_col] for themes in distinct],
            len(theme_col),
        )
        return scoring.Features(
            years=np.array([p.years for p in people], dtype=float),
            shifts=np.array([shift_levels(p.shifts) for p in people]).reshape(k, 3),
            themes=theme_sets[theme_row],
            languages=np.array([languages(p.languages) for p in people], dtype=np.uint64),
            units=np.array([unit_code.setdefault(p.unit_id, len(unit_code)) for p in people]),
        )

    def sides(
        self, actors: list[Person], mentors: list[Person] | None = None
    ) -> tuple[scoring.Features, scoring.Features]:
        """Features of the actors and of the mentors (all of them unless given), coded alike."""
        mentors = self.mentors if mentors is None else mentors
        both = self.features(actors + mentors)
        n = len(actors)
        return both.take(slice(0, n)), both.take(slice(n, None))

    def parts(self, actors: list[Person], mentors: list[Person] | None = None) -> np.ndarray:
        return scoring.score_parts(*self.sides(actors, mentors), spans_units=self.spans_units)

    def problem(self, actors: list[Person], score: np.ndarray) -> Problem:
        """The assignment problem for ``actors`` (all without a live pair)."""
        index = {p.id: i for i, p in enumerate(actors)}
        forbidden = np.zeros(score.shape, dtype=bool)
        must: dict[int, int] = {}
        keep: dict[int, int] = {}
        unavailable: set[int] = set()
        for rule in self.rules:
            a, j = index.get(rule.actor_id), self.mentor_index.get(rule.mentor_id)
            if a is None:
                continue
            if rule.kind == PairRule.Kind.MUST:
                if j is None:  # the mentor has withdrawn: the supervisor decides again
                    unavailable.add(a)
                else:
                    must[a] = j
            elif j is not None:
                forbidden[a, j] = True
        for s in self.suggestions:
            a, j = index.get(s.actor_id), self.mentor_index.get(s.mentor_id)
            if a is None or j is None:
                continue
            if s.status == Suggestion.Status.REJECTED:
                forbidden[a, j] = True
            elif s.status == Suggestion.Status.LOCKED:
                keep[a] = j
        return Problem(
            score=score,
            capacity=self.places_left(),
            forbidden=forbidden,
            must=must,
            keep=keep,
            must_unavailable=unavailable - set(must),
        )


class _ThemeIds(Aggregate):
    """A sign-up's theme ids as "1,4,7", so that sign-ups and themes come in one query."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra,
        )


def _ids(text) -> tuple:
    return tuple(sorted(map(int, text.split(",")))) if text else ()


@functools.lru_cache(maxsize=1024)
def _words(json_text) -> tuple:
    """A sign-up's shifts or languages, stored as a JSON list, as a tuple. Read as text and
    decoded once per distinct list: a programme's sign-ups share a handful of them."""
    return tuple(json.loads(json_text) or ()) if json_text else ()


def load_pool(programme) -> Pool:
    spans_units = programme.units.count() > 1
    rows = (
        SignUp.objects.filter(programme=programme, status=SignUp.Status.ACTIVE)
        .order_by("created_at", "id")
        .annotate(shifts_json=Cast("shifts", TextField()))
        .annotate(languages_json=Cast("languages", TextField()))
        .values_list(
            "id",
            "role",
            "experience_years",
            "shifts_json",
            "languages_json",
            "capacity",
            "unit_id",
            "unit__name",
            "user__name",
            "user__email",
        )
        .annotate(theme_ids=_ThemeIds("themes__id"))
    )
    actors: list[Person] = []
    mentors: list[Person] = []
    for sid, role, years, shifts, langs, cap, unit_id, unit_name, name, email, theme_ids in rows:
        person = Person(
            sid,
            name,
            unit_id,
            unit_name,
            years,
            _words(shifts),
            _words(langs),
            cap or 0,
            _ids(theme_ids),
            email,
        )
        (mentors if role == SignUp.Role.MENTOR else actors).append(person)
    themes = Theme.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=programme.organisation_id)
    )
    labels = {t.id: t.label for t in themes.only("id", "key", "name")}
    mentor_live: dict[UUID, int] = {}
    paired: set[UUID] = set()
    # Actors with a live pair, or whose mentoring here has concluded, need no suggestion;
    # only live pairs take a mentor's places.
    for mentor_id, actor_id, status in Pair.objects.filter(
        programme=programme, status__in=[*Pair.LIVE, Pair.Status.CONCLUDED]
    ).values_list("mentor_id", "actor_id", "status"):
        if status != Pair.Status.CONCLUDED:
            mentor_live[mentor_id] = mentor_live.get(mentor_id, 0) + 1
        paired.add(actor_id)
    rules = [
        RuleRow(*row)
        for row in PairRule.objects.filter(programme=programme).values_list(
            "id", "actor_id", "mentor_id", "kind"
        )
    ]
    suggestions = [
        SuggestionRow(*row)
        for row in Suggestion.objects.filter(programme=programme).values_list(
            "id", "actor_id", "mentor_id", "status", "score"
        )
    ]
    weights_row = MatchingWeights.objects.filter(programme=programme).first()
    weights = (
        scoring.Weights(**{p: getattr(weights_row, p) for p in scoring.PARTS})
        if weights_row
        else scoring.Weights()
    )
    return Pool(
        programme_id=programme.pk,
        actors=actors,
        mentors=mentors,
        theme_labels=labels,
        spans_units=spans_units,
        weights=weights,
        weights_row=weights_row,
        paired_actor_ids=paired,
        mentor_live=mentor_live,
        rules=rules,
        suggestions=suggestions,
    )
