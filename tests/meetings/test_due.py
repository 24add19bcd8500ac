"""The reads the reminders sweep uses."""

import datetime as dt

import pytest
from django.utils import timezone

from mentoring.meetings.due import (
    last_held_meetings,
    meetings_starting_between,
    meetings_to_log,
    with_meeting_dates,
)
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from tests.utils import count_queries

from .conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_meetings_starting_between(world):
    now = timezone.now()
    declined = make_meeting(world.pair, days=3, approval="declined", approval_comment="x")
    cancelled = make_meeting(world.pair, days=4, status="cancelled", cancel_reason="x")
    pending = make_meeting(world.other_pair, days=2, approval="pending")
    found = list(meetings_starting_between(start=now, end=now + dt.timedelta(days=7)))
    assert found == [pending, world.planned_meeting]
    assert declined not in found and cancelled not in found
    count, _ = count_queries(lambda: [m.pair.mentor.user.email for m in found])
    assert count == 0  # people come with the meetings
    world.pair.status = Pair.Status.CONCLUDED
    world.pair.save()
    assert list(meetings_starting_between(start=now, end=now + dt.timedelta(days=7))) == [pending]


def test_meetings_to_log(world):
    unlogged = make_meeting(world.pair, days=-2)
    make_meeting(world.pair, days=-3, status="cancelled", cancel_reason="x")
    make_meeting(world.pair, days=-4, approval="declined", approval_comment="x")
    make_meeting(world.pair, days=-5, approval="pending")  # cannot be logged until approved
    approved = make_meeting(world.other_pair, days=-6, approval="approved")
    assert list(meetings_to_log()) == [approved, unlogged]
    assert list(meetings_to_log(now=timezone.now() - dt.timedelta(days=5))) == [approved]
    world.pair.status = Pair.Status.CONCLUDED  # its meetings can no longer be logged
    world.pair.save()
    assert list(meetings_to_log()) == [approved]


def test_last_held_per_pair_in_one_query(world):
    later = make_meeting(world.other_pair, days=-3, status="held", held_minutes=40)
    make_meeting(world.other_pair, days=-9, status="held", held_minutes=40)
    count, result = count_queries(last_held_meetings, pair_ids=[world.pair.pk, world.other_pair.pk])
    assert count == 1
    assert result == {world.pair.pk: world.evaluation_meeting, world.other_pair.pk: later}
    pairs = {p.pk: p for p in with_meeting_dates(Pair.objects.all())}
    mine = pairs[world.pair.pk]
    assert mine.last_held_at == world.evaluation_meeting.starts_at
    assert mine.next_planned_at == world.planned_meeting.starts_at
    assert (mine.held_count, mine.held_minutes) == (2, 110)
    assert pairs[world.other_pair.pk].next_planned_at is None
    assert Meeting.objects.count() == 5
