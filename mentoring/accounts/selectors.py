"""Reads of people and invitations."""

from django.db.models import QuerySet

from .models import Invitation


def pending_invitations(*, organisation=None, unit=None) -> QuerySet[Invitation]:
    """Invitations not yet used and not expired, to the organisation's units (or to one unit)."""
    invitations = Invitation.objects.usable().select_related("unit", "invited_by")
    if unit is not None:
        invitations = invitations.filter(unit=unit)
    if organisation is not None:
        invitations = invitations.filter(unit__organisation=organisation)
    return invitations.order_by("unit__name", "email")
