"""Reads of people and invitations."""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.db.models import Q, QuerySet

from units.models import Organisation

from .models import CalendarFeed, Invitation
from .signin.sso import organisation_id_of_provider


def pending_invitations(*, organisation=None, unit=None) -> QuerySet[Invitation]:
    """Invitations not yet used and not expired, to the organisation's units (or to one unit)."""
    invitations = Invitation.objects.usable().select_related("unit", "invited_by")
    if unit is not None:
        invitations = invitations.filter(unit=unit)
    if organisation is not None:
        invitations = invitations.filter(unit__organisation=organisation)
    return invitations.order_by("unit__name", "email")


def invitations_of_person(*, user) -> list[Invitation]:
    """Invitations sent to the person's address or used by them: one query."""
    return list(
        Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user))
        .select_related("unit", "organisation", "programme")
        .order_by("created_at")
    )


def calendar_feed_of_person(*, user) -> CalendarFeed | None:
    """The person's calendar address row, if they made one: one query."""
    return CalendarFeed.objects.filter(user=user).first()


def authenticators_of_person(*, user) -> list[Authenticator]:
    """The person's second factors, kind and dates only: one query. ``data`` (the secret, the
    recovery codes, the passkey credential) is never loaded."""
    return list(
        Authenticator.objects.filter(user=user)
        .only("id", "user_id", "type", "created_at", "last_used_at")
        .order_by("created_at", "pk")
    )


def sso_links_of_person(*, user) -> list[tuple[SocialAccount, str]]:
    """The person's accounts at their organisations' sign-in services, each with the
    organisation's name: two queries. Only the link is kept (subject, issuer, dates)."""
    accounts = list(SocialAccount.objects.filter(user=user).order_by("date_joined", "pk"))
    ids = {a.pk: organisation_id_of_provider(a.provider) for a in accounts}
    names = dict(
        Organisation.objects.filter(pk__in=[i for i in ids.values() if i]).values_list("pk", "name")
    )
    return [(a, names.get(ids[a.pk], a.provider)) for a in accounts]
