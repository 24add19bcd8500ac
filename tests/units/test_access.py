"""The named questions of units.access, asked for each member of the cast."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from units import access
from units.models import Membership

pytestmark = pytest.mark.django_db


def test_roles_are_read_in_two_queries_once_per_user_object(cast):
    with CaptureQueriesContext(connection) as first:
        roles = access.user_roles(cast.sup_a)
    with CaptureQueriesContext(connection) as again:
        assert access.user_roles(cast.sup_a) is roles
        assert access.supervises_unit(user=cast.sup_a, unit_id=cast.unit_a.id)
        assert access.oversees_organisation(user=cast.sup_a, organisation_id=cast.organisation.id)
    assert len(first) == 2
    assert len(again) == 0


def test_the_anonymous_visitor_has_no_role(cast):
    anon = AnonymousUser()
    assert access.user_roles(anon) == access.Roles()
    assert not access.supervises_unit(user=anon, unit_id=cast.unit_a.id)
    assert not access.administers_organisation(user=anon, organisation_id=cast.organisation.id)
    assert not access.is_site_staff(anon)


def test_supervises_this_unit_or_any_of_these(cast):
    a, b = cast.unit_a.id, cast.unit_b.id
    assert access.supervises_unit(user=cast.sup_a, unit_id=a)
    assert not access.supervises_unit(user=cast.sup_a, unit_id=b)
    assert not access.supervises_unit(user=cast.worker_a, unit_id=a)
    # The organisation admin oversees the units but is not their supervisor.
    assert not access.supervises_unit(user=cast.admin, unit_id=a)
    assert access.supervises_any_unit(user=cast.sup_b, unit_ids=[a, b])
    assert not access.supervises_any_unit(user=cast.sup_b, unit_ids=[a])
    assert not access.supervises_any_unit(user=cast.sup_b, unit_ids=[])
    assert access.units_supervised_among(user=cast.sup_b, unit_ids={a, b}) == {b}


def test_worker_of_a_unit(cast):
    assert access.works_in_unit(user=cast.worker_a, unit_id=cast.unit_a.id)
    assert not access.works_in_unit(user=cast.worker_a, unit_id=cast.unit_b.id)
    assert not access.works_in_unit(user=cast.sup_a, unit_id=cast.unit_a.id)


def test_admin_of_an_organisation_and_overseer(cast):
    org = cast.organisation.id
    assert access.administers_organisation(user=cast.admin, organisation_id=org)
    assert not access.administers_organisation(user=cast.sup_a, organisation_id=org)
    assert access.oversees_organisation(user=cast.admin, organisation_id=org)
    assert access.oversees_organisation(user=cast.sup_b, organisation_id=org)
    assert not access.oversees_organisation(user=cast.worker_a, organisation_id=org)
    assert not access.oversees_organisation(user=cast.outsider, organisation_id=org)


def test_site_staff_is_the_staff_flag_of_an_active_user(cast):
    staff = f.UserFactory(email="staff@example.test", is_staff=True)
    gone = f.UserFactory(email="gone@example.test", is_staff=True, is_active=False)
    assert access.is_site_staff(staff)
    assert not access.is_site_staff(gone)
    assert not access.is_site_staff(cast.admin)


def test_scopes(cast):
    assert set(access.units_supervised_by(user=cast.sup_a)) == {cast.unit_a}
    assert set(access.units_supervised_by(user=cast.admin)) == set()
    assert set(access.units_visible_to(user=cast.admin)) == {cast.unit_a, cast.unit_b}
    assert set(access.units_visible_to(user=cast.sup_b)) == {cast.unit_b}
    assert set(access.units_visible_to(user=cast.worker_a)) == set()
    assert list(access.organisations_administered_by(user=cast.admin)) == [cast.organisation]
    assert list(access.organisations_administered_by(user=cast.sup_a)) == []
    assert list(access.organisations_overseen_by(user=cast.sup_a)) == [cast.organisation]
    assert list(access.organisations_overseen_by(user=cast.worker_a)) == []


def test_who_holds_a_role_in_given_units(cast):
    units = [cast.unit_a, cast.unit_b]
    assert [m.unit for m in access.worker_memberships(user=cast.worker_a, units=units)] == [
        cast.unit_a
    ]
    assert not access.worker_memberships(user=cast.sup_a, units=units).exists()
    workers = access.workers_of_units(unit_ids=[cast.unit_a.id])
    assert {m.user for m in workers} == {cast.worker_a, cast.worker_a2}
    supervisors = access.supervisor_memberships(unit_ids=[cast.unit_a.id, cast.unit_b.id])
    assert {m.user for m in supervisors} == {cast.sup_a, cast.sup_b}
    mine = access.supervisor_memberships(user_ids=[cast.sup_b.pk])
    assert [(m.unit_id, m.role) for m in mine] == [(cast.unit_b.id, Membership.Role.SUPERVISOR)]
