"""The organisation admin's changes: who may make them, what is refused, what is logged."""

import pytest

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from tests import factories as f
from units import services
from units.models import Membership, Unit

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def membership(user, unit):
    return Membership.objects.select_related("unit", "user").get(user=user, unit=unit)


# --- units ---------------------------------------------------------------------------------


def test_the_admin_adds_a_unit_and_it_is_logged(cast):
    unit = services.unit_create(
        organisation=cast.organisation, name="  Kotihoito   Itä ", by=cast.admin
    )
    assert unit.name == "Kotihoito Itä" and unit.organisation == cast.organisation
    [entry] = entries("unit.create")
    assert entry.actor == cast.admin and entry.object_id == str(unit.pk)
    assert entry.data == {"name": "Kotihoito Itä"}


@pytest.mark.parametrize("who", ["sup_a", "worker_a", "outsider"])
def test_only_the_admin_adds_units(cast, who):
    with pytest.raises(DomainError):
        services.unit_create(organisation=cast.organisation, name="Uusi", by=getattr(cast, who))
    assert not Unit.objects.filter(name="Uusi").exists() and not entries("unit.create")


def test_the_admin_of_another_organisation_cannot_add_units_here(cast, other_admin):
    with pytest.raises(DomainError):
        services.unit_create(organisation=cast.organisation, name="Uusi", by=other_admin)
    assert not Unit.objects.filter(name="Uusi").exists()


@pytest.mark.parametrize("name", ["Yksikkö A", "yksikkö a", " YKSIKKÖ  A "])
def test_a_unit_name_is_unique_in_the_organisation_whatever_the_case(cast, name):
    with pytest.raises(DomainError) as error:
        services.unit_create(organisation=cast.organisation, name=name, by=cast.admin)
    assert error.value.field == "name" and "already has a unit" in error.value.message
    assert cast.organisation.units.count() == 2


def test_the_same_name_is_fine_in_another_organisation(cast, other_admin):
    other = other_admin.organisation_admin_roles.get().organisation
    unit = services.unit_create(organisation=other, name="Yksikkö A", by=other_admin)
    assert unit.organisation == other


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_unit_needs_a_sensible_name(cast, name):
    with pytest.raises(DomainError) as error:
        services.unit_create(organisation=cast.organisation, name=name, by=cast.admin)
    assert error.value.field == "name"
    assert cast.organisation.units.count() == 2


def test_the_admin_renames_a_unit_and_it_is_logged(cast):
    services.unit_rename(unit=cast.unit_a, name="Yksikkö Aurinko", by=cast.admin)
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.name == "Yksikkö Aurinko"
    [entry] = entries("unit.rename")
    assert entry.data == {"old": "Yksikkö A", "new": "Yksikkö Aurinko"}


def test_renaming_to_the_same_name_changes_and_logs_nothing(cast):
    services.unit_rename(unit=cast.unit_a, name="Yksikkö A", by=cast.admin)
    assert not entries("unit.rename")


def test_a_change_of_case_only_is_a_rename(cast):
    services.unit_rename(unit=cast.unit_a, name="YKSIKKÖ A", by=cast.admin)
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.name == "YKSIKKÖ A"


def test_a_rename_cannot_take_another_units_name(cast):
    with pytest.raises(DomainError) as error:
        services.unit_rename(unit=cast.unit_a, name="yksikkö b", by=cast.admin)
    assert error.value.field == "name"
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.name == "Yksikkö A" and not entries("unit.rename")


@pytest.mark.parametrize("who", ["sup_a", "worker_a", "outsider"])
def test_only_the_admin_renames(cast, who):
    with pytest.raises(DomainError):
        services.unit_rename(unit=cast.unit_a, name="Toinen", by=getattr(cast, who))
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.name == "Yksikkö A"


# --- roles ---------------------------------------------------------------------------------


