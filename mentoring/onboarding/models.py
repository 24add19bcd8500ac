from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.core.models import UUIDModel


class StaffImport(UUIDModel):
    """One uploaded staff file: its rows as read (plain values, never the file itself), and
    how far applying it has come. Deleted by the nightly retention run some days after it
    was uploaded (``RETENTION_STAFF_IMPORTS_DAYS``)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("waiting for confirmation")
        INVITING = "inviting", _("sending invitations")
        DONE = "done", _("done")

    organisation = models.ForeignKey(
        "units.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    # An organisation admin may let the import add the units the file names.
    create_units = models.BooleanField(_("add missing units"), default=False)
    # The file's rows as read: [{"line": 2, "email": ..., "unit": ..., ...}, ...].
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREVIEW
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Filled in at confirmation: the invitations to send ({line, email, unit id, ...}), and
    # how many of them have gone out.
    to_invite = models.JSONField(default=list, blank=True)
    invited = models.PositiveIntegerField(default=0)
    counts = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name or str(self.pk)

    @property
    def progress_percent(self) -> int:
        if not self.to_invite:
            return 100
        return min(100, round(100 * self.invited / len(self.to_invite)))
