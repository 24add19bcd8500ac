import datetime as dt

import pytest
from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.meetings.models import Meeting
from mentoring.meetings.selectors import propose_defaults, suggest_next_date

from .conftest import local

pytestmark = pytest.mark.django_db
today = timezone.localdate


def test_next_date_follows_the_agreements_cadence(world):
    agreement = world.agreement
    agreement.cadence_days = 21
    suggested = suggest_next_date(pair=world.pair, agreement=agreement, last_start=local(5))
    assert suggested == today() + dt.timedelta(days=26)


def test_without_agreement_the_programmes_shortest_cadence(world):
    suggested = suggest_next_date(pair=world.pair, agreement=None, last_start=local(2))
    assert suggested == today() + dt.timedelta(days=2 + world.programme.cadence_min_days)


def test_first_meeting_about_a_week_after_publication(world):
    world.pair.published_at = timezone.now() - dt.timedelta(days=2)
    assert suggest_next_date(
        pair=world.pair, agreement=None, last_start=None
    ) == today() + dt.timedelta(days=5)
    world.pair.published_at = timezone.now() - dt.timedelta(days=30)
    # a lapsed suggestion moves to tomorrow, never into the past
    assert suggest_next_date(
        pair=world.pair, agreement=None, last_start=None
    ) == today() + dt.timedelta(days=1)


def test_no_suggestion_after_the_programme_ends(world):
    world.programme.ends_on = today() + dt.timedelta(days=10)
    assert suggest_next_date(pair=world.pair, agreement=None, last_start=local(0)) is None


def test_propose_defaults_for_a_new_pair(world):
    Meeting.objects.filter(pair=world.pair).delete()
    Agreement.objects.filter(pair=world.pair).update(usual_place="Kirjasto")
    defaults = propose_defaults(pair=world.pair)
    assert defaults.kinds == ["first", "regular", "evaluation"]
    assert defaults.initial["kind"] == "first"
    assert defaults.initial["place"] == "Kirjasto"
    assert defaults.initial["start_time"] == dt.time(13, 0)
