"""The audit log: what happened, by whom, to which object — never what anyone wrote.

``data`` holds non-private facts only: ids, states, counts, times, the names of changed
fields. The values of private fields (``core.private``) never go in: a key named after one
is a programming error, refused at once so a test finds it.
"""

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Subquery

from .models import AuditEntry
from .private import AUDIT_FORBIDDEN_KEYS


def _refuse_private(data: dict) -> None:
    private = AUDIT_FORBIDDEN_KEYS.intersection(data)
    if private:
        raise ValueError(f"the audit log keeps no private values: {sorted(private)}")


def audit_log(*, actor: Any, action: str, obj: models.Model, **data: Any) -> AuditEntry:
    """Record a state change. ``data`` must be JSON-serialisable and hold no private text,
    rating or individual decision."""
    _refuse_private(data)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        data=data,
    )


def audit_log_many(*, actor: Any, action: str, entries: list[tuple[models.Model, dict]]) -> None:
    """The same change to many objects (e.g. a hundred pairs made at once): one entry per
    object, written in one INSERT. ``entries``: (object, data) pairs, as for ``audit_log``."""
    for _obj, data in entries:
        _refuse_private(data)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    content_types = ContentType.objects.get_for_models(*{type(obj) for obj, _data in entries})
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            action=action,
            content_type=content_types[type(obj)],
            object_id=str(obj.pk),
            data=data,
        )
        for obj, data in entries
    )


def audit_read(*, actor: Any, action: str, obj: models.Model, **data: Any) -> None:
    """Someone read or exported another person's data: who, which kind of read, which
    object — never what was read. Exactly one INSERT, whatever the caches hold (the content
    type is looked up inside it), so the pages that call this keep a fixed query count."""
    _refuse_private(data)
    meta = obj._meta
    content_type = ContentType.objects.filter(app_label=meta.app_label, model=meta.model_name)
    AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type_id=Subquery(content_type.values("id")[:1]),
        object_id=str(obj.pk),
        data=data,
    )


# The session setting the database trigger (migration core 0003) checks before it lets a
# DELETE through. SET LOCAL: it holds until the end of this transaction only.
RETENTION_SETTING = "mentorpolku.audit_retention"


def audit_retention_delete(*, before: dt.datetime, by=None) -> int:
    """Remove the audit entries written before ``before``: the one way entries ever go, and
    it logs itself ("retention: N entries older than X removed"). Returns N.

    ``by`` is the person or None for the scheduled task (the retention schedule comes
    later). On PostgreSQL the delete holds the trigger's permission for this transaction
    only; any other UPDATE or DELETE of the table is refused by the database."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL {RETENTION_SETTING} = 'on'")
        removed = AuditEntry.objects.filter(created_at__lt=before)._delete_for_retention()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL {RETENTION_SETTING} = 'off'")
        AuditEntry.objects.create(
            actor=by if getattr(by, "is_authenticated", False) else None,
            action="audit.retention",
            content_type=ContentType.objects.get_for_model(AuditEntry),
            object_id="",
            data={"removed": removed, "older_than": before.isoformat()},
        )
    return removed
