"""Erasing a person, as far as evaluations hold them: the words of their own answers (what
mentoring gave them and their unit, the goals they proposed) go; their ratings, decision and
goal outcomes stay, as numbers without a name, for the reports that count people."""

from .models import Evaluation


def evaluation_texts_erase_for_person(*, user) -> None:
    Evaluation.objects.filter(author=user).update(own_work="", unit_work="", new_goals=[])
