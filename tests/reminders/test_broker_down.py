"""The web app keeps working while the broker is down: queuing after commit logs the error
and leaves the rows for the sweep."""

import pytest
import time_machine
from django.test import Client

from mentoring.celery import app
from mentoring.pairs.services import pair_publish
from mentoring.reminders.models import Reminder
from tests import factories as f
from tests.path.snapshots import hki

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings, monkeypatch):
    settings.EMBEDDED_BROKER = False
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_publishing_while_the_broker_is_down_keeps_the_reminders_for_the_sweep(
    cast, broker_down, django_capture_on_commit_callbacks, caplog
):
    pair = f.PairFactory(programme__organisation=cast.organisation, programme__units=[cast.unit_a])
    with time_machine.travel(hki(2026, 12, 1, 10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            pair_publish(pair=pair, by=cast.sup_a)  # must not raise
    rows = Reminder.objects.filter(pair=pair)
    assert rows.count() == 2
    assert set(rows.values_list("state", "queued_at")) == {("pending", None)}
    assert "the sweep will retry" in caplog.text


def test_pages_answer_200_while_the_broker_is_down(cast, broker_down):
    client = cast.client("sup_a")
    assert client.get("/").status_code == 200
    assert client.get("/reminders/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 200
    health = Client().get("/health/")
    assert health.status_code == 503 and health.json()["broker"] == "fail"
