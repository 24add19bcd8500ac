"""Which kinds of reminder a user may turn off (the kinds are the path's situations).

Essentials cannot be turned off: they concern an appointment with another person.
- pair published: without it a member does not know who their pair is;
- upcoming meeting: a colleague keeps working time free for the meeting;
- meeting changed: the other member booked, moved or cancelled a meeting (with the update
  for the calendar), so nobody waits for a colleague who is not coming.
Everything else is a nudge the user may decline on their profile (``User.muted_reminders``).
"""

from django.utils.translation import gettext_lazy as _

from mentoring.path.kinds import Kind

ESSENTIAL = frozenset({Kind.PAIR_PUBLISHED, Kind.UPCOMING_MEETING, Kind.MEETING_CHANGED})
OPTIONAL_FOR_MEMBERS = (
    Kind.AGREEMENT_PENDING,
    Kind.MEETING_TO_LOG,
    Kind.BOOK_NEXT,
    Kind.EVALUATION_DUE,
    Kind.APPROVAL_DECIDED,
)
OPTIONAL_FOR_SUPERVISORS = (
    Kind.BOOK_NEXT_SUPERVISOR,
    Kind.APPROVAL_WAITING,
    Kind.UNIT_MEETING_CANCELLED,
    Kind.DIGEST,
)
OPTIONAL = frozenset(OPTIONAL_FOR_MEMBERS + OPTIONAL_FOR_SUPERVISORS)
# Kinds addressed to the supervisors of the pair's units (found again when sending).
# Events, written when a meeting changes rather than found by the sweep on the path: they are
# still needed while no later change of the same meeting has superseded them.
EVENTS = frozenset({Kind.MEETING_CHANGED, Kind.UNIT_MEETING_CANCELLED})

# Shown on the preferences page next to each kind.
DESCRIPTIONS = {
    Kind.PAIR_PUBLISHED: _("Who your pair is, and what to agree at the first meeting."),
    Kind.UPCOMING_MEETING: _("On the working day before a meeting, with a calendar file."),
    Kind.AGREEMENT_PENDING: _("When the agreement is still not accepted a few days later."),
    Kind.MEETING_TO_LOG: _("When a meeting's time has passed and it is not logged yet."),
    Kind.BOOK_NEXT: _("When the agreed rhythm has passed and no meeting is booked."),
    Kind.EVALUATION_DUE: _("When the planned meetings are done or the evaluation date is near."),
    Kind.BOOK_NEXT_SUPERVISOR: _("When a pair in your unit has missed its rhythm twice."),
    Kind.DIGEST: _("On Monday mornings, if any pair in your units needs attention."),
    Kind.APPROVAL_WAITING: _(
        "When a pair in your unit proposes or moves a meeting time that needs your approval."
    ),
    Kind.APPROVAL_DECIDED: _(
        "When the supervisor has approved or declined your meeting time, with their comment."
    ),
    Kind.MEETING_CHANGED: _(
        "When the other person books, moves or cancels a meeting, with an update for your calendar."
    ),
    Kind.UNIT_MEETING_CANCELLED: _(
        "When a pair in your unit cancels a meeting time that needed your approval."
    ),
}


def wants(muted: list | None, kind: str) -> bool:
    """Whether a user with these muted kinds gets a reminder of ``kind``."""
    return kind in ESSENTIAL or kind not in (muted or ())
