"""Builds a believable Finnish care organisation. Idempotent: run it as often as you like.

The people and units come from ``mentoring.site.demo``, the mentoring path from
``mentoring.site.demo_path``.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from mentoring.site import demo


class Command(BaseCommand):
    help = "Create or refresh the demo organisation, units, people and mentoring programme."

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = demo.build()
        for line in summary:
            self.stdout.write(line)
