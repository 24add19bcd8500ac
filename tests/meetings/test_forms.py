"""Meeting times around the clock changes in Europe/Helsinki (the project's time zone).

2026-03-29: the clocks go forward at 03:00 → 04:00, so 03:00–03:59 does not exist.
2026-10-25: the clocks go back at 04:00 → 03:00, so 03:00–03:59 comes twice.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from mentoring.agreements.models import Goal
from mentoring.meetings import services
from mentoring.meetings.forms import LogForm, MeetingTimeForm, NonExistentLocalTime, local_moment
from mentoring.meetings.models import Meeting
from mentoring.programmes.models import Theme

HELSINKI = ZoneInfo("Europe/Helsinki")
HOUR = 3600


def _form(day: str, time: str, minutes: int = 60) -> MeetingTimeForm:
    return MeetingTimeForm({"date": day, "start_time": time, "minutes": minutes, "place": ""})


def _seconds(form) -> float:
    data = form.cleaned_data
    return data["ends_at"].timestamp() - data["starts_at"].timestamp()


def test_an_ordinary_day():
    form = _form("2026-06-01", "10:00")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)
    assert _seconds(form) == HOUR and not form.ambiguous_time


def test_an_hour_across_the_clocks_going_back_lasts_an_hour():
    form = _form("2026-10-25", "03:30")
    assert form.is_valid(), form.errors
    # the first 03:30, still summer time (UTC+3)
    assert form.cleaned_data["starts_at"] == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    assert _seconds(form) == HOUR
    assert form.ambiguous_time


def test_an_hour_that_ends_after_the_clocks_went_back_lasts_an_hour():
    form = _form("2026-10-25", "02:30", minutes=120)
    assert form.is_valid(), form.errors
    assert _seconds(form) == 2 * HOUR and not form.ambiguous_time


def test_a_time_skipped_when_the_clocks_go_forward_is_refused_next_to_the_field():
    form = _form("2026-03-29", "03:30")
    assert not form.is_valid()
    assert "does not exist" in form.errors["start_time"][0]
    assert "starts_at" not in form.cleaned_data


def test_an_hour_across_the_clocks_going_forward_lasts_an_hour():
    form = _form("2026-03-29", "02:30")
    assert form.is_valid(), form.errors
    assert _seconds(form) == HOUR and not form.ambiguous_time


def test_local_moment():
    with pytest.raises(NonExistentLocalTime):
        local_moment(dt.date(2026, 3, 29), dt.time(3, 0), HELSINKI)
    assert local_moment(dt.date(2026, 3, 29), dt.time(4, 0), HELSINKI) == (
        dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC),
        False,
    )
    assert local_moment(dt.date(2026, 10, 25), dt.time(3, 0), HELSINKI)[1] is True
    assert local_moment(dt.date(2026, 10, 25), dt.time(4, 0), HELSINKI)[1] is False


@pytest.fixture
def october(world):
    world.programme.starts_on = dt.date(2026, 3, 1)
    world.programme.ends_on = dt.date(2026, 12, 31)
    world.programme.save()
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        yield world


@pytest.mark.django_db
def test_the_service_measures_a_meeting_in_real_time(october):
    # The same wall-clock 03:30 twice: an hour apart in real time.
    start = dt.datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI)
    end = start.replace(fold=1)
    meeting = services.meeting_propose(
        pair=october.pair,
        kind="regular",
        starts_at=start,
        ends_at=end,
        by=october.cast.worker_a,
    )
    meeting.refresh_from_db()
    assert meeting.ends_at - meeting.starts_at == dt.timedelta(hours=1)


@pytest.mark.django_db
def test_proposing_across_the_clock_changes(october):
    client = october.cast.client("worker_a")
    url = reverse("meetings:propose", kwargs={"pair_id": october.pair.pk})
    data = {"kind": "regular", "minutes": "60", "place": ""}
    response = client.post(url, {**data, "date": "2026-03-29", "start_time": "03:30"})
    assert response.status_code == 200
    assert "does not exist" in str(response.context["form"].errors["start_time"])
    assert not Meeting.objects.filter(starts_at__date=dt.date(2026, 3, 29)).exists()

    response = client.post(url, {**data, "date": "2026-10-25", "start_time": "03:30"}, follow=True)
    meeting = Meeting.objects.get(pair=october.pair, starts_at__year=2026, starts_at__month=10)
    assert meeting.starts_at == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    assert meeting.ends_at - meeting.starts_at == dt.timedelta(hours=1)
    assert meeting.planned_minutes == 60
    shown = [str(m) for m in response.context["messages"]]
    assert any("comes twice" in m and "first 03:30" in m for m in shown)


@pytest.mark.parametrize(
    "language, label, help_text",
    [
        (
            "en",
            "Notes for the two of you",
            "Only the two of you can read these notes. Your supervisor never sees them.",
        ),
        (
            "fi",
            "Teidän kahden muistiinpanot",
            "Vain te kaksi voitte lukea nämä muistiinpanot. Esihenkilösi ei näe niitä koskaan.",
        ),
        ("sv", "Era gemensamma anteckningar", None),
    ],
)
def test_the_log_notes_say_that_both_members_read_them(language, label, help_text):
    """Not "own notes" ("omat muistiinpanot"): the partner reads them too."""
    with translation.override(language):
        field = LogForm(themes=Theme.objects.none(), goals=Goal.objects.none()).fields["notes"]
        assert str(field.label) == label
        if help_text:
            assert str(field.help_text) == help_text


# --- bounds: nothing reaches the arithmetic out of range ---------------------------------------


@pytest.mark.parametrize(
    "minutes", ["9223372036854775808", "-9223372036854775809", "100000000", "14", "181"]
)
def test_a_length_out_of_bounds_is_refused_in_the_services_words(minutes):
    with translation.override("en"):
        form = _form("2026-06-01", "10:00", minutes)
        assert not form.is_valid()
        assert form.errors["minutes"] == ["A meeting lasts from 15 to 180 minutes."]
    assert "ends_at" not in form.cleaned_data


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01", "0001-01-01", "1999-12-31"])
def test_a_day_far_off_is_refused(day):
    with translation.override("en"):
        form = _form(day, "23:30")
        assert not form.is_valid()
        assert form.errors["date"] == ["Choose a day between 01/01/2000 and 12/31/2100."]
