"""Recording a meeting held without booking, and logging what a concluded pair did before it
concluded (``meeting_record``, ``meeting_log``)."""

import datetime as dt

import pytest
from django.utils import timezone

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.meetings import services
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Theme
from tests import factories as f

from .conftest import local

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.fixture
def world(world):
    """The world's pair, published a month ago (it met 20 days ago)."""
    Pair.objects.filter(pk=world.pair.pk).update(published_at=timezone.now() - 30 * 24 * H)
    world.pair.refresh_from_db()
    return world


def record(w, *, start=None, minutes=50, kind="regular", by=None, **kw):
    return services.meeting_record(
        pair=w.pair,
        kind=kind,
        starts_at=start if start is not None else local(-2, 14),
        minutes=minutes,
        by=by or w.cast.worker_a2,
        **kw,
    )


def refused(field=None):
    class Ctx:
        def __enter__(self):
            self.counts = (Meeting.objects.count(), MeetingLog.objects.count())
            self.audits = AuditEntry.objects.count()
            self.raises = pytest.raises(DomainError)
            self.info = self.raises.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            assert self.info.value.field == field, (self.info.value.field, self.info.value)
            assert (Meeting.objects.count(), MeetingLog.objects.count()) == self.counts
            assert AuditEntry.objects.count() == self.audits
            return handled

    return Ctx()


# --- record ---------------------------------------------------------------------------------


def test_a_meeting_held_without_booking_is_recorded_held_in_one_step(world):
    theme = Theme.objects.filter(organisation__isnull=True).first()
    meeting = record(
        world,
        place=" Kahvihuone ",
        themes=[theme],
        goals=[world.goal],
        progress="Edistystä",
        notes="Vuoronvaihdossa",
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_minutes, meeting.kind) == ("held", 50, "regular")
    assert meeting.starts_at == local(-2, 14) and meeting.ends_at == local(-2, 14) + 50 * (H / 60)
    assert meeting.place == "Kahvihuone" and meeting.proposed_by == world.cast.worker_a2
    assert meeting.logged_at is not None
    log = MeetingLog.objects.get(meeting=meeting)
    assert (log.notes, log.progress, log.written_by) == (
        "Vuoronvaihdossa",
        "Edistystä",
        world.cast.worker_a2,
    )
    assert list(log.themes.all()) == [theme] and list(log.goals.all()) == [world.goal]
    entry = AuditEntry.objects.get(action="meeting.record", object_id=str(meeting.pk))
    assert entry.data["minutes"] == 50 and entry.data["kind"] == "regular"
    assert "Vuoronvaihdossa" not in str(entry.data)  # what was said stays with the pair


def test_earlier_today_can_be_recorded(world):
    start = timezone.now() - H
    meeting = record(world, start=start)
    assert meeting.status == Meeting.Status.HELD


def test_where_times_need_approval_a_recorded_meeting_is_held_and_needs_none(world):
    """Its time is already spent: it counts, and the supervisor sees it as held (the unit
    calendar and the feed show meetings whose approval is approved or not needed)."""
    world.programme.approval_required = True
    world.programme.save()
    meeting = record(world)
    assert meeting.approval == Meeting.Approval.NOT_NEEDED
    assert meeting.status == Meeting.Status.HELD
    entry = AuditEntry.objects.get(action="meeting.record")
    assert entry.data["approval_required"] is True


@pytest.mark.parametrize(
    "start,minutes,field",
    [
        (lambda: timezone.now() + H, 30, "date"),  # in the future
        (lambda: local(1, 9), 30, "date"),  # tomorrow
        (lambda: local(-31, 10), 30, "date"),  # before the programme started (30 days ago)
        (lambda: local(-2), 0, "minutes"),
        (lambda: local(-2), -30, "minutes"),
        (lambda: local(-2), 241, "minutes"),  # absurd: more than four hours
        (lambda: local(-2), 9223372036854775808, "minutes"),  # overflows any date arithmetic
        (lambda: local(-2), "60", "minutes"),
        (lambda: local(-2), True, "minutes"),
        (lambda: dt.datetime(2026, 1, 1, 10), 30, "date"),  # naive
    ],
)
def test_bad_input_is_refused_and_nothing_changes(world, start, minutes, field):
    with refused(field):
        record(world, start=start(), minutes=minutes)


def test_not_before_the_pair_was_published(world):
    Pair.objects.filter(pk=world.pair.pk).update(published_at=local(-3, 12))
    world.pair.refresh_from_db()
    with refused("date") as info:
        record(world, start=local(-3, 11))
    assert "choose a later time" in info.value.message
    assert record(world, start=local(-3, 12)).status == Meeting.Status.HELD


