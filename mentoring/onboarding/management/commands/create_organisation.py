"""Start an organisation from the command line: ``create_organisation "NAME" --admin EMAIL``.

The first step of a new organisation in production (README, "Starting an organisation"):
nobody can use the app's own page for it before the first admin exists.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mentoring.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an organisation and email its first admin an invitation (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the organisation's name")
        parser.add_argument("--admin", required=True, help="the first admin's email")
        parser.add_argument("--admin-name", default="", help="the first admin's name")
        parser.add_argument(
            "--language",
            default=settings.DEFAULT_LANGUAGE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the invitation",
        )

    def handle(self, *args, name, admin, admin_name, language, **options):
        from mentoring.onboarding.services import organisation_start

        try:
            organisation, created, invitation = organisation_start(
                name=name, admin_email=admin, admin_name=admin_name, language=language
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        state = "created" if created else "already exists"
        self.stdout.write(f"Organisation {organisation.name} ({organisation.pk}) {state}.")
        if invitation is None:
            self.stdout.write(
                f"{admin} is already its admin or has a pending invitation: nothing sent."
            )
        else:
            self.stdout.write(
                f"Invitation sent to {invitation.email}; "
                f"it is valid for {settings.INVITATION_VALID_DAYS} days."
            )
