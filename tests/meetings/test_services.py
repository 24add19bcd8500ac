import datetime as dt

import pytest
from django.utils import timezone

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.meetings import services
from mentoring.meetings.models import Meeting, MeetingChange, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Theme
from tests import factories as f

from .conftest import local

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def propose(w, *, days=8, hour=10, minutes=60, kind="regular", by=None, **kw):
    start = local(days, hour)
    return services.meeting_propose(
        pair=w.pair,
        kind=kind,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        place=kw.pop("place", "Taukotila"),
        by=by or w.cast.worker_a,
        **kw,
    )


def refused(field=None):
    class Ctx:
        def __enter__(self):
            self.count = Meeting.objects.count()
            self.changes = MeetingChange.objects.count()
            self.raises = pytest.raises(DomainError)
            self.info = self.raises.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            assert self.info.value.field == field, self.info.value.field
            assert Meeting.objects.count() == self.count
            assert MeetingChange.objects.count() == self.changes
            return handled

    return Ctx()


# --- propose -------------------------------------------------------------------------------


def test_propose_plans_a_meeting_without_approval(world):
    meeting = propose(world)
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.approval == Meeting.Approval.NOT_NEEDED
    assert meeting.proposed_by == world.cast.worker_a
    assert meeting.planned_minutes == 60
    entry = AuditEntry.objects.get(action="meeting.propose")
    assert entry.object_id == str(meeting.pk) and entry.actor == world.cast.worker_a


def test_propose_waits_for_approval_when_the_programme_asks(world):
    world.programme.approval_required = True
    world.programme.save()
    assert propose(world, by=world.cast.worker_a2).approval == Meeting.Approval.PENDING


@pytest.mark.parametrize(
    "days,hour,minutes,field",
    [
        (-1, 10, 60, "date"),  # yesterday
        (0, 0, 30, "date"),  # earlier today
        (400, 10, 60, "date"),  # after the programme ends
        (8, 10, 0, "minutes"),  # ends when it starts
        (8, 10, -30, "minutes"),  # ends before it starts
        (8, 10, 10, "minutes"),  # too short
        (8, 10, 181, "minutes"),  # too long
    ],
)
def test_propose_refuses_bad_times(world, days, hour, minutes, field):
    with refused(field):
        propose(world, days=days, hour=hour, minutes=minutes)


def test_propose_refuses_a_day_before_the_programme_starts(world):
    world.programme.starts_on = timezone.localdate() + dt.timedelta(days=20)
    world.programme.save()
    with refused("date"):
        propose(world, days=10)


def test_propose_refuses_a_day_that_ends_after_the_programme(world):
    world.programme.ends_on = timezone.localdate() + dt.timedelta(days=8)
    world.programme.save()
    with refused("date"):
        propose(world, days=8, hour=23, minutes=90)  # runs past midnight into day 9


def test_propose_refuses_a_time_at_the_end_of_all_days_without_arithmetic_errors(world):
    # Local days are not computed from the given times: 9999-12-31 21:30 UTC has none.
    start = dt.datetime(9999, 12, 31, 21, 30, tzinfo=dt.UTC)
    with refused("date"):
        services.meeting_propose(
            pair=world.pair,
            kind="regular",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=60),
            place="",
            by=world.cast.worker_a,
        )


@pytest.mark.parametrize("status", [Pair.Status.DRAFT, Pair.Status.CONCLUDED])
def test_propose_needs_a_running_pair(world, status):
    world.pair.status = status
    world.pair.save()
    with refused():
        propose(world)


def test_nothing_changes_the_meetings_of_a_concluded_pair(world):
    world.programme.approval_required = True
    world.programme.save()
    past = f.MeetingFactory(pair=world.pair, starts_at=local(-2))
    pending = f.MeetingFactory(
        pair=world.pair, starts_at=local(9), approval=Meeting.Approval.PENDING
    )
    # Concluded three days ago: the meeting two days ago came after (the meetings that
    # started before it concluded may still be logged: tests/meetings/test_services_record).
    Pair.objects.filter(pk=world.pair.pk).update(
        status=Pair.Status.CONCLUDED, concluded_at=local(-3)
    )
    world.pair.refresh_from_db()
    for meeting in (world.planned_meeting, past, pending, world.first_meeting):
        meeting.pair = world.pair
    attempts = [
        lambda: services.meeting_cancel(
            meeting=world.planned_meeting, reason="Loppui", by=world.cast.worker_a
        ),
        lambda: services.meeting_log(meeting=past, minutes=30, by=world.cast.worker_a),
        lambda: services.meeting_approve(meeting=pending, by=world.cast.sup_a),
        lambda: services.meeting_decline(meeting=pending, comment="Ei", by=world.cast.sup_a),
        lambda: services.meeting_move(
            meeting=world.planned_meeting,
            starts_at=local(6),
            ends_at=local(6) + H,
            place="",
            reason="x",
            by=world.cast.worker_a,
        ),
        lambda: propose(world),
    ]
    for attempt in attempts:
        with refused() as info:
            attempt()
        assert "concluded" in info.value.message
    world.planned_meeting.refresh_from_db()
    past.refresh_from_db()
    pending.refresh_from_db()
    assert world.planned_meeting.status == past.status == Meeting.Status.PLANNED
    assert pending.approval == Meeting.Approval.PENDING
    assert MeetingLog.objects.get(meeting=world.first_meeting).notes == "SECRET-NOTE-TEXT"


