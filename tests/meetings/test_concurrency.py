"""A proposal and a move racing for the same time, on two real database connections.

Needs Postgres (row locks); skipped on SQLite. Run with DATABASE_URL and TEST_DATABASE_NAME:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_DATABASE_NAME=test_meetings \
        pytest -q tests/meetings/test_concurrency.py
"""

import datetime as dt
import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.utils import translation

from mentoring.core.errors import DomainError
from mentoring.meetings import services
from mentoring.meetings.models import Meeting
from tests.authz.world import build_world

from .conftest import local

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs Postgres row locks"),
]
H = dt.timedelta(hours=1)


def test_a_move_waits_for_a_proposal_of_the_same_time_and_is_refused(cast):
    world = build_world(cast)
    proposing = threading.Event()
    real_audit = services.audit_log
    errors: list = []

    def slow_audit(**kwargs):
        entry = real_audit(**kwargs)
        if kwargs["action"] == "meeting.propose":
            proposing.set()  # the proposal holds the pair's lock and is not committed yet
            time.sleep(0.6)
        return entry

    def propose():
        try:
            with translation.override("en"):
                services.meeting_propose(
                    pair=world.pair,
                    kind="regular",
                    starts_at=local(12, 10),
                    ends_at=local(12, 10) + H,
                    by=world.cast.worker_a,
                )
        except DomainError as error:
            errors.append(("propose", error.message))
        finally:
            connection.close()

    def move():
        proposing.wait(5)
        try:
            with translation.override("en"):
                services.meeting_move(
                    meeting=world.planned_meeting,
                    starts_at=local(12, 10, 30),
                    ends_at=local(12, 10, 30) + H,
                    place="",
                    reason="Vuoro vaihtui",
                    by=world.cast.worker_a2,
                )
        except DomainError as error:
            errors.append(("move", error.message))
        finally:
            connection.close()

    with mock.patch.object(services, "audit_log", slow_audit):
        threads = [threading.Thread(target=propose), threading.Thread(target=move)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == [("move", "You already have a meeting at that time.")]
    on_the_day = Meeting.objects.filter(
        pair=world.pair, status=Meeting.Status.PLANNED, starts_at__date=local(12).date()
    )
    assert on_the_day.count() == 1
