"""What supervisors see of meetings: the times waiting for approval and the unit calendar.

Only the columns in ``SAFE_FIELDS`` are loaded: names, kinds, times, states. Never a place,
a reason or anything from the pair's log.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mentoring.pairs.models import Pair
from mentoring.pairs.selectors import pair_ids_with_member_in
from mentoring.programmes.access import programmes_managed_by
from mentoring.programmes.models import Programme

from .models import Meeting

# What a supervisor may see of a meeting (and of its pair) on the approvals and calendar pages.
SAFE_FIELDS = (
    "id",
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "held_minutes",
    "approval",
    "approval_comment",
    "approval_at",
    "times_moved",
    "pair__id",
    "pair__mentor__id",
    "pair__mentor__user__id",
    "pair__mentor__user__name",
    "pair__mentor__user__email",
    "pair__actor__id",
    "pair__actor__user__id",
    "pair__actor__user__name",
    "pair__actor__user__email",
)


def awaiting_decision(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meeting times among ``meetings`` that wait for a supervisor's decision: planned,
    pending, of a running pair. A time that has already passed stays until decided: the pair
    can log the meeting only once its time is approved."""
    return meetings.filter(
        pair__status__in=Pair.RUNNING,
        status=Meeting.Status.PLANNED,
        approval=Meeting.Approval.PENDING,
    )


def pending_approvals(*, programme: Programme) -> list[Meeting]:
    """Meeting times of the programme's pairs that wait for the supervisor, earliest first."""
    return list(
        awaiting_decision(Meeting.objects.filter(pair__programme=programme))
        .select_related("pair__mentor__user", "pair__actor__user")
        .only(*SAFE_FIELDS)
        .order_by("starts_at")
    )


def recent_decisions(*, programme: Programme, limit: int = 30) -> list[Meeting]:
    """Upcoming meetings the supervisors have already approved or declined."""
    return list(
        Meeting.objects.filter(
            pair__programme=programme,
            status=Meeting.Status.PLANNED,
            approval__in=(Meeting.Approval.APPROVED, Meeting.Approval.DECLINED),
            starts_at__gt=timezone.now(),
        )
        .select_related("pair__mentor__user", "pair__actor__user", "approval_by")
        .only(*SAFE_FIELDS, "approval_by__name", "approval_by__email")
        .order_by("starts_at")[:limit]
    )


@dataclass
class CalendarDay:
    date: dt.date
    meetings: list[Meeting]


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Start of the month and of the next one, in local time."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(following, dt.time.min, tzinfo=tz),
    )


def unit_calendar(*, unit, month: dt.date) -> list[CalendarDay]:
    """Approved (or approval-free) planned and held meetings of pairs with a member in the
    unit during the month, grouped by local day. Names and times only."""
    start, end = month_bounds(month)
    meetings = (
        Meeting.objects.filter(
            pair_id__in=pair_ids_with_member_in(unit=unit),
            pair__status__in=(*Pair.RUNNING, Pair.Status.CONCLUDED),
            status__in=(Meeting.Status.PLANNED, Meeting.Status.HELD),
            approval__in=(Meeting.Approval.APPROVED, Meeting.Approval.NOT_NEEDED),
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("pair__mentor__user", "pair__actor__user")
        .only(*SAFE_FIELDS)
        .order_by("starts_at")
    )
    days: list[CalendarDay] = []
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        if not days or days[-1].date != day:
            days.append(CalendarDay(day, []))
        days[-1].meetings.append(meeting)
    return days


def programmes_with_pending(*, user) -> list[Programme]:
    """The supervisor's programmes, each with ``pending``: times awaiting a decision."""
    waiting = Q(
        pairs__meetings__status=Meeting.Status.PLANNED,
        pairs__meetings__approval=Meeting.Approval.PENDING,
        pairs__status__in=Pair.RUNNING,
    )
    return list(
        Programme.objects.filter(pk__in=programmes_managed_by(user=user).values("pk"))
        .annotate(pending=Count("pairs__meetings", filter=waiting, distinct=True))
        .order_by("-starts_on", "name")
    )