@pytest.mark.parametrize("who", ["sup_a", "admin", "worker_b"])
def test_only_members_propose(world, who):
    with refused():
        propose(world, by=getattr(world.cast, who))


def test_first_meeting_only_before_any_meeting_is_held(world):
    with refused("kind"):
        propose(world, kind="first")


def test_first_meeting_once(world):
    Meeting.objects.filter(pair=world.pair).delete()
    propose(world, kind="first")
    with refused("kind"):
        propose(world, kind="first", days=9)


def test_unknown_kind_is_refused(world):
    with refused("kind"):
        propose(world, kind="party")


def test_overlapping_meetings_are_refused(world):
    propose(world, days=8, hour=10)
    with refused("start_time"):
        propose(world, days=8, hour=10, minutes=30)


# --- move ----------------------------------------------------------------------------------


def test_move_records_the_history(world):
    meeting = world.planned_meeting
    old_start, old_end = meeting.starts_at, meeting.ends_at
    services.meeting_move(
        meeting=meeting,
        starts_at=local(9),
        ends_at=local(9) + H,
        place="Kahvio",
        reason="Vuorovaihto",
        by=world.cast.worker_a2,
    )
    services.meeting_move(
        meeting=meeting,
        starts_at=local(10),
        ends_at=local(10) + H,
        place="Kahvio",
        reason="Sairastuminen",
        by=world.cast.worker_a,
    )
    meeting.refresh_from_db()
    assert meeting.times_moved == 2
    assert (meeting.starts_at, meeting.place) == (local(10), "Kahvio")
    first, second = MeetingChange.objects.filter(meeting=meeting).order_by("created_at", "id")
    assert (first.old_starts_at, first.old_ends_at) == (old_start, old_end)
    assert (first.new_starts_at, first.reason) == (local(9), "Vuorovaihto")
    assert (second.old_starts_at, second.new_starts_at) == (local(9), local(10))
    assert second.changed_by == world.cast.worker_a
    assert AuditEntry.objects.filter(action="meeting.move").count() == 2


def test_move_goes_back_to_approval(world):
    world.programme.approval_required = True
    world.programme.save()
    meeting = f.MeetingFactory(
        pair=world.pair,
        starts_at=local(9),
        approval=Meeting.Approval.APPROVED,
        approval_comment="OK",
    )
    meeting.approval_by = world.cast.sup_a
    meeting.save()
    services.meeting_move(
        meeting=meeting,
        starts_at=local(11),
        ends_at=local(11) + H,
        place="",
        reason="Vuorot muuttuivat",
        by=world.cast.worker_a,
    )
    meeting.refresh_from_db()
    assert meeting.approval == Meeting.Approval.PENDING
    assert (meeting.approval_comment, meeting.approval_by, meeting.approval_at) == ("", None, None)


def test_move_needs_a_reason(world):
    with refused("reason"):
        services.meeting_move(
            meeting=world.planned_meeting,
            starts_at=local(9),
            ends_at=local(9) + H,
            place="",
            reason="  ",
            by=world.cast.worker_a,
        )


def test_move_refuses_the_same_time_and_a_past_time(world):
    meeting = world.planned_meeting
    for start, end, field in [
        (meeting.starts_at, meeting.ends_at, "date"),
        (local(-2), local(-2) + H, "date"),
    ]:
        with refused(field):
            services.meeting_move(
                meeting=meeting,
                starts_at=start,
                ends_at=end,
                place="",
                reason="x",
                by=world.cast.worker_a,
            )
    meeting.refresh_from_db()
    assert meeting.times_moved == 0


@pytest.mark.parametrize("status", ["held", "cancelled"])
def test_only_planned_meetings_move(world, status):
    meeting = f.MeetingFactory(
        pair=world.pair, starts_at=local(12), status=status, held_minutes=50, cancel_reason="x"
    )
    with refused():
        services.meeting_move(
            meeting=meeting,
            starts_at=local(13),
            ends_at=local(13) + H,
            place="",
            reason="x",
            by=world.cast.worker_a,
        )


def test_supervisor_cannot_move(world):
    with refused():
        services.meeting_move(
            meeting=world.planned_meeting,
            starts_at=local(9),
            ends_at=local(9) + H,
            place="",
            reason="x",
            by=world.cast.sup_a,
        )


