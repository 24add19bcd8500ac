"""``migrate`` that waits its turn: several web containers starting at once migrate one by one.

On PostgreSQL a session-level advisory lock serialises the runs; the second one finds nothing
left to do. Other databases (SQLite, one process) migrate directly.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

LOCK_KEY = 0x4D454E54  # "MENT": any constant shared by every instance of the app


class Command(BaseCommand):
    help = "Apply database migrations, one instance at a time."

    def handle(self, *args, **options):
        locked = connection.vendor == "postgresql"
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        finally:
            if locked:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
