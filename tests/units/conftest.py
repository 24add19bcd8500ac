import pytest

from tests import factories as f


@pytest.fixture
def other_admin(cast):
    """The admin of another organisation, which has a unit of its own."""
    user = f.UserFactory(email="other.admin@example.test", name="Olga Muualta")
    organisation = f.OrganisationFactory(name="Toinen alue")
    f.OrganisationAdminFactory(user=user, organisation=organisation)
    f.UnitFactory(organisation=organisation, name="Toinen yksikkö")
    return user
