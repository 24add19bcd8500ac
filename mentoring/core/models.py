import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class UUIDModel(models.Model):
    """Objects that appear in URLs are addressed by UUID, never by a guessable number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class AuditLogIsAppendOnly(Exception):
    """Someone tried to change or delete an audit entry: entries are only ever added.
    (Old entries go only through ``core.audit.audit_retention_delete``, which logs itself.)"""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AuditLogIsAppendOnly("audit entries are removed only by audit_retention_delete")

    def _delete_for_retention(self) -> int:
        """For ``audit_retention_delete`` only: it holds the database's permission too."""
        return super().delete()[0]


class AuditEntry(models.Model):
    """Who changed what, when. Written by services, never by views, and never changed:
    the app refuses it here, and on PostgreSQL a trigger refuses it in the database
    (migration core 0003)."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_id} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit entries are removed only by audit_retention_delete")
