"""Who may see what, read once per request and cached on the user object."""

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from mentoring.accounts.models import Invitation

from .models import Membership, Organisation, OrganisationAdmin, Unit


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
    return Unit.objects.filter(
        Q(id__in=roles.supervised_unit_ids) | Q(organisation_id__in=roles.admin_organisation_ids)
    )


# --- The organisation admin's pages: the object, if the user is its organisation's admin ----
# Anyone else gets 404, so a page never tells an outsider that the object exists.


def organisations_administered_by(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=user_roles(user).admin_organisation_ids)


def organisation_for_admin(*, user, organisation_id) -> Organisation:
    organisation = organisations_administered_by(user=user).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


def unit_for_admin(*, user, unit_id) -> Unit:
    unit = (
        Unit.objects.select_related("organisation")
        .filter(pk=unit_id, organisation_id__in=user_roles(user).admin_organisation_ids)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def membership_for_admin(*, user, membership_key) -> Membership:
    membership = (
        Membership.objects.select_related("user", "unit__organisation")
        .filter(
            key=membership_key,
            unit__organisation_id__in=user_roles(user).admin_organisation_ids,
        )
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def units_overview(*, organisation) -> list[Unit]:
    """The organisation's units, each with ``supervisor_memberships`` (users loaded) and
    ``worker_count``: two queries however many units and people."""
    supervisors = Membership.objects.filter(role=Membership.Role.SUPERVISOR).select_related("user")
    return list(
        Unit.objects.filter(organisation=organisation)
        .annotate(
            worker_count=Count("memberships", filter=Q(memberships__role=Membership.Role.WORKER))
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=supervisors.order_by("user__name", "user__email"),
                to_attr="supervisor_memberships",
            )
        )
        .order_by("name")
    )


def unit_members(*, unit) -> list[Membership]:
    """Supervisors first, then workers, each by name."""
    return list(
        Membership.objects.filter(unit=unit)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )


def pending_invitations(*, organisation=None, unit=None) -> QuerySet[Invitation]:
    """Invitations not yet used and not expired, to the organisation's units (or to one unit)."""
    invitations = Invitation.objects.usable().select_related("unit", "invited_by")
    if unit is not None:
        invitations = invitations.filter(unit=unit)
    if organisation is not None:
        invitations = invitations.filter(unit__organisation=organisation)
    return invitations.order_by("unit__name", "email")
