"""Reads of people and invitations."""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from units.access import units_visible_to
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


def invitations_listed(*, unit=None, programme=None) -> QuerySet[Invitation]:
    """Every invitation (any state) to the unit or to the programme, newest first, with who
    sent and who used it. The caller has fetched the unit or programme through the user."""
    invitations = Invitation.objects.select_related("unit", "invited_by", "accepted_by")
    if unit is not None:
        invitations = invitations.filter(unit=unit)
    if programme is not None:
        invitations = invitations.filter(programme=programme)
    return invitations.order_by("-created_at", "-pk")


def _state_filters() -> dict[str, Q]:
    now = timezone.now()
    open_ = Q(accepted_at__isnull=True, withdrawn_at__isnull=True)
    return {
        Invitation.State.PENDING: open_ & Q(expires_at__gt=now),
        Invitation.State.ACCEPTED: Q(accepted_at__isnull=False),
        Invitation.State.EXPIRED: open_ & Q(expires_at__lte=now),
        Invitation.State.WITHDRAWN: Q(accepted_at__isnull=True, withdrawn_at__isnull=False),
    }


def in_state(invitations: QuerySet[Invitation], state: str) -> QuerySet[Invitation]:
    """Those of ``invitations`` in the state (all for an unknown one)."""
    condition = _state_filters().get(state)
    return invitations if condition is None else invitations.filter(condition)


def invitation_counts(invitations: QuerySet[Invitation]) -> dict[str, int]:
    """How many of ``invitations`` are in each state: one query."""
    return invitations.order_by().aggregate(
        **{str(state): Count("pk", filter=q) for state, q in _state_filters().items()}
    )


def invitation_for_manager(*, user, key) -> Invitation:
    """An invitation to a unit whose staff the user brings in (its supervisor, the
    organisation admin); anyone else gets 404."""
    invitation = (
        Invitation.objects.filter(key=key, unit__in=units_visible_to(user=user))
        .select_related("unit", "programme")
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


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


def unit_for_inviter(*, user, unit_id):
    """A unit whose staff the user brings in (its supervisor, the organisation admin); anyone
    else gets 404."""
    unit = units_visible_to(user=user).select_related("organisation").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def sso_links_of_person(*, user) -> list[tuple[SocialAccount, str]]:
    """The person's accounts at their organisations' sign-in services, each with the
    organisation's name: two queries. Only the link is kept (subject, issuer, dates)."""
    accounts = list(SocialAccount.objects.filter(user=user).order_by("date_joined", "pk"))
    ids = {a.pk: organisation_id_of_provider(a.provider) for a in accounts}
    names = dict(
        Organisation.objects.filter(pk__in=[i for i in ids.values() if i]).values_list("pk", "name")
    )
    return [(a, names.get(ids[a.pk], a.provider)) for a in accounts]
