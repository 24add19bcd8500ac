import pytest

from mentoring.core.errors import DomainError
from mentoring.programmes import services
from mentoring.programmes.models import Theme

pytestmark = pytest.mark.django_db


def test_supervisor_and_admin_add_themes(cast):
    theme = services.theme_create(
        organisation=cast.organisation, name="  Haavanhoito ", by=cast.sup_a
    )
    assert theme.name == "Haavanhoito" and theme.organisation == cast.organisation
    services.theme_create(
        organisation=cast.organisation, name="Kirjaaminen kotihoidossa", by=cast.admin
    )
    assert Theme.objects.filter(organisation=cast.organisation).count() == 2


@pytest.mark.parametrize("name", ["haavanhoito", "HAAVANHOITO", "Dementia care", "dementia CARE"])
def test_duplicates_are_refused_whatever_the_case(cast, name):
    services.theme_create(organisation=cast.organisation, name="Haavanhoito", by=cast.sup_a)
    with pytest.raises(DomainError, match="already on the list") as error:
        services.theme_create(organisation=cast.organisation, name=name, by=cast.sup_a)
    assert error.value.field == "name"
    assert Theme.objects.filter(organisation=cast.organisation).count() == 1


def test_case_folds_finnish_letters(cast):
    services.theme_create(organisation=cast.organisation, name="Äänenkäyttö", by=cast.sup_a)
    with pytest.raises(DomainError):
        services.theme_create(organisation=cast.organisation, name="äänenkäyttö", by=cast.sup_a)


def test_same_name_in_another_organisation_is_fine(cast):
    services.theme_create(organisation=cast.organisation, name="Haavanhoito", by=cast.sup_a)
    other = cast.outsider.memberships.get().unit.organisation
    theme = services.theme_create(organisation=other, name="Haavanhoito", by=cast.outsider)
    assert theme.organisation == other


@pytest.mark.parametrize("name", ["", " ", "x", "y" * 121])
def test_bad_names(cast, name):
    with pytest.raises(DomainError) as error:
        services.theme_create(organisation=cast.organisation, name=name, by=cast.sup_a)
    assert error.value.field == "name"


def test_workers_and_other_organisations_cannot_add(cast):
    for by in (cast.worker_a, cast.outsider):
        with pytest.raises(DomainError, match="Only the organisation"):
            services.theme_create(organisation=cast.organisation, name="Uusi", by=by)
    assert not Theme.objects.filter(organisation=cast.organisation).exists()