# --- cancel --------------------------------------------------------------------------------


def test_cancel_keeps_the_reason_and_the_old_time(world):
    meeting = world.planned_meeting
    services.meeting_cancel(meeting=meeting, reason="Lomautus", by=world.cast.worker_a2)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (Meeting.Status.CANCELLED, "Lomautus")
    change = MeetingChange.objects.get(meeting=meeting)
    assert change.new_starts_at is None and change.old_starts_at == meeting.starts_at
    assert AuditEntry.objects.filter(action="meeting.cancel", object_id=str(meeting.pk)).exists()
    with refused():
        services.meeting_cancel(meeting=meeting, reason="again", by=world.cast.worker_a2)


def test_cancel_needs_a_reason_and_a_planned_meeting(world):
    with refused("reason"):
        services.meeting_cancel(meeting=world.planned_meeting, reason="", by=world.cast.worker_a)
    with refused():
        services.meeting_cancel(meeting=world.first_meeting, reason="x", by=world.cast.worker_a)
    with refused():
        services.meeting_cancel(meeting=world.planned_meeting, reason="x", by=world.cast.sup_a)


# --- log -----------------------------------------------------------------------------------


def _theme():
    return Theme.objects.filter(organisation__isnull=True).first()


def test_log_marks_the_meeting_held(world):
    meeting = f.MeetingFactory(pair=world.pair, starts_at=local(0, 0), minutes=45)
    theme = _theme()
    log = services.meeting_log(
        meeting=meeting,
        minutes=50,
        themes=[theme],
        goals=[world.goal],
        progress="Edistystä",
        notes="Yksityistä",
        by=world.cast.worker_a2,
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_minutes) == (Meeting.Status.HELD, 50)
    assert meeting.logged_at is not None
    assert list(log.themes.all()) == [theme] and list(log.goals.all()) == [world.goal]
    entry = AuditEntry.objects.get(action="meeting.log", object_id=str(meeting.pk))
    assert entry.data == {"minutes": 50}  # never the notes


def test_editing_the_log_keeps_the_first_log_time(world):
    meeting = world.first_meeting
    logged_at = meeting.logged_at
    services.meeting_log(meeting=meeting, minutes=70, notes="Uusi", by=world.cast.worker_a2)
    meeting.refresh_from_db()
    assert (meeting.held_minutes, meeting.logged_at) == (70, logged_at)
    assert MeetingLog.objects.get(meeting=meeting).notes == "Uusi"
    assert AuditEntry.objects.filter(action="meeting.log_update").count() == 1


def test_log_refusals(world):
    future = world.planned_meeting
    cancelled = f.MeetingFactory(
        pair=world.pair, starts_at=local(-3), status="cancelled", cancel_reason="x"
    )
    declined = f.MeetingFactory(
        pair=world.pair,
        starts_at=local(-4),
        approval=Meeting.Approval.DECLINED,
        approval_comment="Ei käy",
    )
    started = f.MeetingFactory(pair=world.pair, starts_at=local(-5))
    for meeting, minutes, by, field in [
        (future, 60, world.cast.worker_a, None),
        (cancelled, 60, world.cast.worker_a, None),
        (declined, 60, world.cast.worker_a, None),
        (started, 0, world.cast.worker_a, "minutes"),
        (started, 241, world.cast.worker_a, "minutes"),
        (started, 60, world.cast.sup_a, None),
    ]:
        with refused(field):
            services.meeting_log(meeting=meeting, minutes=minutes, by=by)
    assert not MeetingLog.objects.filter(
        meeting__in=[future, cancelled, declined, started]
    ).exists()
    for meeting in (future, cancelled, declined, started):
        meeting.refresh_from_db()
        assert meeting.status != Meeting.Status.HELD


def test_log_takes_only_this_programmes_themes_and_this_pairs_goals(world):
    meeting = f.MeetingFactory(pair=world.pair, starts_at=local(-5))
    foreign_theme = Theme.objects.create(organisation=f.OrganisationFactory(), name="Muu")
    other_draft = f.AgreementFactory(pair=world.other_pair, evaluation_date=timezone.localdate())
    foreign_goal = f.GoalFactory(agreement=other_draft, text="Ei meidän")
    with refused("themes"):
        services.meeting_log(
            meeting=meeting, minutes=30, themes=[foreign_theme], by=world.cast.worker_a
        )
    with refused("goals"):
        services.meeting_log(
            meeting=meeting, minutes=30, goals=[foreign_goal], by=world.cast.worker_a
        )
    own = Theme.objects.create(organisation=world.cast.organisation, name="Oma teema")
    log = services.meeting_log(meeting=meeting, minutes=30, themes=[own], by=world.cast.worker_a)
    assert list(log.themes.all()) == [own]
