"""Reads of organisations, units and their people, always through the user (the roles are
decided in ``units.access``)."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from mentoring.core.counting import count_per_row

from .access import organisations_administered_by, supervisor_memberships, user_roles
from .models import Membership, Organisation, OrganisationAdmin, Unit

# --- The organisation admin's pages: the object, if the user is its organisation's admin ----
# Anyone else gets 404, so a page never tells an outsider that the object exists.


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


def units_overview(*, organisation) -> QuerySet[Unit]:
    """The organisation's units, each with ``supervisor_memberships`` (users loaded) and
    ``worker_count``: two queries however many units and people (a page of them: a county
    has a thousand)."""
    supervisors = supervisor_memberships().select_related("user")
    workers = Membership.objects.filter(role=Membership.Role.WORKER)
    return (
        Unit.objects.filter(organisation=organisation)
        # Counted per unit shown (a subquery), not by grouping every membership of the
        # organisation before taking a page of units (issue 13).
        .annotate(worker_count=count_per_row(workers, link="unit"))
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


def organisations_for_statements(*, user) -> list[Organisation]:
    """Whose contact details the privacy notice and the accessibility statement show: the
    signed-in person's own organisations, or every organisation for anyone else (each one is
    the controller of its own people's data). One query (the roles are cached)."""
    own = user_roles(user).organisation_ids
    organisations = Organisation.objects.all()
    if own:
        organisations = organisations.filter(pk__in=own)
    return list(organisations.order_by("name"))


# --- Data about one person (their own data, for "My data") ----------------------------------


def memberships_of_person(*, user) -> list[Membership]:
    """The person's memberships with their units and organisations: one query."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("unit__organisation")
        .order_by("unit__organisation__name", "unit__name")
    )


def admin_roles_of_person(*, user) -> list[OrganisationAdmin]:
    return list(
        OrganisationAdmin.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
