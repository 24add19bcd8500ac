import itertools

import pytest

from mentoring.programmes.models import SignUp
from mentoring.programmes.services.themes import themes_ensure_builtin
from tests import factories as f

_seq = itertools.count()


class People:
    """Adds sign-ups to one programme: ``people.actor(name=..., themes=[...], ...)``."""

    def __init__(self, programme, unit, sup):
        self.programme = programme
        self.unit = unit
        self.sup = sup

    def _add(self, role, *, name=None, themes=(), unit=None, **fields):
        n = next(_seq)
        user = f.UserFactory(email=f"person{n}@example.test", name=name or f"Henkilö {n}")
        signup = f.SignUpFactory(
            programme=self.programme, user=user, unit=unit or self.unit, role=role, **fields
        )
        if themes:
            builtin = themes_ensure_builtin()
            signup.themes.set([builtin[key] for key in themes])
        return signup

    def actor(self, **fields):
        fields.setdefault("experience_years", 1)
        return self._add(SignUp.Role.ACTOR, **fields)

    def mentor(self, **fields):
        fields.setdefault("experience_years", 12)
        fields.setdefault("capacity", 1)
        return self._add(SignUp.Role.MENTOR, **fields)


@pytest.fixture
def programme(cast):
    return f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a], name="Polku")


@pytest.fixture
def people(programme, cast):
    return People(programme, cast.unit_a, cast.sup_a)
