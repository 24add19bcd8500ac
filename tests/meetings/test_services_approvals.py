import pytest

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.meetings import services
from mentoring.meetings.models import Meeting

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


def test_no_decision_on_a_meeting_that_is_not_waiting_or_has_passed(world, pending):
    with pytest.raises(DomainError):
        services.meeting_approve(meeting=world.planned_meeting, by=world.cast.sup_a)
    Meeting.objects.filter(pk=pending.pk).update(starts_at=local(-1), ends_at=local(-1) + H)
    pending.refresh_from_db()
    with pytest.raises(DomainError):
        services.meeting_approve(meeting=pending, by=world.cast.sup_a)


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
