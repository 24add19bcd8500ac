from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_log(*, actor: Any, action: str, obj: models.Model, **data: Any) -> AuditEntry:
    """Record a state change. ``data`` must be JSON-serialisable and hold no private notes."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        data=data,
    )
