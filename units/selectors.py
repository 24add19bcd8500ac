"""Who may see what, read once per request and cached on the user object."""

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import QuerySet

from .models import Membership, OrganisationAdmin, Unit


@dataclass(frozen=True)
class Roles:
    supervised_unit_ids: frozenset[UUID] = field(default_factory=frozenset)
    worker_unit_ids: frozenset[UUID] = field(default_factory=frozenset)
    admin_organisation_ids: frozenset[UUID] = field(default_factory=frozenset)
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
    supervised, worker, orgs = set(), set(), set()
    for unit_id, org_id, role in Membership.objects.filter(user=user).values_list(
        "unit_id", "unit__organisation_id", "role"
    ):
        (supervised if role == Membership.Role.SUPERVISOR else worker).add(unit_id)
        orgs.add(org_id)
    admin_orgs = set(
        OrganisationAdmin.objects.filter(user=user).values_list("organisation_id", flat=True)
    )
    roles = Roles(
        supervised_unit_ids=frozenset(supervised),
        worker_unit_ids=frozenset(worker),
        admin_organisation_ids=frozenset(admin_orgs),
        organisation_ids=frozenset(orgs | admin_orgs),
    )
    user._mentorpolku_roles = roles
    return roles


def units_supervised_by(*, user) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=user_roles(user).supervised_unit_ids)


def units_visible_to(*, user) -> QuerySet[Unit]:
    """Units whose staff and programmes the user may see as a supervisor or organisation admin."""
    roles = user_roles(user)
    from django.db.models import Q

    return Unit.objects.filter(
        Q(id__in=roles.supervised_unit_ids) | Q(organisation_id__in=roles.admin_organisation_ids)
    )
