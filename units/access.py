"""Who may see and change what in organisations and units: the one place that decides.

A user's roles are read once per request (two queries) and cached on the user object. Every
part asks the named questions below, or starts its querysets from the scopes here, instead of
reading memberships itself; membership of a pair is decided the same way in
``mentoring.pairs.access`` and "runs this programme" in ``mentoring.programmes.access``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q, QuerySet

from .models import Membership, Organisation, OrganisationAdmin, Unit


@dataclass(frozen=True)
class Roles:
    supervised_unit_ids: frozenset[UUID] = field(default_factory=frozenset)
    worker_unit_ids: frozenset[UUID] = field(default_factory=frozenset)
    admin_organisation_ids: frozenset[UUID] = field(default_factory=frozenset)
    # The organisations of the units the user supervises.
    supervised_organisation_ids: frozenset[UUID] = field(default_factory=frozenset)
    # Every organisation the user belongs to in any role.
    organisation_ids: frozenset[UUID] = field(default_factory=frozenset)

    @property
    def is_supervisor(self) -> bool:
        return bool(self.supervised_unit_ids)

    @property
    def is_worker(self) -> bool:
        return bool(self.worker_unit_ids)

    @property
    def is_org_admin(self) -> bool:
        return bool(self.admin_organisation_ids)


def user_roles(user) -> Roles:
    """The user's roles; two queries the first time, none after (cached on ``user``)."""
    if not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_mentorpolku_roles", None)
    if cached is not None:
        return cached
    supervised, worker, supervised_orgs, orgs = set(), set(), set(), set()
    for unit_id, org_id, role in Membership.objects.filter(user=user).values_list(
        "unit_id", "unit__organisation_id", "role"
    ):
        if role == Membership.Role.SUPERVISOR:
            supervised.add(unit_id)
            supervised_orgs.add(org_id)
        else:
            worker.add(unit_id)
        orgs.add(org_id)
    admin_orgs = set(
        OrganisationAdmin.objects.filter(user=user).values_list("organisation_id", flat=True)
    )
    roles = Roles(
        supervised_unit_ids=frozenset(supervised),
        worker_unit_ids=frozenset(worker),
        admin_organisation_ids=frozenset(admin_orgs),
        supervised_organisation_ids=frozenset(supervised_orgs),
        organisation_ids=frozenset(orgs | admin_orgs),
    )
    user._mentorpolku_roles = roles
    return roles


# --- The named questions (no query beyond the cached roles) -----------------------------------


def is_site_staff(user) -> bool:
    """The site's own staff (the Django admin), who are not anyone's supervisor by that."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def supervises_unit(*, user, unit_id) -> bool:
    return unit_id in user_roles(user).supervised_unit_ids


def supervises_any_unit(*, user, unit_ids: Iterable[UUID]) -> bool:
    supervised = user_roles(user).supervised_unit_ids
    return any(unit_id in supervised for unit_id in unit_ids)


def units_supervised_among(*, user, unit_ids: Iterable[UUID]) -> frozenset[UUID]:
    """Those of ``unit_ids`` that the user supervises."""
    return user_roles(user).supervised_unit_ids.intersection(unit_ids)


def works_in_unit(*, user, unit_id) -> bool:
    return unit_id in user_roles(user).worker_unit_ids


def administers_organisation(*, user, organisation_id) -> bool:
    return organisation_id in user_roles(user).admin_organisation_ids


def oversees_organisation(*, user, organisation_id) -> bool:
    """Supervises one of the organisation's units or administers the organisation."""
    roles = user_roles(user)
    return (
        organisation_id in roles.supervised_organisation_ids
        or organisation_id in roles.admin_organisation_ids
    )


def brings_staff_into(*, user, unit) -> bool:
    """Invites people to the unit and manages their invitations: the unit's supervisor or the
    organisation's admin (no query beyond the cached roles)."""
    return supervises_unit(user=user, unit_id=unit.id) or administers_organisation(
        user=user, organisation_id=unit.organisation_id
    )


# --- Scopes: querysets that start from what the user may see ----------------------------------


def units_supervised_by(*, user) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=user_roles(user).supervised_unit_ids)


def units_visible_to(*, user) -> QuerySet[Unit]:
    """Units whose staff and programmes the user may see as a supervisor or organisation admin."""
    roles = user_roles(user)
    return Unit.objects.filter(
        Q(id__in=roles.supervised_unit_ids) | Q(organisation_id__in=roles.admin_organisation_ids)
    )


def organisations_administered_by(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=user_roles(user).admin_organisation_ids)


def organisations_overseen_by(*, user) -> QuerySet[Organisation]:
    """Organisations where the user supervises a unit or is the admin."""
    roles = user_roles(user)
    return Organisation.objects.filter(
        pk__in=roles.supervised_organisation_ids | roles.admin_organisation_ids
    )


# --- Who holds a role in given units (for lists and reminders, not for the user's own access) --


def worker_memberships(*, user, units) -> QuerySet[Membership]:
    """The user's memberships as a worker in ``units`` (a queryset or list of units)."""
    return Membership.objects.filter(user=user, role=Membership.Role.WORKER, unit__in=units)


def workers_of_units(*, unit_ids: Iterable[UUID]) -> QuerySet[Membership]:
    return Membership.objects.filter(role=Membership.Role.WORKER, unit_id__in=unit_ids)


def supervisor_memberships(*, unit_ids=None, user_ids=None) -> QuerySet[Membership]:
    """Supervisors' memberships: of every unit, or of ``unit_ids``; of everyone, or ``user_ids``."""
    memberships = Membership.objects.filter(role=Membership.Role.SUPERVISOR)
    if unit_ids is not None:
        memberships = memberships.filter(unit_id__in=list(unit_ids))
    if user_ids is not None:
        memberships = memberships.filter(user_id__in=list(user_ids))
    return memberships
