"""Reads for the reminders sweep: which meetings are coming, which wait to be logged, and when
each pair last met. Each is one query whatever the number of rows; none touches the logs.
"""

import datetime as dt

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from mentoring.pairs.models import Pair

from .models import Meeting


def _with_people(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("pair__programme", "pair__mentor__user", "pair__actor__user")


def meetings_starting_between(*, start: dt.datetime, end: dt.datetime) -> QuerySet[Meeting]:
    """Planned meetings of live pairs starting in [start, end), declined times left out
    (a time waiting for approval is still on the pair's plan)."""
    return _with_people(
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            pair__status__in=Pair.RUNNING,
            starts_at__gte=start,
            starts_at__lt=end,
        ).exclude(approval=Meeting.Approval.DECLINED)
    ).order_by("starts_at")


def meetings_to_log(*, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings the pair can log now: ended but still planned (neither logged as held nor
    cancelled), of a running pair, with a time approved or needing no approval."""
    return _with_people(
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            logged_at__isnull=True,
            pair__status__in=Pair.RUNNING,
            ends_at__lte=now or timezone.now(),
            approval__in=(Meeting.Approval.APPROVED, Meeting.Approval.NOT_NEEDED),
        )
    ).order_by("ends_at")


def with_meeting_dates(pairs: QuerySet[Pair], *, now: dt.datetime | None = None) -> QuerySet[Pair]:
    """Annotate pairs with ``last_held_at`` (start of the latest held meeting),
    ``next_planned_at`` (start of the next planned one), ``held_count`` and ``held_minutes``."""
    now = now or timezone.now()
    held = Q(meetings__status=Meeting.Status.HELD)
    return pairs.annotate(
        last_held_at=Max("meetings__starts_at", filter=held),
        next_planned_at=Min(
            "meetings__starts_at",
            filter=Q(meetings__status=Meeting.Status.PLANNED, meetings__starts_at__gte=now),
        ),
        held_count=Count("meetings", filter=held),
        held_minutes=Sum("meetings__held_minutes", filter=held),
    )


def last_held_meetings(*, pair_ids) -> dict:
    """{pair id: its latest held Meeting} for the given pairs, in one query."""
    latest = (
        Meeting.objects.filter(pair=OuterRef("pair"), status=Meeting.Status.HELD)
        .order_by("-starts_at")
        .values("pk")[:1]
    )
    meetings = Meeting.objects.filter(
        pair_id__in=list(pair_ids), status=Meeting.Status.HELD, pk=Subquery(latest)
    )
    return {m.pair_id: m for m in meetings}
