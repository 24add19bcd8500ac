"""An uploaded staff file's rows: deleted by the nightly run after the period, and the
person's row leaves them when the person is erased."""

import datetime as dt

import pytest
from django.utils import timezone

from mentoring.onboarding.models import StaffImport
from mentoring.site import retention
from mentoring.site.erasure import person_erase

pytestmark = pytest.mark.django_db


def _import(cast, *, by, rows, days_ago=0):
    batch = StaffImport.objects.create(organisation=cast.organisation, uploaded_by=by, rows=rows)
    uploaded = timezone.now() - dt.timedelta(days=days_ago)
    StaffImport.objects.filter(pk=batch.pk).update(uploaded_at=uploaded)
    return batch


def test_the_nightly_run_deletes_imports_older_than_the_period(cast, settings):
    settings.RETENTION_STAFF_IMPORTS_DAYS = 30
    old = _import(cast, by=cast.sup_a, rows=[], days_ago=31)
    recent = _import(cast, by=cast.sup_a, rows=[], days_ago=29)
    run = retention.retention_run()
    assert run.staff_imports == 1
    assert list(StaffImport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not StaffImport.objects.filter(pk=old.pk).exists()


def test_erasure_removes_the_persons_row_and_the_imports_they_uploaded(cast):
    rows = [
        {"line": 2, "email": "WORKER.B@example.test", "unit": "Yksikkö B"},
        {"line": 3, "email": "someone@example.test", "unit": "Yksikkö B"},
    ]
    others = _import(cast, by=cast.sup_b, rows=rows)
    others.to_invite = [{"email": "worker.b@example.test", "unit": str(cast.unit_b.pk)}]
    others.save()
    person_erase(person=cast.worker_b, by=cast.admin)
    others.refresh_from_db()
    assert [row["line"] for row in others.rows] == [3] and others.to_invite == []

    own = _import(cast, by=cast.sup_b, rows=rows)
    person_erase(person=cast.sup_b, by=cast.admin)
    assert not StaffImport.objects.filter(pk__in=[own.pk, others.pk]).exists()
