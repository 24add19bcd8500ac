"""What the reminders part does when something happens below it (Django signals, received
inside the sender's transaction). Each receiver only calls a service."""

from django.dispatch import receiver

from mentoring.meetings.signals import meeting_changed
from mentoring.pairs.signals import pair_changed, pair_published

from .services import pairs_look_again, reminders_for_meeting_change, reminders_for_pair_published


@receiver(pair_published, dispatch_uid="reminders.pair_published")
def _introduce_the_pair(sender, *, pair, now, **kwargs) -> None:
    reminders_for_pair_published(pair=pair, now=now)


@receiver(meeting_changed, dispatch_uid="reminders.meeting_changed")
def _tell_about_the_change(sender, *, meeting, change, by, **kwargs) -> None:
    reminders_for_meeting_change(meeting=meeting, change=change, by=by)


@receiver(pair_changed, dispatch_uid="reminders.pair_changed")
def _look_again(sender, *, pair_id, **kwargs) -> None:
    pairs_look_again(pair_ids=[pair_id])
