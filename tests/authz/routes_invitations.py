"""Invitations at scale and requests to take part. A unit's invitations: its supervisors and
the organisation admin. A programme's invitations and requests: the supervisors who run it.
The requests are made on the public page behind the short link (``programmes:short``)."""

from django.utils import timezone

from mentoring.accounts.models import Invitation
from mentoring.programmes.models import ParticipationRequest

from .routes import LOGIN, Route

UNIT_A_OVERSEERS = {"anon": LOGIN, "sup_a": 200, "admin": 200, "*": 404}


def _unit_a(w):
    return {"unit_id": w.cast.unit_a.pk}


def _programme(w):
    return {"programme_id": w.programme.pk}


def _invitation(w):
    invitation, _created = Invitation.objects.get_or_create(
        email="invited@example.test",
        unit=w.cast.unit_a,
        defaults={
            "token_hash": Invitation.new_token()[1],
            "invited_by": w.cast.sup_a,
            "expires_at": timezone.now() + timezone.timedelta(days=14),
            "programme": w.programme,
        },
    )
    return {"key": invitation.key}


def _request(w):
    request, _created = ParticipationRequest.objects.get_or_create(
        programme=w.programme,
        email="asking@example.test",
        defaults={"unit": w.cast.unit_a, "name": "Kysyjä", "role": "actor"},
    )
    return {"programme_id": w.programme.pk, "request_id": request.pk}


ROUTES = {
    "accounts:unit_invitations": Route(kwargs=_unit_a, expect=UNIT_A_OVERSEERS),
    "accounts:unit_invite_many": Route(kwargs=_unit_a, expect=UNIT_A_OVERSEERS),
    # Resend: the unit's supervisor and the admin (back to the list); others 404.
    "accounts:invitation_action": Route(
        method="post",
        kwargs=_invitation,
        data=lambda w: {"action": "resend"},
        expect={"anon": LOGIN, "sup_a": 302, "admin": 302, "*": 404},
    ),
    "programmes:invitations": Route(
        kwargs=_programme, expect={"anon": LOGIN, "sup_a": 200, "*": 404}
    ),
    "programmes:invite_many": Route(
        kwargs=_programme, expect={"anon": LOGIN, "sup_a": 200, "*": 404}
    ),
    # Decline first (the matrix runs the members in order; sup_a's click handles it).
    "programmes:request_decline": Route(
        method="post",
        kwargs=_request,
        data=lambda w: {"notify": "on"},
        expect={"anon": LOGIN, "sup_a": 302, "*": 404},
    ),
    "programmes:request_accept": Route(
        method="post", kwargs=_request, expect={"anon": LOGIN, "sup_a": 302, "*": 404}
    ),
}
