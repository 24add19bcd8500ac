"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib: no system gettext needed (images, CI)."""

from django.core.management.base import BaseCommand

from mentoring.core.i18n import compile_all


class Command(BaseCommand):
    help = "Compile the committed translation catalogues (.po) to .mo files."

    def handle(self, *args, **options):
        written = compile_all()
        self.stdout.write(f"{len(written)} catalogue(s) compiled")
