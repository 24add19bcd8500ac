"""Erasing a person, as far as matching holds them: suggestions that offer them go (their
sign-ups no longer wait for a pair), and so do the stored runs of their programmes (a run's
result may name them). Pairing rules and rejections hold no words and stay."""

from django.db.models import Q

from .models import Suggestion, SuggestionRun


def suggestions_drop_for_person(*, user) -> None:
    Suggestion.objects.filter(
        Q(mentor__user=user) | Q(actor__user=user), status__in=Suggestion.CURRENT
    ).delete()
    SuggestionRun.objects.filter(programme__signups__user=user).delete()
