"""Erasing a person, as far as reminders hold them: nothing more is sent to them.

Their waiting reminders end as skipped (the rows stay as a count of what was not sent), and
the error texts of their rows go (a mail server's refusal may quote the address). Reminders to
others that mention them read the name when sent, so they already say "Removed person"."""

from .models import Reminder


def reminders_drop_for_person(*, user) -> None:
    Reminder.objects.filter(recipient=user, state=Reminder.State.PENDING).update(
        state=Reminder.State.SKIPPED
    )
    Reminder.objects.filter(recipient=user).exclude(last_error="").update(last_error="")
