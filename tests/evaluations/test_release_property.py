"""The release rule (mentoring/evaluations/release.py) cannot be differenced.

Answers arrive one at a time, in any order: people with 1–4 answers each (a mentor with
several actors; now and then a person who answers in both roles) and random ratings. After
every answer the programme report is read again. Then:

1. Any two reports compare to nothing or to at least three people: in each column (all,
   mentors, actors) the people whose counted answers differ between the two reports are
   none or at least MIN_RESPONDENTS.
2. No combination of *all* the reports singles out one person. Every figure a report shows
   is a linear function of the answers (a mean over people of each person's mean; the
   number of people is shown too, so the reader knows the weights). One person's ratings —
   or anything computed from them alone — can be solved from the reports exactly when some
   combination of those functions touches that person's answers only. So for each person x:
   the span of all the functions shown meets the space of x's answers only in zero, i.e.
   rank(shown + x's answers) = rank(shown) + number of x's answers. (This holds whatever
   the ratings are: it is a fact about which answers each figure counts and with what
   weight.)

Decisions are not in the reports at all: a supervisor knows each pair's outcome, so outside
knowledge would single out a member of a disagreeing pair from any count of decisions, which
this rank argument (reports alone) cannot see.
"""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.evaluations.models import BENEFIT_KEYS, MIN_RESPONDENTS
from mentoring.evaluations.release import (
    Answer,
    mean_of_people,
    people,
    release_programme,
)

PRIME = 2**61 - 1  # ranks are computed exactly in this prime field


@st.composite
def histories(draw) -> list[Answer]:
    """Answers in the order they arrive."""
    n_people = draw(st.integers(1, 13))
    planned = []  # (person, role)
    for person in range(n_people):
        role = draw(st.sampled_from(["mentor", "actor"]))
        for _ in range(draw(st.integers(1, 4))):
            other = draw(st.integers(0, 9)) == 0  # re-signed in the other role
            planned.append((person, ("actor" if role == "mentor" else "mentor") if other else role))
    arrival = draw(st.permutations(planned))
    return [
        Answer(
            order=(place,),
            person=(1, role, person),
            role=role,
            ratings=tuple(
                draw(st.lists(st.integers(1, 5), min_size=len(BENEFIT_KEYS), max_size=6))
            ),
            shared_text=f"text {place}" if draw(st.booleans()) else "",
        )
        for place, (person, role) in enumerate(arrival)
    ]


def _columns(history: list[Answer]) -> list[dict[str, list[Answer]]]:
    """What each report shows, read after each arrival: column name → counted answers."""
    reports = []
    for arrived in range(1, len(history) + 1):
        released = release_programme(history[:arrived])
        columns = {"all": released.answers}
        if released.by_role:
            columns.update(mentors=released.mentors, actors=released.actors)
        reports.append({name: answers for name, answers in columns.items() if answers})
    return reports


def _contributions(answers: list[Answer]) -> dict[tuple, frozenset]:
    counted: dict[tuple, set] = {}
    for answer in answers:
        counted.setdefault(answer.person, set()).add(answer.order)
    return {person: frozenset(orders) for person, orders in counted.items()}


def _rank(rows: list[list[int]]) -> int:
    """Rank over the prime field by Gaussian elimination."""
    rows = [row[:] for row in rows if any(row)]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] % PRIME), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        inverse = pow(rows[rank][col], PRIME - 2, PRIME)
        rows[rank] = [value * inverse % PRIME for value in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][col] % PRIME:
                factor = rows[r][col]
                rows[r] = [
                    (a - factor * b) % PRIME for a, b in zip(rows[r], rows[rank], strict=True)
                ]
        rank += 1
    return rank


def _inverse(n: int) -> int:
    return pow(n, PRIME - 2, PRIME)


def _mean_function(answers: list[Answer], width: int) -> list[int]:
    """The weights with which a column's mean counts each answer: 1 / (people × the
    person's answers in the column)."""
    counted = _contributions(answers)
    row = [0] * width
    for orders in counted.values():
        for order in orders:
            row[order[0]] = _inverse(len(counted) * len(orders))
    return row


def _nobody_singled_out(history: list[Answer], functions: list[list[int]]) -> None:
    width = len(history)
    base = _rank(functions)
    for human in {a.person[2] for a in history}:  # all of one human's answers, both roles
        own = [
            [1 if i == a.order[0] else 0 for i in range(width)]
            for a in history
            if a.person[2] == human
        ]
        assert _rank(functions + own) == base + len(own), f"person {human} can be solved"


@settings(max_examples=300, deadline=None)
@given(histories())
def test_two_reports_differ_by_none_or_at_least_three_people(history):
    reports = _columns(history)
    for name in ("all", "mentors", "actors"):
        shown = [report[name] for report in reports if name in report]
        for answers in shown:
            assert people(answers) >= MIN_RESPONDENTS
        for i, earlier in enumerate(shown):
            before = _contributions(earlier)
            for later in shown[i + 1 :]:
                after = _contributions(later)
                changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
                assert len(changed) == 0 or len(changed) >= MIN_RESPONDENTS, (name, changed)


@settings(max_examples=300, deadline=None)
@given(histories())
def test_no_combination_of_reports_solves_one_person(history):
    reports = _columns(history)
    width = len(history)
    means = {tuple(_mean_function(a, width)) for report in reports for a in report.values()}
    _nobody_singled_out(history, [list(row) for row in means])


@settings(max_examples=100, deadline=None)
@given(histories())
def test_every_person_weighs_the_same_and_small_groups_show_nothing(history):
    """The figure is the mean of the people's own means, whatever their number of answers;
    a role with fewer than three people releases nothing."""
    result = release_programme(history)
    for role, released in (("mentor", result.mentors), ("actor", result.actors)):
        in_role = [a for a in history if a.role == role]
        assert bool(released) == (people(in_role) >= MIN_RESPONDENTS)
        assert people(released) % MIN_RESPONDENTS == 0
    released = result.answers
    if not released:
        assert mean_of_people(released) is None
        return
    by_person: dict[tuple, list[Answer]] = {}
    for answer in released:
        by_person.setdefault(answer.person, []).append(answer)
    expected = [
        sum(Fraction(sum(a.ratings[k] for a in own), len(own)) for own in by_person.values())
        / len(by_person)
        for k in range(len(BENEFIT_KEYS))
    ]
    assert mean_of_people(released) == pytest.approx([float(e) for e in expected])
