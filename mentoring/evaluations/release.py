"""The release rule: which evaluation answers a report may use. Pure functions, no database.

The groups are a programme's mentors and a programme's actors (programme × role). In each
group:

1. People, not answers. Everyone counts once, as the mean of their own released answers: a
   mentor with three actors answers three times and is still one person. (Someone who
   answered in both roles of one programme — possible only after signing up anew in the
   other role — is one person in each group.)
2. People are released in steps of MIN_RESPONDENTS. The group's answers are put in the order
   they came in (time, then id, so the order is fixed by the data); each person's place is
   the place of their first answer. With n people in the group, the first k = n // 3 * 3 are
   released, and so are exactly the answers that came in up to and including the first
   answer of the k-th person. Later answers — of new people and of people already released —
   wait until the next full step of new people. Under 3 people, nothing is released.
3. So two reports of a group either use the same answers, or differ by at least
   MIN_RESPONDENTS new people (plus, perhaps, later answers of people already in): the
   difference is a sum over at least three people whose answers the reader does not know.
4. Everything a report shows is built from the released answers of whole groups: the
   figure for everyone is the mean over the released people of both groups; mentors and
   actors are shown apart when both groups have released people; the organisation report
   adds up its programmes' groups. It never releases anything a group's own step has not,
   so no subtraction of one figure from another leaves a single person.

``tests/evaluations/test_release_property.py`` checks 3 and 4 over many random orders of
answers: between any two reports at least three people's contributions differ, and no
combination of all the figures ever shown singles out one person's answers.

Why the roles and not the programme as the groups: with the programme as the group, the
mentors' and actors' columns would be cut at other moments than the total, and the total
minus the two columns could be one person's later answer (the property test found such a
case). The rule depends only on the answers, not on when the report is read: nobody can
choose the moment a group is released.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .models import MIN_RESPONDENTS


@dataclass(frozen=True)
class Answer:
    """One evaluation answer as a report may use it: never a name, never the private texts."""

    order: tuple  # (submitted_at, id): the order the answers came in
    person: tuple  # (programme id, role, author id): one person of one group
    role: str
    ratings: tuple[int, ...]  # in the order of BENEFITS
    shared_text: str = ""  # the unit-work text, only if its author chose to share it


def release(answers: Iterable[Answer]) -> list[Answer]:
    """The answers of one group that the rule above releases, in the order they came in."""
    ordered = sorted(answers, key=lambda a: a.order)
    seen, first_places = set(), []
    for place, answer in enumerate(ordered):
        if answer.person not in seen:
            seen.add(answer.person)
            first_places.append(place)
    step = len(first_places) // MIN_RESPONDENTS * MIN_RESPONDENTS
    if step == 0:
        return []
    return ordered[: first_places[step - 1] + 1]


def people(answers: Iterable[Answer]) -> int:
    return len({a.person for a in answers})


def person_means(answers: Iterable[Answer]) -> dict[tuple, tuple[float, ...]]:
    """Each person's mean rating of each benefit over the given answers."""
    by_person: dict[tuple, list[Answer]] = {}
    for answer in answers:
        by_person.setdefault(answer.person, []).append(answer)
    return {
        person: tuple(
            sum(column) / len(own) for column in zip(*(a.ratings for a in own), strict=True)
        )
        for person, own in by_person.items()
    }


def mean_of_people(answers: Sequence[Answer]) -> tuple[float, ...] | None:
    """The mean over people of each person's mean: every person weighs the same."""
    means = list(person_means(answers).values())
    if not means:
        return None
    return tuple(sum(column) / len(means) for column in zip(*means, strict=True))


@dataclass(frozen=True)
class Released:
    """What a programme report may show of the programme's answers."""

    mentors: list[Answer]  # the mentors' released answers ([] under MIN_RESPONDENTS people)
    actors: list[Answer]  # the actors' released answers

    @property
    def answers(self) -> list[Answer]:
        """Everything released, both roles together."""
        return self.mentors + self.actors

    @property
    def by_role(self) -> bool:
        """Mentors and actors can be shown apart: each side has released people."""
        return bool(self.mentors and self.actors)


def release_programme(answers: Iterable[Answer]) -> Released:
    """The rule applied to one programme: its mentors and its actors are two groups.

    The groups are the roles, not the programme as a whole: a total over both roles shown
    next to the role columns would otherwise let a reader subtract one from the other, and
    the leftover could be one person. With the roles as the groups, the total is a sum of
    what the role columns release, and adds nothing a reader could use.
    """
    answers = list(answers)
    return Released(
        mentors=release(a for a in answers if a.role == "mentor"),
        actors=release(a for a in answers if a.role == "actor"),
    )
