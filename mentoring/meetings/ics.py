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


def meeting_ics(meeting: Meeting, for_user=None, *, method: str = PUBLISH) -> bytes:
    """The meeting as a one-event calendar, worded in ``for_user``'s language.

    ``meeting`` should come with ``pair__programme``, ``pair__mentor__user`` and
    ``pair__actor__user`` loaded (see selectors). Place is included for the pair's members only.
    ``method``: PUBLISH (a file to add), REQUEST (a new or changed time) or CANCEL.
    """
    pair = meeting.pair
    member = member_role(pair=pair, user=for_user) is not None
    language = getattr(for_user, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        event = _event(meeting)
        event.add("summary", _summary(meeting, for_user))
        if member and meeting.place:
            event.add("location", meeting.place)
        event.add(
            "description",
            _("Mentoring programme: %(programme)s") % {"programme": pair.programme.name}
            + "\n"
            + _pair_url(meeting),
        )
        event.add("url", _pair_url(meeting))
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", method)
        if method != PUBLISH:
            _scheduling(event, for_user)
        calendar.add_component(event)
    return calendar.to_ical()


def ics_filename(meeting: Meeting) -> str:
    return f"mentoring-{timezone.localtime(meeting.starts_at):%Y-%m-%d-%H%M}.ics"
