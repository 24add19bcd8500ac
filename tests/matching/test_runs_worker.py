"""A large programme's run done by a real Celery worker, through Redis, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_DATABASE_NAME=test_matching \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/6 REQUIRE_SERVICES=1 \\
    python -m pytest -q -m services tests/matching/test_runs_worker.py
"""

import pytest
from django.urls import reverse

from mentoring.celery import app
from mentoring.matching.models import Suggestion, SuggestionRun
from tests.reminders.harness import Processes, services_or_skip, wait_until
from tools.smtp_sink import free_port

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path, monkeypatch):
    """A worker on the test database, and this process's app sending to it (not eager)."""
    _database, broker = services_or_skip()
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = broker, False
    app._pool = None
    app.amqp._producer_pool = None
    procs = Processes(tmp_path, broker=broker, smtp_port=free_port())
    procs.worker(concurrency=1)
    yield procs
    procs.stop_all()
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_a_real_worker_works_out_the_run_and_its_page_shows_the_suggestions(
    people, cast, settings, worker
):
    settings.MATCHING_BACKGROUND_CELLS = 0
    for _ in range(30):
        people.actor()
    for _ in range(10):
        people.mentor(capacity=3)
    client = cast.client("sup_a")
    client.cookies["mentorpolku_language"] = "en"
    response = client.post(reverse("matching:run", args=[people.programme.pk]))
    run = SuggestionRun.objects.get()
    assert response["Location"] == reverse(
        "matching:run_status", args=[people.programme.pk, run.pk]
    )

    def done() -> bool:
        run.refresh_from_db()
        return run.status == SuggestionRun.Status.DONE

    wait_until(done, timeout=60, what=f"the run to finish\n{worker.logs()}")
    assert run.result["suggested"] == 30 and Suggestion.objects.count() == 30
    page = client.get(response["Location"], follow=True).content.decode()
    assert "30 pairs suggested." in page
