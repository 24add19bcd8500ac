"""The rules the meeting services check, each once: who may act, whether the pair is
running (or concluded after the meeting started), a time ahead for a booking and a time
passed for a record, lengths, overlaps, the first meeting, a log's themes and goals.

Each raises DomainError with a message for the person (and the form field it is about).
The services call them inside their transaction, after locking the pair.
"""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentoring.agreements.models import Agreement, Goal
from mentoring.core.errors import DomainError
from mentoring.pairs.access import member_role
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Theme

from .models import Meeting, MeetingLog
from .selectors import programme_themes

MIN_MINUTES, MAX_MINUTES = 15, 180
MAX_HELD_MINUTES = 240


def check_member(pair: Pair, by) -> None:
    if member_role(pair=pair, user=by) is None:
        raise DomainError(_("Only the pair's own members can do this."))


def check_running(status: str) -> None:
    """The one rule for every meeting service: meetings are planned, moved, cancelled, logged
    and decided on only while the pair is running (``Pair.RUNNING``)."""
    if status == Pair.Status.CONCLUDED:
        raise DomainError(
            _("This mentoring has concluded: its meetings can no longer be changed or logged.")
        )
    if status not in Pair.RUNNING:
        raise DomainError(_("Meetings can be planned only while the pair is running."))


def check_changeable(meeting) -> None:
    """A meeting can still be moved or cancelled: its pair runs and it is still planned."""
    check_running(meeting.pair.status)
    if meeting.status != "planned":
        raise DomainError(_("This meeting is no longer planned."))


def check_recordable(status: str) -> None:
    """Meetings that took place can be recorded while the pair runs, and after it concluded
    (those held before it did)."""
    if status != Pair.Status.CONCLUDED:
        check_running(status)


def in_utc(moment: dt.datetime) -> dt.datetime:
    """In UTC, so lengths and comparisons are in real time: Python compares and subtracts
    datetimes that share a tzinfo by their wall clocks, which is wrong across a clock change."""
    if timezone.is_naive(moment):
        raise DomainError(_("Choose the day and the time."), field="date")
    return moment.astimezone(dt.UTC)


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def check_within_programme(programme, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """The meeting lies within the programme's days. Compared as moments from the programme's
    (bounded) days, never by turning the given times into local days: a time near the year
    9999 has no local day to turn into."""
    opens = _local_midnight(programme.starts_on)
    closes = _local_midnight(programme.ends_on + dt.timedelta(days=1))
    if starts_at < opens or ends_at > closes:
        raise DomainError(
            _("Choose a day within the programme, %(start)s–%(end)s.")
            % {
                "start": date_format(programme.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(programme.ends_on, "SHORT_DATE_FORMAT"),
            },
            field="date",
        )


def check_time(pair: Pair, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise DomainError(_("The meeting must end after it starts."), field="minutes")
    minutes = (ends_at - starts_at).total_seconds() / 60
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise DomainError(
            _("A meeting lasts from %(min)s to %(max)s minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES},
            field="minutes",
        )
    if starts_at <= timezone.now():
        raise DomainError(_("Choose a time that is still ahead."), field="date")
    check_within_programme(pair.programme, starts_at, ends_at)


def check_no_overlap(pair: Pair, starts_at, ends_at, *, exclude=None) -> None:
    clash = Meeting.objects.filter(
        pair=pair,
        status=Meeting.Status.PLANNED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(_("You already have a meeting at that time."), field="start_time")


def check_loggable_then(status: str, concluded_at: dt.datetime | None, starts_at) -> None:
    """The one exception to ``check_running``: a concluded pair may still log a meeting
    that started before it concluded (typically the evaluation meeting at which it did: that
    time was spent, and counts); nothing that starts later."""
    if status == Pair.Status.CONCLUDED and concluded_at is not None and starts_at < concluded_at:
        return
    check_running(status)


def check_held_minutes(minutes) -> None:
    if type(minutes) is not int or not 0 < minutes <= MAX_HELD_MINUTES:
        raise DomainError(
            _("Give the length in minutes, from 1 to %(max)s.") % {"max": MAX_HELD_MINUTES},
            field="minutes",
        )


def check_log_choices(
    pair: Pair, themes: list[Theme], goals: list[Goal], log: MeetingLog | None
) -> None:
    """Themes must be the programme's; goals must belong to the accepted agreement (or
    already be in this log, when a later version of the agreement replaced them)."""
    allowed_themes = set(programme_themes(programme=pair.programme).values_list("pk", flat=True))
    if any(t.pk not in allowed_themes for t in themes):
        raise DomainError(_("Choose themes of this programme."), field="themes")
    allowed_goals = set(
        Goal.objects.filter(
            agreement__pair=pair, agreement__status=Agreement.Status.ACCEPTED
        ).values_list("pk", flat=True)
    )
    if log is not None:
        allowed_goals |= set(log.goals.values_list("pk", flat=True))
    if any(g.pk not in allowed_goals for g in goals):
        raise DomainError(_("Choose goals of your agreement."), field="goals")


def check_first(pair: Pair, kind: str) -> None:
    """A first meeting only before the pair has met, and only one."""
    if kind != Meeting.Kind.FIRST:
        return
    earlier = Meeting.objects.filter(pair=pair).exclude(status=Meeting.Status.CANCELLED)
    if earlier.filter(status=Meeting.Status.HELD).exists():
        raise DomainError(
            _("You have already met: choose a regular or an evaluation meeting."), field="kind"
        )
    if earlier.filter(kind=Meeting.Kind.FIRST).exists():
        raise DomainError(
            _("Your first meeting is already planned. Move it if the time changes."),
            field="kind",
        )


def _moment(moment: dt.datetime) -> dict:
    local = timezone.localtime(moment)
    return {"date": date_format(local, "SHORT_DATE_FORMAT"), "time": date_format(local, "H:i")}


def check_time_passed(
    pair: Pair, starts_at: dt.datetime, ends_at: dt.datetime, concluded_at: dt.datetime | None
) -> None:
    """A recorded meeting took place: not in the future, within the programme's days, after
    the pair was published and, for a concluded pair, before it concluded."""
    if starts_at > timezone.now():
        raise DomainError(
            _("Choose a time that has already passed. To plan a meeting ahead, propose it."),
            field="date",
        )
    check_within_programme(pair.programme, starts_at, ends_at)
    if pair.published_at is None or starts_at < pair.published_at:
        raise DomainError(
            _("You became a pair on %(date)s at %(time)s: choose a later time.")
            % _moment(pair.published_at or timezone.now()),
            field="date",
        )
    if concluded_at is not None and starts_at >= concluded_at:
        raise DomainError(
            _("Your mentoring concluded on %(date)s at %(time)s: choose an earlier time.")
            % _moment(concluded_at),
            field="date",
        )
