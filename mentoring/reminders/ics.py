"""A minimal calendar file for a meeting.

TEMPORARY: the meetings part provides ``mentoring.meetings.ics.meeting_ics``; once it is
merged, ``meeting_ics`` below uses it and this fallback can go.
"""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _


def _fallback_ics(meeting, for_user) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Mentorpolku//reminders//")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "mentorpolku"
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", _("Mentoring meeting"))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("sequence", meeting.times_moved)
    cal.add_component(event)
    return cal.to_ical()


def meeting_ics(meeting, for_user) -> bytes:
    try:
        from mentoring.meetings.ics import meeting_ics as meetings_ics
    except ImportError:
        return _fallback_ics(meeting, for_user)
    return meetings_ics(meeting, for_user)
