"""The evaluation meeting at which a pair concludes: it is not called off, it is logged like
any meeting and counts in the hours and the CSV, and the concluded pair's page lists nothing
as coming up."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.evaluations.services import Outcome, evaluation_submit
from mentoring.meetings import services
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.path.selectors import pair_path
from mentoring.path.state import Stage
from mentoring.site.dashboard import hours_by_person_and_month
from tests import factories as f

from .support import answer

pytestmark = pytest.mark.django_db
MIN = dt.timedelta(minutes=1)


@pytest.fixture
def at_the_meeting(world):
    """The world's pair at its evaluation meeting: booked for an hour, started 20 minutes
    ago, both members answer 'conclude'. (The world's held evaluation meeting of yesterday
    becomes a regular one, so this is the round's evaluation.)"""
    Meeting.objects.filter(pk=world.evaluation_meeting.pk).update(kind=Meeting.Kind.REGULAR)
    meeting = f.MeetingFactory(
        pair=world.pair, evaluation=True, starts_at=timezone.now() - 20 * MIN, minutes=60
    )
    ahead = f.MeetingFactory(pair=world.pair, days=12)
    for who in (world.cast.worker_a, world.cast.worker_a2):
        result = evaluation_submit(by=who, **answer(world, meeting=meeting))
    assert result.outcome == Outcome.CONCLUDED
    world.pair.refresh_from_db()
    meeting.refresh_from_db()
    meeting.pair = world.pair
    return meeting, ahead


def test_concluding_calls_off_only_the_meetings_ahead_not_the_one_under_way(world, at_the_meeting):
    meeting, ahead = at_the_meeting
    assert meeting.status == Meeting.Status.PLANNED
    ahead.refresh_from_db()
    assert ahead.status == Meeting.Status.CANCELLED
    world.planned_meeting.refresh_from_db()
    assert world.planned_meeting.status == Meeting.Status.CANCELLED


def test_the_evaluation_meeting_is_logged_after_concluding_and_counts(world, at_the_meeting):
    meeting, _ahead = at_the_meeting
    before = {
        (r.person, r.month): r.minutes for r in hours_by_person_and_month(programme=world.programme)
    }
    services.meeting_log(meeting=meeting, minutes=55, by=world.cast.worker_a2)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_minutes) == (Meeting.Status.HELD, 55)

    month = timezone.localtime(meeting.starts_at).date().replace(day=1)
    after = {
        (r.person, r.month): r.minutes for r in hours_by_person_and_month(programme=world.programme)
    }
    for person in (world.cast.worker_a.name, world.cast.worker_a2.name):
        assert after[(person, month)] == before.get((person, month), 0) + 55

    response = world.cast.client("sup_a").get(
        reverse("pairs:hours_csv", kwargs={"programme_id": world.programme.pk})
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    minutes = {
        (row[0], row[3]): int(row[header.index("Minutes")]) for row in rows[1:] if len(row) > 3
    }
    key = (world.cast.worker_a2.name, month.strftime("%Y-%m"))
    assert minutes[key] == after[(world.cast.worker_a2.name, month)]

    stage = pair_path(pair=world.pair).stage
    assert stage.code == Stage.CONCLUDED and stage.next_meeting_at is None
    assert stage.held_minutes == sum(
        Meeting.objects.filter(pair=world.pair, status="held").values_list(
            "held_minutes", flat=True
        )
    )


def _meetings_section(client, pair):
    response = client.get(reverse("pairs:detail", kwargs={"pair_id": pair.pk}))
    assert response.status_code == 200
    return response.context["meetings_section"], response.content.decode()


@pytest.mark.parametrize("who", ["worker_a", "sup_a"])
def test_the_concluded_pairs_page_lists_nothing_as_coming_up(world, at_the_meeting, who):
    meeting, _ahead = at_the_meeting
    client = world.cast.client(who)
    client.cookies["django_language"] = "en"
    section, html = _meetings_section(client, world.pair)
    assert section.upcoming == []
    assert [row.id for row in section.to_log] == [meeting.pk]
    assert "Coming up" not in html
    ics = reverse("meetings:ics", kwargs={"meeting_id": meeting.pk})
    assert ics not in html
    assert pair_path(pair=world.pair).stage.next_meeting_at is None
    log = reverse("meetings:log", kwargs={"meeting_id": meeting.pk})
    if who == "worker_a":  # its members log it from the page
        assert section.to_log[0].can_log and log in html
        assert reverse("meetings:record", kwargs={"pair_id": world.pair.pk}) in html
        assert reverse("meetings:propose", kwargs={"pair_id": world.pair.pk}) not in html
    else:
        assert log not in html


def test_once_logged_the_page_counts_it_held(world, at_the_meeting):
    meeting, _ahead = at_the_meeting
    held_before = Meeting.objects.filter(pair=world.pair, status="held").count()
    client = world.cast.client("worker_a2")
    response = client.post(
        reverse("meetings:log", kwargs={"meeting_id": meeting.pk}), {"minutes": "50"}
    )
    assert response.status_code == 302
    section, _html = _meetings_section(client, world.pair)
    assert section.to_log == [] and section.upcoming == []
    assert section.held_count == held_before + 1
    assert meeting.pk in [row.id for row in section.past]


def test_a_concluded_pairs_meeting_cannot_be_moved_or_cancelled(world, at_the_meeting):
    meeting, _ahead = at_the_meeting
    client = world.cast.client("worker_a")
    for name in ("meetings:move", "meetings:cancel"):
        response = client.get(reverse(name, kwargs={"meeting_id": meeting.pk}))
        assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.times_moved == 0
    assert Pair.objects.get(pk=world.pair.pk).status == Pair.Status.CONCLUDED
