import pytest

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.meetings import services, supervision
from mentoring.meetings.models import Meeting, MeetingLog
from tests import factories as f

from .conftest import local
from .test_services import H, propose

pytestmark = pytest.mark.django_db


# --- approvals -----------------------------------------------------------------------------


@pytest.fixture
def pending(world):
    world.programme.approval_required = True
    world.programme.save()
    return propose(world, days=9)


def test_approve(world, pending):
    services.meeting_approve(meeting=pending, comment="Sopii", by=world.cast.sup_a)
    pending.refresh_from_db()
    assert pending.approval == Meeting.Approval.APPROVED
    assert (pending.approval_by, pending.approval_comment) == (world.cast.sup_a, "Sopii")
    assert pending.approval_at is not None
    assert AuditEntry.objects.filter(action="meeting.approved").exists()
    with pytest.raises(DomainError):
        services.meeting_decline(meeting=pending, comment="late", by=world.cast.sup_a)


def test_decline_needs_a_comment(world, pending):
    with pytest.raises(DomainError) as info:
        services.meeting_decline(meeting=pending, comment=" ", by=world.cast.sup_a)
    assert info.value.field == "comment"
    pending.refresh_from_db()
    assert pending.approval == Meeting.Approval.PENDING
    services.meeting_decline(meeting=pending, comment="Vuorolista täynnä", by=world.cast.sup_a)
    pending.refresh_from_db()
    assert (pending.approval, pending.approval_comment) == ("declined", "Vuorolista täynnä")


@pytest.mark.parametrize("who", ["sup_b", "admin", "worker_a", "outsider"])
def test_only_the_programmes_supervisor_decides(world, pending, who):
    with pytest.raises(DomainError):
        services.meeting_approve(meeting=pending, by=getattr(world.cast, who))
    pending.refresh_from_db()
    assert pending.approval == Meeting.Approval.PENDING


def test_no_decision_on_a_meeting_that_is_not_waiting(world, pending):
    with pytest.raises(DomainError):
        services.meeting_approve(meeting=world.planned_meeting, by=world.cast.sup_a)
    world.planned_meeting.refresh_from_db()
    assert world.planned_meeting.approval == Meeting.Approval.NOT_NEEDED


def test_the_supervisor_decides_a_time_that_has_already_passed(world, pending):
    Meeting.objects.filter(pk=pending.pk).update(starts_at=local(-1), ends_at=local(-1) + H)
    pending.refresh_from_db()
    services.meeting_approve(meeting=pending, by=world.cast.sup_a)
    pending.refresh_from_db()
    assert pending.approval == Meeting.Approval.APPROVED
    other = f.MeetingFactory(
        pair=world.pair, starts_at=local(-2), approval=Meeting.Approval.PENDING
    )
    services.meeting_decline(meeting=other, comment="Ei työaikaa", by=world.cast.sup_a)
    other.refresh_from_db()
    assert other.approval == Meeting.Approval.DECLINED


def test_a_time_waiting_for_approval_is_not_logged_until_approved(world, pending):
    Meeting.objects.filter(pk=pending.pk).update(starts_at=local(-1), ends_at=local(-1) + H)
    pending.refresh_from_db()
    with pytest.raises(DomainError) as info:
        services.meeting_log(meeting=pending, minutes=60, notes="x", by=world.cast.worker_a)
    assert "not approved" in info.value.message
    pending.refresh_from_db()
    assert (pending.status, pending.held_minutes) == (Meeting.Status.PLANNED, None)
    assert not MeetingLog.objects.filter(meeting=pending).exists()
    held = Meeting.objects.filter(pair=world.pair, status=Meeting.Status.HELD)
    assert held.count() == 2  # the world's two held meetings, not this one
    services.meeting_approve(meeting=pending, by=world.cast.sup_a)
    services.meeting_log(meeting=pending, minutes=60, by=world.cast.worker_a)
    pending.refresh_from_db()
    assert pending.status == Meeting.Status.HELD


def test_a_past_time_waiting_for_approval_stays_on_the_approvals_list(world, pending):
    Meeting.objects.filter(pk=pending.pk).update(starts_at=local(-1), ends_at=local(-1) + H)
    assert pending in supervision.pending_approvals(programme=world.programme)
    [programme] = supervision.programmes_with_pending(user=world.cast.sup_a)
    assert programme.pending == 1


def test_declined_then_moved_then_approved(world, pending):
    services.meeting_decline(meeting=pending, comment="Ei aamuvuorossa", by=world.cast.sup_a)
    services.meeting_move(
        meeting=pending,
        starts_at=local(9, 14),
        ends_at=local(9, 15),
        place="",
        reason="Iltapäivään",
        by=world.cast.worker_a,
    )
    pending.refresh_from_db()
    assert (pending.approval, pending.approval_comment) == ("pending", "")
    services.meeting_approve(meeting=pending, by=world.cast.sup_a)
    pending.refresh_from_db()
    assert pending.approval == "approved" and pending.times_moved == 1
