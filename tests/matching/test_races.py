"""Two supervisors pressing "suggest pairs" at the same moment (Postgres only)."""

import threading

import pytest
from django.db import connection, connections

from mentoring.matching import services
from mentoring.matching.models import Suggestion

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs Postgres row locks")
def test_simultaneous_runs_queue_up(people, cast):
    for _ in range(20):
        people.actor()
    for _ in range(5):
        people.mentor(capacity=4)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            services.suggestions_run(programme=people.programme, by=cast.sup_a)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    current = Suggestion.objects.filter(status__in=Suggestion.CURRENT)
    assert current.count() == 20
    assert current.values("actor").distinct().count() == 20