def test_not_after_the_programme_ended(world):
    world.programme.starts_on = timezone.localdate() - dt.timedelta(days=60)
    world.programme.ends_on = timezone.localdate() - dt.timedelta(days=3)
    world.programme.save()
    with refused("date"):
        record(world, start=local(-2))


@pytest.mark.parametrize("kind,field", [("party", "kind"), ("first", "kind")])
def test_kind_must_exist_and_the_first_meeting_comes_once(world, kind, field):
    with refused(field):  # the world's pair has held its first meeting
        record(world, kind=kind)


def test_a_pair_that_has_not_met_records_its_first_meeting(world):
    pair = f.PairFactory(programme=world.programme, published=True, published_days_ago=10)
    meeting = services.meeting_record(
        pair=pair, kind="first", starts_at=local(-1), minutes=30, by=pair.actor.user
    )
    assert meeting.kind == Meeting.Kind.FIRST


def test_an_overlapping_meeting_is_logged_instead_never_counted_twice(world):
    booked = f.MeetingFactory(pair=world.pair, starts_at=local(-2, 14))
    with refused("start_time") as info:
        record(world, start=local(-2, 14, 30))
    assert "Log it" in info.value.message
    with refused("start_time"):  # over the held first meeting, 20 days ago
        record(world, start=world.first_meeting.starts_at + 10 * (H / 60))
    booked.status, booked.cancel_reason = Meeting.Status.CANCELLED, "Ei"
    booked.save()
    assert record(world, start=local(-2, 14, 30)).status == Meeting.Status.HELD


def test_a_declined_time_does_not_stand_in_the_way_of_recording_the_meeting(world):
    """A time the supervisor declined is not a meeting: the pair may still have met then
    (at a shift change) and record it. A time still waiting for a decision does clash."""
    start = local(-2, 14)
    f.MeetingFactory(pair=world.pair, starts_at=start, pending=True)
    with refused("start_time"):
        record(world, start=start)
    Meeting.objects.filter(pair=world.pair, starts_at=start).update(
        approval=Meeting.Approval.DECLINED, approval_at=timezone.now(), approval_comment="Ei"
    )
    recorded = record(world, start=start)
    assert recorded.status == Meeting.Status.HELD and recorded.held_minutes == 50


@pytest.mark.parametrize("who", ["sup_a", "admin", "worker_b"])
def test_only_members_record(world, who):
    with refused():
        record(world, by=getattr(world.cast, who))


def test_a_draft_pair_records_nothing(world):
    draft = f.PairFactory(programme=world.programme)
    with refused():
        services.meeting_record(
            pair=draft, kind="regular", starts_at=local(-1), minutes=30, by=draft.mentor.user
        )


def test_themes_and_goals_are_checked_as_for_a_log(world):
    foreign = Theme.objects.create(organisation=f.OrganisationFactory(), name="Muu")
    with refused("themes"):
        record(world, themes=[foreign])


# --- a concluded pair -----------------------------------------------------------------------


def _conclude(world, at):
    Pair.objects.filter(pk=world.pair.pk).update(status=Pair.Status.CONCLUDED, concluded_at=at)
    world.pair.refresh_from_db()


def test_a_concluded_pair_logs_the_meeting_at_which_it_concluded(world):
    evaluation = f.MeetingFactory(
        pair=world.pair, evaluation=True, starts_at=timezone.now() - 20 * (H / 60), minutes=60
    )
    _conclude(world, timezone.now())
    evaluation.pair = world.pair
    log = services.meeting_log(
        meeting=evaluation, minutes=45, progress="Arviointi", by=world.cast.worker_a
    )
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.held_minutes) == ("held", 45)
    assert log.progress == "Arviointi"
    # ...and may correct that log later
    services.meeting_log(meeting=evaluation, minutes=50, by=world.cast.worker_a2)
    evaluation.refresh_from_db()
    assert evaluation.held_minutes == 50


def test_a_concluded_pair_logs_nothing_that_started_after_it_concluded(world):
    later = f.MeetingFactory(pair=world.pair, starts_at=local(-1, 10))
    _conclude(world, local(-2, 10))
    later.pair = world.pair
    with refused() as info:
        services.meeting_log(meeting=later, minutes=30, by=world.cast.worker_a)
    assert "concluded" in info.value.message
    later.refresh_from_db()
    assert later.status == Meeting.Status.PLANNED


def test_a_concluded_pair_records_only_what_happened_before_it_concluded(world):
    _conclude(world, local(-1, 12))
    with refused("date") as info:
        record(world, start=local(-1, 13))
    assert "concluded" in info.value.message
    assert record(world, start=local(-3, 13)).status == Meeting.Status.HELD
