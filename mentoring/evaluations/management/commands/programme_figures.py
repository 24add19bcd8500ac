"""Recompute every programme's figures for the organisation report by hand (after an import,
or to fill the table the first time), as the nightly task does.

    manage.py programme_figures
"""

from django.core.management.base import BaseCommand

from mentoring.evaluations.figures import programme_figures_recompute_all


class Command(BaseCommand):
    help = "Recompute every programme's figures for the organisation report."

    def handle(self, *args, **options):
        count = programme_figures_recompute_all()
        self.stdout.write(f"recomputed the figures of {count} programmes")
