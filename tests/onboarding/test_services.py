"""A real Celery worker (through Redis, against PostgreSQL) sends a confirmed import's
invitations: each person gets exactly one, and the import reports its progress to the end.

Run with, for example:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_DATABASE_NAME=test_import \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/11 REQUIRE_SERVICES=1 \
    python -m pytest -q -m services tests/onboarding
"""

from collections import Counter

import pytest
import redis as redis_lib

from mentoring.celery import app
from mentoring.onboarding import services, tasks
from mentoring.onboarding.models import StaffImport
from tests.reminders.harness import Processes, services_or_skip, wait_until
from tools.smtp_sink import SmtpSink

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PEOPLE = 120


@pytest.fixture
def worker(tmp_path):
    _database, broker = services_or_skip()
    redis_lib.Redis.from_url(broker).flushdb()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # .delay goes to the broker, as in production
    with SmtpSink() as sink:
        procs = Processes(tmp_path, broker=broker, smtp_port=sink.port)
        procs.worker(concurrency=2)
        yield sink, procs
        procs.stop_all()
    app.conf.task_always_eager = eager


def test_a_worker_sends_each_invitation_once(cast, worker):
    sink, procs = worker
    lines = "\n".join(f"H{n};h{n}@example.test;Yksikkö A" for n in range(PEOPLE))
    batch = services.staff_import_upload(
        by=cast.admin,
        organisation=cast.organisation,
        name="staff.csv",
        content=f"name;email;unit\n{lines}\n".encode(),
    )
    services.staff_import_confirm(batch=batch, by=cast.admin)
    tasks.send_invitations.delay(str(batch.pk))
    # The same task queued twice (a double click, a retried request) sends nothing more.
    tasks.send_invitations.delay(str(batch.pk))

    def done():
        return StaffImport.objects.get(pk=batch.pk).status == StaffImport.Status.DONE

    wait_until(done, timeout=60, what="the import's invitations")
    wait_until(lambda: len(sink.snapshot()) >= PEOPLE, timeout=30, what="the emails")
    received = Counter(delivery.to for delivery in sink.snapshot())
    assert set(received) == {f"h{n}@example.test" for n in range(PEOPLE)}, procs.logs()
    assert set(received.values()) == {1}
    assert StaffImport.objects.get(pk=batch.pk).invited == PEOPLE
