"""Erasing a person, as far as matching holds them: suggestions that offer them go (their
sign-ups no longer wait for a pair). Pairing rules and rejections hold no words and stay."""

from django.db.models import Q

from .models import Suggestion


def suggestions_drop_for_person(*, user) -> None:
    Suggestion.objects.filter(
        Q(mentor__user=user) | Q(actor__user=user), status__in=Suggestion.CURRENT
    ).delete()
