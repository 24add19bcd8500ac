"""Nobody edits the audit log: not in the admin, not in the app, not (on PostgreSQL) in the
database. Old entries go through one privileged path, which logs itself.

The database tests need PostgreSQL and are skipped on SQLite; run them with

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_DATABASE_NAME=test_audit \\
        pytest -q tests/core/test_audit_append_only.py
"""

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.core.audit import audit_log, audit_retention_delete
from mentoring.core.models import AuditEntry, AuditLogIsAppendOnly
from tests import factories as f
from tests.utils import sign_in

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


def _entries(user, *, days_ago: int, count: int = 1) -> list[AuditEntry]:
    with time_machine.travel(timezone.now() - dt.timedelta(days=days_ago), tick=False):
        return [audit_log(actor=user, action="profile.update", obj=user) for _ in range(count)]


@pytest.fixture
def staff_client(client):
    staff = f.UserFactory(email="staff@example.test", is_staff=True, is_superuser=True)
    sign_in(client, staff)
    return client


# --- The admin and the app refuse ------------------------------------------------------------


def test_the_admin_shows_the_log_read_only(cast, staff_client):
    (entry,) = _entries(cast.worker_a, days_ago=1)
    model_admin = admin.site._registry[AuditEntry]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None, entry)
    assert not model_admin.has_delete_permission(None, entry)

    listing = staff_client.get(reverse("admin:core_auditentry_changelist"))
    assert listing.status_code == 200
    assert b"delete_selected" not in listing.content and b'name="action"' not in listing.content
    page = staff_client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content and b"deletelink" not in page.content

    delete = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    assert staff_client.post(change, {"action": "changed"}).status_code == 403
    bulk = staff_client.post(
        reverse("admin:core_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    entry_now = AuditEntry.objects.get(pk=entry.pk)
    assert entry_now.action == "profile.update"


def test_the_app_cannot_change_or_delete_an_entry(cast):
    (entry,) = _entries(cast.worker_a, days_ago=1)
    entry.action = "something.else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="something.else")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "profile.update"


def test_retention_removes_only_older_entries_and_logs_itself(cast):
    _entries(cast.worker_a, days_ago=800, count=3)
    kept = _entries(cast.worker_a, days_ago=10, count=2)
    before = timezone.now() - dt.timedelta(days=730)

    removed = audit_retention_delete(before=before, by=cast.admin)

    assert removed == 3
    record = AuditEntry.objects.get(action="audit.retention")
    assert record.actor == cast.admin
    assert record.data == {"removed": 3, "older_than": before.isoformat()}
    assert set(AuditEntry.objects.exclude(pk=record.pk)) == set(kept)


def test_a_deleted_account_leaves_its_entries_without_the_link(cast):
    user = f.UserFactory(email="leaving@example.test")
    (entry,) = _entries(user, days_ago=1)
    user.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor is None and entry.action == "profile.update"


# --- PostgreSQL refuses too, whoever asks ------------------------------------------------------


def _raw(sql: str, params=()) -> None:
    # A savepoint: the refused statement must not abort the test's transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@on_postgres
def test_the_database_refuses_a_raw_update_and_delete(cast):
    (entry,) = _entries(cast.worker_a, days_ago=1)
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"):
        _raw("UPDATE core_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"):
        _raw("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"):
        # Blanking the actor is allowed only as it is, not together with another change.
        _raw("UPDATE core_auditentry SET actor_id = NULL, action = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "profile.update"


@on_postgres
def test_only_the_retention_path_deletes_and_its_permission_ends_with_it(cast):
    _entries(cast.worker_a, days_ago=800, count=2)
    (recent,) = _entries(cast.worker_a, days_ago=1)

    assert audit_retention_delete(before=timezone.now() - dt.timedelta(days=730), by=None) == 2

    assert AuditEntry.objects.filter(action="audit.retention", data__removed=2).exists()
    # The permission was for that transaction's delete only.
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"):
        _raw("DELETE FROM core_auditentry WHERE id = %s", [recent.pk])
    assert AuditEntry.objects.filter(pk=recent.pk).exists()


@on_postgres
def test_deleting_an_account_may_blank_the_link_only(cast):
    user = f.UserFactory(email="leaving@example.test")
    (entry,) = _entries(user, days_ago=1)
    user.delete()  # Django sets actor to NULL: the one UPDATE the trigger lets through
    assert AuditEntry.objects.get(pk=entry.pk).actor_id is None