def test_the_admin_makes_a_worker_supervisor_and_back(cast):
    m = membership(cast.worker_a, cast.unit_a)
    services.membership_role_set(membership=m, role="supervisor", by=cast.admin)
    assert membership(cast.worker_a, cast.unit_a).role == "supervisor"
    services.membership_role_set(membership=m, role="worker", by=cast.admin)
    assert membership(cast.worker_a, cast.unit_a).role == "worker"
    logged = [(e.data["old"], e.data["new"]) for e in reversed(entries("membership.role"))]
    assert logged == [("worker", "supervisor"), ("supervisor", "worker")]
    assert entries("membership.role")[0].data["user"] == cast.worker_a.pk


def test_the_last_supervisor_may_be_made_a_worker(cast):
    """Deliberately allowed: a unit can be left without a supervisor for a while."""
    m = membership(cast.sup_a, cast.unit_a)
    services.membership_role_set(membership=m, role="worker", by=cast.admin)
    assert not cast.unit_a.memberships.filter(role="supervisor").exists()


def test_setting_the_same_role_logs_nothing(cast):
    m = membership(cast.sup_a, cast.unit_a)
    services.membership_role_set(membership=m, role="supervisor", by=cast.admin)
    assert not entries("membership.role")


@pytest.mark.parametrize("role", ["boss", "", "SUPERVISOR"])
def test_an_unknown_role_is_refused(cast, role):
    m = membership(cast.worker_a, cast.unit_a)
    with pytest.raises(DomainError) as error:
        services.membership_role_set(membership=m, role=role, by=cast.admin)
    assert error.value.field == "role"
    assert membership(cast.worker_a, cast.unit_a).role == "worker"


@pytest.mark.parametrize("who", ["sup_a", "sup_b", "worker_a", "outsider"])
def test_only_the_admin_changes_roles(cast, who):
    m = membership(cast.worker_a, cast.unit_a)
    with pytest.raises(DomainError):
        services.membership_role_set(membership=m, role="supervisor", by=getattr(cast, who))
    assert membership(cast.worker_a, cast.unit_a).role == "worker"
    assert not entries("membership.role")


def test_another_organisations_admin_cannot_change_roles(cast, other_admin):
    m = membership(cast.worker_a, cast.unit_a)
    with pytest.raises(DomainError):
        services.membership_role_set(membership=m, role="supervisor", by=other_admin)
    assert membership(cast.worker_a, cast.unit_a).role == "worker"


# --- removal -------------------------------------------------------------------------------


def test_the_admin_removes_a_member_and_it_is_logged(cast):
    m = membership(cast.worker_a, cast.unit_a)
    key = m.pk
    services.membership_remove(membership=m, by=cast.admin)
    assert not Membership.objects.filter(pk=key).exists()
    assert cast.worker_a.__class__.objects.filter(pk=cast.worker_a.pk).exists()  # account stays
    [entry] = entries("membership.remove")
    assert entry.object_id == str(key) and entry.actor == cast.admin
    assert entry.data == {"unit": str(cast.unit_a.pk), "user": cast.worker_a.pk, "role": "worker"}


@pytest.mark.parametrize("who", ["sup_a", "worker_a2", "outsider"])
def test_only_the_admin_removes(cast, who):
    m = membership(cast.worker_a, cast.unit_a)
    with pytest.raises(DomainError):
        services.membership_remove(membership=m, by=getattr(cast, who))
    assert Membership.objects.filter(pk=m.pk).exists() and not entries("membership.remove")


def test_removing_oneself_needs_a_confirmation(cast):
    f.MembershipFactory(user=cast.admin, unit=cast.unit_a, role="supervisor")
    own = membership(cast.admin, cast.unit_a)
    with pytest.raises(DomainError) as error:
        services.membership_remove(membership=own, by=cast.admin)
    assert error.value.field == "confirm_self"
    assert Membership.objects.filter(pk=own.pk).exists() and not entries("membership.remove")
    services.membership_remove(membership=own, by=cast.admin, confirm_self=True)
    assert not Membership.objects.filter(pk=own.pk).exists()
    assert len(entries("membership.remove")) == 1


def test_removing_a_membership_that_is_gone_says_so(cast):
    m = membership(cast.worker_a, cast.unit_a)
    Membership.objects.filter(pk=m.pk).delete()
    with pytest.raises(DomainError):
        services.membership_remove(membership=m, by=cast.admin)
    assert not entries("membership.remove")
