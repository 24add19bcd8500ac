"""Erasing a person, as far as programmes hold them: the words of their sign-ups, and the
requests to take part sent with their address.

The sign-ups themselves stay (a pair's members and the programme's counts rest on them). One
that nothing holds is withdrawn: an erased person waits for no mentor and is offered to no
supervisor."""

from django.db.models import OuterRef

from .hooks import signup_held
from .models import ParticipationRequest, SignUp


def signups_anonymise_for_person(*, user) -> None:
    signups = SignUp.objects.filter(user=user)
    signups.update(themes_text="")
    (
        signups.filter(status=SignUp.Status.ACTIVE)
        .alias(held=signup_held(OuterRef("pk")))
        .filter(held=False)
        .update(status=SignUp.Status.WITHDRAWN)
    )


def participation_requests_delete_for_person(*, user) -> None:
    """Requests to take part sent with the person's address: they served only to invite them."""
    ParticipationRequest.objects.filter(email__iexact=user.email).delete()
