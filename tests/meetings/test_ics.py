import datetime as dt

import icalendar
import pytest

from mentoring.meetings import services
from mentoring.meetings.ics import meeting_ics
from mentoring.meetings.models import Meeting
from mentoring.meetings.selectors import meeting_for_calendar_file

from .conftest import local

pytestmark = pytest.mark.django_db


def _event(meeting, user):
    meeting = meeting_for_calendar_file(user=user, meeting_id=meeting.pk)
    calendar = icalendar.Calendar.from_ical(meeting_ics(meeting, for_user=user))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_one_event_with_stable_uid_and_utc_times(world):
    meeting = world.planned_meeting
    calendar, event = _event(meeting, world.cast.worker_a)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(event["UID"]) == f"{meeting.pk}@mentorpolku"
    assert event["DTSTART"].dt == meeting.starts_at.replace(microsecond=0)
    assert event["DTEND"].dt == meeting.ends_at.replace(microsecond=0)
    assert event["DTSTART"].dt.utcoffset() == dt.timedelta(0)
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Taukotila"


def test_summary_names_the_other_person(world):
    meeting = world.planned_meeting
    mentor, actor = world.cast.worker_a, world.cast.worker_a2
    assert actor.name in str(_event(meeting, mentor)[1]["SUMMARY"])
    assert mentor.name not in str(_event(meeting, mentor)[1]["SUMMARY"])
    assert mentor.name in str(_event(meeting, actor)[1]["SUMMARY"])
    supervisor_summary = str(_event(meeting, world.cast.sup_a)[1]["SUMMARY"])
    assert mentor.name in supervisor_summary and actor.name in supervisor_summary
    assert "LOCATION" not in _event(meeting, world.cast.sup_a)[1]


def test_moved_meeting_keeps_uid_and_raises_sequence(world):
    meeting = world.planned_meeting
    uid = str(_event(meeting, world.cast.worker_a)[1]["UID"])
    services.meeting_move(
        meeting=meeting,
        starts_at=local(9, 14),
        ends_at=local(9, 15),
        place="Kahvio",
        reason="Vuoro",
        by=world.cast.worker_a,
    )
    _, event = _event(meeting, world.cast.worker_a)
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].dt == local(9, 14)
    assert str(event["LOCATION"]) == "Kahvio"


def test_cancelled_and_pending_statuses(world):
    meeting = world.planned_meeting
    Meeting.objects.filter(pk=meeting.pk).update(approval=Meeting.Approval.PENDING)
    assert str(_event(meeting, world.cast.worker_a)[1]["STATUS"]) == "TENTATIVE"
    services.meeting_cancel(meeting=meeting, reason="Sairaana", by=world.cast.worker_a)
    _, event = _event(meeting, world.cast.worker_a)
    assert str(event["STATUS"]) == "CANCELLED"
    assert (
        "Sairaana"
        not in icalendar.Calendar.from_ical(meeting_ics(meeting, world.cast.worker_a))
        .to_ical()
        .decode()
    )


def test_the_cancellation_raises_the_sequence_and_a_download_stays_a_plain_file(world):
    meeting = world.planned_meeting
    services.meeting_cancel(meeting=meeting, reason="Sairaana", by=world.cast.worker_a)
    calendar, event = _event(meeting, world.cast.worker_a)
    assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CANCELLED"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "ORGANIZER" not in event and "ATTENDEE" not in event
