"""Who runs, follows and sees a programme (mentoring.programmes.access), for each of the cast."""

import pytest

from mentoring.core.errors import DomainError
from mentoring.programmes import access
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    """A programme shared by units A and B."""
    return f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a, cast.unit_b])


@pytest.fixture
def programme_of_a(cast):
    return f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])


def test_any_supervisor_of_its_units_runs_it(cast, programme, programme_of_a):
    for who in (cast.sup_a, cast.sup_b):
        assert access.user_supervises(user=who, programme=programme)
        access.require_supervisor(user=who, programme=programme)
    assert not access.user_supervises(user=cast.sup_b, programme=programme_of_a)
    for who in (cast.sup_b, cast.admin, cast.worker_a, cast.outsider):
        with pytest.raises(DomainError):
            access.require_supervisor(user=who, programme=programme_of_a)


def test_scopes(cast, programme, programme_of_a):
    both = {programme, programme_of_a}
    assert set(access.programmes_managed_by(user=cast.sup_a)) == both
    assert set(access.programmes_managed_by(user=cast.sup_b)) == {programme}
    assert set(access.programmes_managed_by(user=cast.admin)) == set()
    assert set(access.programmes_overseen_by(user=cast.admin)) == both
    assert set(access.programmes_overseen_by(user=cast.sup_b)) == {programme}
    assert set(access.programmes_overseen_by(user=cast.worker_a)) == set()
    assert set(access.programmes_open_to(user=cast.worker_b)) == {programme}
    assert set(access.programmes_open_to(user=cast.sup_a)) == set()
    assert set(access.programmes_presented_to(user=cast.worker_b)) == {programme}
    assert set(access.programmes_presented_to(user=cast.sup_b)) == {programme}
    assert set(access.programmes_presented_to(user=cast.admin)) == both
    assert access.programmes_presented_to(user=cast.outsider).count() == 0
