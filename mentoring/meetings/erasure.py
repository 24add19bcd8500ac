"""Erasing a person, as far as meetings hold them.

- Their own words go at once: the reasons they gave for moving or cancelling a meeting, and
  (a supervisor) the comments they wrote when approving or declining a time.
- A meeting's log and place are the pair's shared record, written for both: they stay while
  the partner is there, and go once both members have been erased.
- Kinds, times, states and held minutes stay: the hours and counts of reports rest on them.
"""

from .models import Meeting, MeetingChange, MeetingLog

ERASED_TEXT = "–"  # a cancelled meeting and a declined time must keep some reason


def meeting_texts_erase_for_person(*, user) -> None:
    cancelled_by_them = MeetingChange.objects.filter(
        changed_by=user, new_starts_at__isnull=True
    ).values("meeting_id")
    Meeting.objects.filter(pk__in=cancelled_by_them, status=Meeting.Status.CANCELLED).update(
        cancel_reason=ERASED_TEXT
    )
    MeetingChange.objects.filter(changed_by=user).update(reason=ERASED_TEXT)
    Meeting.objects.filter(approval_by=user).exclude(approval_comment="").update(
        approval_comment=ERASED_TEXT
    )


def meeting_texts_erase_for_pairs(*, pairs) -> None:
    """Everything the members of these pairs wrote about their meetings."""
    MeetingLog.objects.filter(meeting__pair__in=pairs).update(progress="", notes="")
    Meeting.objects.filter(pair__in=pairs).update(place="")
    Meeting.objects.filter(pair__in=pairs, status=Meeting.Status.CANCELLED).update(
        cancel_reason=ERASED_TEXT
    )
    MeetingChange.objects.filter(meeting__pair__in=pairs).update(reason=ERASED_TEXT)
