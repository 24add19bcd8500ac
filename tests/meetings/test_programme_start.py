"""A new programme starts today by default, and its pairs can book from its first day."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from mentoring.meetings import services
from mentoring.programmes.services import default_dates

from .conftest import local

pytestmark = pytest.mark.django_db


def test_a_new_programme_starts_today_and_runs_half_a_year():
    today = dt.date(2026, 3, 2)
    assert default_dates(today) == (today, dt.date(2026, 8, 31))


@time_machine.travel(dt.datetime(2026, 3, 4, 8, 0, tzinfo=dt.UTC), tick=False)  # 10:00 Helsinki
def test_a_meeting_can_be_booked_on_the_programmes_first_day(world):
    world.programme.starts_on, world.programme.ends_on = default_dates()
    world.programme.save()
    assert world.programme.starts_on == timezone.localdate()
    start = local(0, 14)  # this afternoon, the programme's first day
    meeting = services.meeting_propose(
        pair=world.pair,
        kind="regular",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=60),
        place="Taukotila",
        by=world.cast.worker_a,
    )
    assert timezone.localtime(meeting.starts_at).date() == world.programme.starts_on
