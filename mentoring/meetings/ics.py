"""A meeting as an iCalendar file (RFC 5545), for downloads and email attachments.

The UID is the meeting's id and SEQUENCE is ``Meeting.sequence`` (raised by every move and by
the cancellation), so a moved meeting or a cancelled one (STATUS:CANCELLED) replaces the
earlier copy in the person's calendar. Downloads and the day-before reminder are published
(METHOD:PUBLISH); the email telling a member about a change carries it as a scheduling
message (RFC 5546): METHOD:REQUEST for a new or moved time, METHOD:CANCEL for a cancelled
one, with the service as ORGANIZER and the recipient as the ATTENDEE, as calendars expect
of those methods. Never any notes.
"""

import datetime as dt
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mentoring.pairs.access import member_role

from .models import Meeting

PRODID = "-//Mentorpolku//Mentoring meetings//EN"
PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: the same for a meeting in every file, email and feed."""
    return f"{meeting.id}@mentorpolku"


def _pair_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("pairs:detail", kwargs={"pair_id": meeting.pair_id})


def _summary(meeting: Meeting, for_user) -> str:
    pair = meeting.pair
    kind = capfirst(meeting.get_kind_display())
    role = member_role(pair=pair, user=for_user)
    if role == "mentor":
        return _("%(kind)s with %(name)s") % {"kind": kind, "name": pair.actor.user.name}
    if role == "actor":
        return _("%(kind)s with %(name)s") % {"kind": kind, "name": pair.mentor.user.name}
    return _("%(kind)s: %(mentor)s and %(actor)s") % {
        "kind": kind,
        "mentor": pair.mentor.user.name,
        "actor": pair.actor.user.name,
    }


def _status(meeting: Meeting) -> str:
    if meeting.status == Meeting.Status.CANCELLED:
        return "CANCELLED"
    if meeting.approval in (Meeting.Approval.PENDING, Meeting.Approval.DECLINED):
        return "TENTATIVE"
    return "CONFIRMED"


def _scheduling(event: icalendar.Event, for_user) -> None:
    """ORGANIZER and ATTENDEE, which RFC 5546 asks of REQUEST and CANCEL: the service
    organises (its sending address), the recipient attends and is asked for no reply."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = icalendar.vText(name or "Mentorpolku")
    event.add("organizer", organizer)
    if for_user is not None:
        attendee = icalendar.vCalAddress(f"mailto:{for_user.email}")
        attendee.params["cn"] = icalendar.vText(for_user.name)
        attendee.params["rsvp"] = icalendar.vText("FALSE")
        event.add("attendee", attendee)


def _event(meeting: Meeting) -> icalendar.Event:
    """What every copy of the meeting shares: identity, version, times and state."""
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    event.add("sequence", meeting.sequence)
    event.add("status", _status(meeting))
    return event


def _member_event(meeting: Meeting, for_user, *, member: bool) -> icalendar.Event:
    """The meeting worded for ``for_user`` in the active language: the other member's name
    and the place for the pair's members; both names and no place for a supervisor."""
    event = _event(meeting)
    event.add("summary", _summary(meeting, for_user))
    if member and meeting.place:
        event.add("location", meeting.place)
    event.add("description", _description(meeting))
    event.add("url", _pair_url(meeting))
    return event


def _description(meeting: Meeting) -> str:
    return (
        _("Mentoring programme: %(programme)s") % {"programme": meeting.pair.programme.name}
        + "\n"
        + _pair_url(meeting)
    )


def _calendar(method: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def meeting_ics(meeting: Meeting, for_user=None, *, method: str = PUBLISH) -> bytes:
    """The meeting as a one-event calendar, worded in ``for_user``'s language.

    ``meeting`` should come with ``pair__programme``, ``pair__mentor__user`` and
    ``pair__actor__user`` loaded (see selectors). Place is included for the pair's members only.
    ``method``: PUBLISH (a file to add), REQUEST (a new or changed time) or CANCEL.
    """
    member = member_role(pair=meeting.pair, user=for_user) is not None
    language = getattr(for_user, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        event = _member_event(meeting, for_user, member=member)
        if method != PUBLISH:
            _scheduling(event, for_user)
        calendar = _calendar(method)
        calendar.add_component(event)
    return calendar.to_ical()


def feed_ics(*, own: list[Meeting], supervised: list[Meeting], for_user) -> bytes:
    """A person's calendar feed (see ``feed.feed_meetings``): their own meetings as in a
    downloaded file; their units' meetings under a general title, with the programme and
    a link to the pair page (which asks them to log in), never a name or a place. Calendar
    apps poll it; the refresh hints ask for about once an hour."""
    language = getattr(for_user, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        calendar = _calendar(PUBLISH)
        calendar.add("x-wr-calname", "Mentorpolku")
        calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", dt.timedelta(hours=1))
        for meeting in own:
            calendar.add_component(_member_event(meeting, for_user, member=True))
        for meeting in supervised:
            event = _event(meeting)
            event.add(
                "summary",
                _("Mentoring: %(kind)s") % {"kind": meeting.get_kind_display()},
            )
            event.add("description", _description(meeting))
            event.add("url", _pair_url(meeting))
            calendar.add_component(event)
    return calendar.to_ical()


def ics_filename(meeting: Meeting) -> str:
    return f"mentoring-{timezone.localtime(meeting.starts_at):%Y-%m-%d-%H%M}.ics"
