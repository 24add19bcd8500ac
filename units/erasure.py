"""Erasing a person, as far as units hold them: their memberships and admin roles end."""

from .models import Membership, OrganisationAdmin


def memberships_end_for_person(*, user) -> None:
    """End every membership (job title, shifts, years in the field go with it) and every
    organisation admin role of the person."""
    Membership.objects.filter(user=user).delete()
    OrganisationAdmin.objects.filter(user=user).delete()
