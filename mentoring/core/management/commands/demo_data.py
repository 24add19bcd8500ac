"""Builds a believable Finnish care organisation. Idempotent: run it as often as you like.

Later parts of the product add their stages through ``mentoring.core.demo`` hooks.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from mentoring.core import demo


class Command(BaseCommand):
    help = "Create or refresh the demo organisation, units, people and mentoring programme."

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = demo.build()
        for line in summary:
            self.stdout.write(line)
