import datetime as dt

import pytest

from mentoring.core.working_time import (
    HELSINKI,
    finnish_holidays,
    is_working_day,
    iso_week,
    next_working_moment,
    week_start,
    working_day_start_before,
)


def hki(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HELSINKI)


def test_finnish_holidays_of_2026_are_the_official_ones():
    days = finnish_holidays(2026)
    assert {
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 6),
        dt.date(2026, 4, 3),  # Good Friday
        dt.date(2026, 4, 5),  # Easter Sunday
        dt.date(2026, 4, 6),  # Easter Monday
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 14),  # Ascension Day
        dt.date(2026, 5, 24),  # Whit Sunday
        dt.date(2026, 6, 19),  # Midsummer Eve (Friday)
        dt.date(2026, 6, 20),  # Midsummer Day (Saturday)
        dt.date(2026, 10, 31),  # All Saints' Day (Saturday)
        dt.date(2026, 12, 6),
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 26),
    } == set(days)


@pytest.mark.parametrize(
    ("year", "good_friday", "midsummer_eve", "all_saints"),
    [
        (2025, dt.date(2025, 4, 18), dt.date(2025, 6, 20), dt.date(2025, 11, 1)),
        (2027, dt.date(2027, 3, 26), dt.date(2027, 6, 25), dt.date(2027, 11, 6)),
        (2028, dt.date(2028, 4, 14), dt.date(2028, 6, 23), dt.date(2028, 11, 4)),
    ],
)
def test_moving_holidays_follow_easter_and_the_saturday_rules(
    year, good_friday, midsummer_eve, all_saints
):
    days = finnish_holidays(year)
    assert days[good_friday] == "Good Friday"
    assert days[midsummer_eve] == "Midsummer Eve"
    assert days[midsummer_eve + dt.timedelta(days=1)] == "Midsummer Day"
    assert days[all_saints] == "All Saints' Day"
    assert midsummer_eve.weekday() == 4 and all_saints.weekday() == 5


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(dt.date(2026, 12, 1))  # Tuesday
    assert not is_working_day(dt.date(2026, 12, 5))  # Saturday
    assert not is_working_day(dt.date(2026, 12, 24))  # Christmas Eve, Thursday
    assert not is_working_day(dt.date(2026, 4, 6))  # Easter Monday


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (hki(2026, 12, 1, 9, 30), hki(2026, 12, 1, 9, 30)),  # in working time: now
        (hki(2026, 12, 1, 7, 59), hki(2026, 12, 1, 8, 0)),  # early: at 8
        (hki(2026, 12, 1, 16, 0), hki(2026, 12, 2, 8, 0)),  # 16:00 is after hours
        (hki(2026, 12, 4, 17, 0), hki(2026, 12, 7, 8, 0)),  # Friday evening → Monday
        (hki(2026, 12, 23, 18, 0), hki(2026, 12, 28, 8, 0)),  # Christmas → Monday 28th
        (hki(2026, 4, 2, 16, 30), hki(2026, 4, 7, 8, 0)),  # Easter: Thursday → Tuesday
        (hki(2026, 6, 18, 20, 0), hki(2026, 6, 22, 8, 0)),  # Midsummer
    ],
)
def test_next_working_moment(moment, expected):
    assert next_working_moment(moment) == expected


def test_next_working_moment_over_the_spring_dst_change_is_8_local_time():
    # Clocks go forward on Sunday 29 March 2026 at 03:00 (UTC+2 → UTC+3).
    friday_evening = hki(2026, 3, 27, 18, 0)
    monday = next_working_moment(friday_evening)
    assert monday.astimezone(HELSINKI).hour == 8
    assert monday.utcoffset() == dt.timedelta(hours=3)
    assert monday.astimezone(dt.UTC) == dt.datetime(2026, 3, 30, 5, 0, tzinfo=dt.UTC)


def test_next_working_moment_over_the_autumn_dst_change_is_8_local_time():
    # Clocks go back on Sunday 25 October 2026 at 04:00 (UTC+3 → UTC+2).
    saturday = dt.datetime(2026, 10, 24, 12, 0, tzinfo=dt.UTC)
    monday = next_working_moment(saturday)
    assert monday.astimezone(dt.UTC) == dt.datetime(2026, 10, 26, 6, 0, tzinfo=dt.UTC)
    assert monday.astimezone(HELSINKI).hour == 8


def test_utc_input_is_judged_in_helsinki_time():
    # 14:30 UTC is 16:30 in Helsinki in winter: after hours.
    late = dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.UTC)
    assert next_working_moment(late) == hki(2026, 12, 2, 8, 0)


def test_working_day_start_before_skips_weekends_and_holidays():
    assert working_day_start_before(dt.date(2026, 12, 7)) == hki(2026, 12, 4, 8)  # Mon → Fri
    assert working_day_start_before(dt.date(2026, 12, 2)) == hki(2026, 12, 1, 8)
    assert working_day_start_before(dt.date(2026, 12, 28)) == hki(2026, 12, 23, 8)
    assert working_day_start_before(dt.date(2026, 12, 28), 2) == hki(2026, 12, 22, 8)


def test_week_start_and_iso_week():
    moment = hki(2026, 12, 3, 10)
    assert week_start(moment) == hki(2026, 11, 30, 0)
    assert iso_week(moment) == "2026-W49"


def test_working_hours_can_be_switched_off(settings):
    settings.REMINDER_RESPECT_WORKING_HOURS = False
    sunday_night = hki(2026, 12, 6, 23, 0)
    assert next_working_moment(sunday_night) == sunday_night
