"""Working time in Finland: Monday–Friday, 8–16 Europe/Helsinki, except public holidays.

Reminders are sent only in working time; one that falls due outside it waits for the next
working moment; a pair's path counts working days before a meeting. Every local time is built from a date and a wall-clock time with the
Helsinki zone (never by adding hours to an aware datetime), so DST changes cannot shift
the working day.
"""

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.easter import easter

from .tunables import tunable

HELSINKI = ZoneInfo("Europe/Helsinki")


def respect_working_hours() -> bool:
    """Off only for the service tests that run a real worker at any hour."""
    return bool(tunable("REMINDER_RESPECT_WORKING_HOURS", True))


def working_hours() -> tuple[int, int]:
    return tuple(tunable("REMINDER_WORKING_HOURS", (8, 16)))


def _weekday_between(year: int, month: int, first_day: int, weekday: int) -> dt.date:
    """The first ``weekday`` (Mon=0) on or after ``first_day`` of the month."""
    start = dt.date(year, month, first_day)
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


@lru_cache(maxsize=64)
def finnish_holidays(year: int) -> dict[dt.date, str]:
    """Public holidays and the customary days off (Midsummer Eve, Christmas Eve) of ``year``."""
    e = easter(year)
    days = {
        dt.date(year, 1, 1): "New Year's Day",
        dt.date(year, 1, 6): "Epiphany",
        e - dt.timedelta(days=2): "Good Friday",
        e: "Easter Sunday",
        e + dt.timedelta(days=1): "Easter Monday",
        dt.date(year, 5, 1): "May Day",
        e + dt.timedelta(days=39): "Ascension Day",
        e + dt.timedelta(days=49): "Whit Sunday",
        _weekday_between(year, 6, 19, 4): "Midsummer Eve",  # Friday 19–25 June
        _weekday_between(year, 6, 20, 5): "Midsummer Day",  # Saturday 20–26 June
        _weekday_between(year, 10, 31, 5): "All Saints' Day",  # Saturday 31 Oct – 6 Nov
        dt.date(year, 12, 6): "Independence Day",
        dt.date(year, 12, 24): "Christmas Eve",
        dt.date(year, 12, 25): "Christmas Day",
        dt.date(year, 12, 26): "St Stephen's Day",
    }
    return days


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in finnish_holidays(day.year)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HELSINKI)


def next_working_moment(moment: dt.datetime) -> dt.datetime:
    """``moment`` itself if it is in working time, else the start of the next working period."""
    if not respect_working_hours():
        return moment
    start, end = working_hours()
    local = moment.astimezone(HELSINKI)
    day = local.date()
    if is_working_day(day) and local.hour < end:
        return moment if local.hour >= start else _at(day, start)
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return _at(day, start)


def is_working_time(moment: dt.datetime) -> bool:
    """Whether a reminder may go out at ``moment`` (always, with working hours off)."""
    return next_working_moment(moment) == moment


def working_day_start_before(day: dt.date, working_days: int = 1) -> dt.datetime:
    """The start of the ``working_days``-th working day before ``day`` (8:00 Helsinki)."""
    start, _end = working_hours()
    remaining = max(working_days, 0)
    while remaining:
        day -= dt.timedelta(days=1)
        if is_working_day(day) or not respect_working_hours():
            remaining -= 1
    return _at(day, start)


def week_start(moment: dt.datetime) -> dt.datetime:
    """Monday 00:00 Helsinki of the ISO week that holds ``moment``."""
    local = moment.astimezone(HELSINKI).date()
    return dt.datetime.combine(
        local - dt.timedelta(days=local.weekday()), dt.time(0), tzinfo=HELSINKI
    )


def iso_week(moment: dt.datetime) -> str:
    year, week, _day = moment.astimezone(HELSINKI).isocalendar()
    return f"{year}-W{week:02d}"
