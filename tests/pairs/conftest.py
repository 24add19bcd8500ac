import pytest

from tests import factories as f


@pytest.fixture
def programme(cast):
    return f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], name="Kevään mentorointi"
    )
