"""The situations on a pair's path that call for a message. Each is a kind of reminder;
which of them a person may turn off is the reminders' business (``reminders.kinds``).

The last two are events, not situations: a member booked, moved or cancelled a meeting (or
the pair concluded with it still booked). ``assess`` never yields them; the reminders part
writes them when the meetings part says so (``meetings.signals.meeting_changed``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PAIR_PUBLISHED = "pair_published", _("Your mentoring pair")
    AGREEMENT_PENDING = "agreement_pending", _("Agreement waiting for acceptance")
    UPCOMING_MEETING = "upcoming_meeting", _("Upcoming meeting")
    MEETING_TO_LOG = "meeting_to_log", _("Meeting to log")
    BOOK_NEXT = "book_next", _("Time to book the next meeting")
    BOOK_NEXT_SUPERVISOR = "book_next_supervisor", _("A pair has not booked a meeting")
    EVALUATION_DUE = "evaluation_due", _("Evaluation meeting due")
    DIGEST = "digest", _("Weekly summary of pairs needing attention")
    APPROVAL_WAITING = "approval_waiting", _("Meeting time waiting for your approval")
    APPROVAL_DECIDED = "approval_decided", _("Meeting time approved or declined")
    MEETING_CHANGED = "meeting_changed", _("Meeting booked, moved or cancelled")
    UNIT_MEETING_CANCELLED = "unit_meeting_cancelled", _("Meeting time in your unit cancelled")


# Situations addressed to the supervisors of the members' units, not to the members.
TO_SUPERVISORS = frozenset({Kind.BOOK_NEXT_SUPERVISOR, Kind.APPROVAL_WAITING})
