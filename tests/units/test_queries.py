"""The organisation admin's pages answer in the same number of queries whatever the size."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import Invitation
from mentoring.core.paging import PER_PAGE
from tests import factories as f
from tests.utils import assert_constant_queries, sign_in

pytestmark = pytest.mark.django_db


def _invite(unit, email, role="worker"):
    Invitation.objects.create(
        email=email,
        unit=unit,
        role=role,
        token_hash=Invitation.new_token()[1],
        expires_at=timezone.now() + dt.timedelta(days=7),
    )


@pytest.fixture
def organisation_and_admin(db):
    organisation = f.OrganisationFactory(name="Iso alue")
    admin = f.UserFactory(email="iso.admin@example.test")
    f.OrganisationAdminFactory(user=admin, organisation=organisation)
    client = Client()
    sign_in(client, admin)
    return organisation, client


def test_the_organisation_page_at_1_and_50_units(organisation_and_admin):
    organisation, client = organisation_and_admin

    def grow(n):
        for i in range(organisation.units.count(), n):
            unit = f.UnitFactory(organisation=organisation, name=f"Yksikkö {i:03}")
            f.MembershipFactory(unit=unit, role="supervisor")
            f.MembershipFactory(unit=unit, role="supervisor")
            for _ in range(3):
                f.MembershipFactory(unit=unit, role="worker")
            _invite(unit, f"kutsu{i}@example.test", role="supervisor")

    url = reverse("units:organisation", args=[organisation.pk])
    assert_constant_queries(client, url, grow, sizes=(1, 50))
    response = client.get(url)
    assert len(response.context["units"]) == PER_PAGE  # a page of the 50
    # The invitations too: the count, and a page of them (all of them on each unit's page).
    assert len(response.context["invitations"]) == PER_PAGE
    assert response.context["invitations_waiting"] == 50
    assert f"The first {PER_PAGE} of 50 invitations waiting." in response.content.decode()


def test_the_unit_page_at_1_and_50_members(organisation_and_admin):
    organisation, client = organisation_and_admin
    unit = f.UnitFactory(organisation=organisation)

    def grow(n):
        for i in range(unit.memberships.count(), n):
            f.MembershipFactory(unit=unit, role="supervisor" if i % 10 == 0 else "worker")
            _invite(unit, f"kutsu{i}@example.test")

    url = reverse("units:unit_detail", args=[unit.pk])
    assert_constant_queries(client, url, grow, sizes=(1, 50))
