"""The audit log: what happened, by whom, to which object — never what anyone wrote.

``data`` holds non-private facts only: ids, states, counts, times, the names of changed
fields. The values of private fields (``core.private``) never go in: a key named after one
is a programming error, refused at once so a test finds it.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry
from .private import AUDIT_FORBIDDEN_KEYS


def audit_log(*, actor: Any, action: str, obj: models.Model, **data: Any) -> AuditEntry:
    """Record a state change. ``data`` must be JSON-serialisable and hold no private text,
    rating or individual decision."""
    private = AUDIT_FORBIDDEN_KEYS.intersection(data)
    if private:
        raise ValueError(f"the audit log keeps no private values: {sorted(private)}")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        data=data,
    )
