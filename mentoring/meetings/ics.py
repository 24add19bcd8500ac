"""A meeting as an iCalendar file (RFC 5545), for downloads and email attachments.

The UID is the meeting's id, so a moved meeting (higher SEQUENCE) or a cancelled one
(STATUS:CANCELLED) replaces the earlier copy in the person's calendar. Never any notes.
"""

import datetime as dt

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mentoring.pairs.access import member_role

from .models import Meeting

PRODID = "-//Mentorpolku//Mentoring meetings//EN"


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


def meeting_ics(meeting: Meeting, for_user=None) -> bytes:
    """The meeting as a one-event calendar, worded in ``for_user``'s language.

    ``meeting`` should come with ``pair__programme``, ``pair__mentor__user`` and
    ``pair__actor__user`` loaded (see selectors). Place is included for the pair's members only.
    """
    pair = meeting.pair
    member = member_role(pair=pair, user=for_user) is not None
    language = getattr(for_user, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        event = icalendar.Event()
        event.add("uid", f"{meeting.id}@mentorpolku")
        event.add("dtstamp", timezone.now().astimezone(dt.UTC))
        event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
        event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
        event.add("sequence", meeting.times_moved)
        event.add("status", _status(meeting))
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
        calendar.add("method", "PUBLISH")
        calendar.add_component(event)
    return calendar.to_ical()


def ics_filename(meeting: Meeting) -> str:
    return f"mentoring-{timezone.localtime(meeting.starts_at):%Y-%m-%d-%H%M}.ics"
