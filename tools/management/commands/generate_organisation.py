"""Builds a generated organisation for the page benchmarks and the load test (issue 13):
``--users 100000`` for a county like the one the issue measured, ``--small`` for one unit.
Each run adds a new organisation beside the others, so a small and a large one can be compared
in the same database (``benchmark_pages``).
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from mentoring.evaluations.figures import programme_figures_recompute_all
from tools import organisation


class Command(BaseCommand):
    help = "Generate an organisation of N people (bulk inserts; 100 people per unit)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=100_000)
        parser.add_argument("--small", action="store_true", help="one unit: --users 100")
        parser.add_argument("--meetings-per-pair", type=int, default=24)

    def handle(self, *args, users, small, meetings_per_pair, **options):
        users = 100 if small else users
        started = time.perf_counter()

        def progress(done, total):
            elapsed = time.perf_counter() - started
            self.stdout.write(f"  {done}/{total} units, {elapsed:.0f} s")

        with transaction.atomic():
            written = organisation.generate(
                users=users, meetings_per_pair=meetings_per_pair, progress=progress
            )
        # Bulk inserts send no signals: the organisation report's figures are counted here.
        programme_figures_recompute_all()
        elapsed = time.perf_counter() - started
        rows = ", ".join(f"{count:,} {name}" for name, count in written.items())
        self.stdout.write(f"{organisation.organisation_name(users)}: {rows} in {elapsed:.0f} s")
        self.stdout.write(
            f"Everyone's password: {organisation.GENERATED_PASSWORD}; supervisors' and the "
            f"admin's authenticator secret: {organisation.GENERATED_TOTP_SECRET}"
        )
