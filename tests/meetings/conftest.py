"""Meetings tests start from the authorization world: programme in unit A, pair
worker_a (mentor) – worker_a2 (actor) with an accepted agreement and a goal, a held first
meeting with notes, a planned meeting in 5 days and a held evaluation meeting yesterday."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.authz.world import build_world


@pytest.fixture
def world(cast):
    return build_world(cast)


def local(days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime ``days`` from today at hour:minute, Helsinki time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
