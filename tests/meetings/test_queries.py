"""Pages answer in a constant number of queries at 1 and at 200 meetings."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentoring.meetings.models import Meeting
from mentoring.meetings.selectors import pair_page_context
from mentoring.pairs.access import PairAccess
from mentoring.programmes.models import Theme
from tests import factories as f
from tests.utils import assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db


def _grow_pair(world):
    """n more meetings of every state for the pair; held ones with a log, a theme, a goal."""
    theme = Theme.objects.filter(organisation__isnull=True).first()
    state = {"made": 0}

    def grow(n):
        base = timezone.now() - dt.timedelta(days=100)
        meetings = []
        for i in range(n):
            start = base + dt.timedelta(hours=i * 5 + state["made"] * 5)
            kind = ("held", "planned", "cancelled", "future")[i % 4]
            if kind == "future":
                start += dt.timedelta(days=200)
            meetings.append(
                f.MeetingFactory.build(
                    pair=world.pair,
                    starts_at=start,
                    minutes=45,
                    status="planned" if kind == "future" else kind,
                    cancel_reason="x" if kind == "cancelled" else "",
                    approval="approved" if i % 3 else "not_needed",
                    times_moved=i % 2,
                )
            )
        Meeting.objects.bulk_create(meetings)
        state["made"] += n
        for meeting in meetings:
            if meeting.status == "held":
                f.MeetingLogFactory(
                    meeting=meeting, notes="n", progress="p", themes=[theme], goals=[world.goal]
                )

    return grow


@pytest.mark.parametrize("role", ["mentor", "supervisor", "org_admin"])
def test_pair_section_queries_are_constant(world, role):
    grow = _grow_pair(world)
    counts = []
    for n in (1, 200):
        grow(n)
        access = PairAccess(world.pair, role)
        count, html = count_queries(
            lambda access=access: render_to_string(
                "meetings/_pair_section.html", pair_page_context(access=access)
            )
        )
        counts.append(count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= (4 if role == "mentor" else 1), counts


@pytest.mark.parametrize("who", ["worker_a", "sup_a", "admin"])
def test_meeting_list_page(world, who):
    url = reverse("meetings:list", kwargs={"pair_id": world.pair.pk})
    assert_constant_queries(world.cast.client(who), url, _grow_pair(world))


def test_record_page(world):
    url = reverse("meetings:record", kwargs={"pair_id": world.pair.pk})
    assert_constant_queries(world.cast.client("worker_a"), url, _grow_pair(world))


def test_approvals_page(world):
    world.programme.approval_required = True
    world.programme.save()
    pairs = [world.pair, world.other_pair]

    def grow(n):
        start = timezone.now() + dt.timedelta(days=3)
        Meeting.objects.bulk_create(
            f.MeetingFactory.build(
                pair=pairs[i % 2],
                starts_at=start + dt.timedelta(hours=i),
                minutes=45,
                approval=("pending", "approved", "declined")[i % 3],
                approval_comment="c",
                approval_by=world.cast.sup_a,
            )
            for i in range(n)
        )

    url = reverse("meetings:approvals", kwargs={"programme_id": world.programme.pk})
    assert_constant_queries(world.cast.client("sup_a"), url, grow)
    assert_constant_queries(world.cast.client("sup_a"), reverse("meetings:approvals_home"), grow)


@pytest.mark.parametrize("who", ["sup_a", "admin"])
def test_calendar_page(world, who):
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=70)).replace(day=1)
    first = timezone.make_aware(dt.datetime.combine(month, dt.time(8)))
    pairs = [world.pair, world.other_pair]

    def grow(n):
        Meeting.objects.bulk_create(
            f.MeetingFactory.build(
                pair=pairs[i % 2],
                starts_at=first + dt.timedelta(hours=i * 3),
                minutes=45,
                status=("planned", "held")[i % 2],
                held_minutes=(None, 50)[i % 2],
            )
            for i in range(n)
        )

    url = reverse("meetings:calendar", kwargs={"unit_id": world.cast.unit_a.pk})
    counts = assert_constant_queries(world.cast.client(who), f"{url}?month={month:%Y-%m}", grow)
    assert counts[0] <= 8, counts
