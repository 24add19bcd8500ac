"""Reads of what the core keeps about people."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import AuditEntry


def audit_entries_of_person(*, user) -> list[AuditEntry]:
    """Audit entries the person did or that are about them (their user row as the object):
    one query, plus one for the user's content type the first time (cached after). The
    ``details`` are not loaded: a person's data is what happened and when, and the details may
    name others' objects."""
    user_type = ContentType.objects.get_for_model(get_user_model())
    return list(
        AuditEntry.objects.filter(Q(actor=user) | Q(content_type=user_type, object_id=str(user.pk)))
        .select_related("content_type")
        .defer("data")
        .order_by("created_at", "id")
    )
