"""Run one reminder sweep by hand, optionally as if the clock showed another time.

    manage.py reminders_sweep                 # as the beat does: write rows, queue sending
    manage.py reminders_sweep --here          # write rows and send them in this process
    manage.py reminders_sweep --at 2026-12-07T09:00 --here    # time travel (demos)

Running it again sends nothing twice: the rows' keys are unique and sending claims each row.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mentoring.core.working_time import HELSINKI
from mentoring.reminders.sending import reminders_send
from mentoring.reminders.sweep import due_reminder_ids, reminders_sweep


class Command(BaseCommand):
    help = "Sweep for due reminders once (and send them here with --here)."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="pretend it is this Helsinki time (ISO 8601)")
        parser.add_argument("--here", action="store_true", help="send in this process")

    def handle(self, *args, at=None, here=False, **options):
        now = timezone.now()
        if at:
            try:
                now = dt.datetime.fromisoformat(at)
            except ValueError as error:
                raise CommandError(f"--at: {error}") from error
            if now.tzinfo is None:
                now = now.replace(tzinfo=HELSINKI)
        result = reminders_sweep(now=now, queue=not here)
        self.stdout.write(f"swept {result.pairs} pairs: {result.written} new reminders")
        if here:
            sent = skipped = 0
            ids = due_reminder_ids(now=now)
            for start in range(0, len(ids), 50):
                outcome = reminders_send(ids=ids[start : start + 50], at=now)
                sent += len(outcome.sent)
                skipped += len(outcome.skipped)
            self.stdout.write(f"sent {sent}, no longer needed {skipped}")
        else:
            self.stdout.write(f"queued {result.queued} for the worker")
