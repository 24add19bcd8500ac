"""Both members answering at the same moment: the pair's outcome is carried out once.

Needs Postgres (row locks); skipped on SQLite. Run with DATABASE_URL and TEST_DATABASE_NAME set.
"""

import threading

import pytest
from django.db import connection
from django.utils import translation

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.evaluations.models import Evaluation
from mentoring.evaluations.services import evaluation_submit
from mentoring.pairs.models import Pair
from tests.authz.world import build_world

from .support import answer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs Postgres row locks"),
]


def _race(world, submissions):
    barrier = threading.Barrier(len(submissions))
    errors = []

    def run(who, kwargs):
        try:
            barrier.wait()
            with translation.override("en"):
                evaluation_submit(by=world.user(who), **answer(world, **kwargs))
        except DomainError as error:
            errors.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=s) for s in submissions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_both_members_concluding_at_once_conclude_the_pair_once(cast):
    world = build_world(cast)
    errors = _race(world, [("mentor", {}), ("actor", {})])
    assert errors == []
    world.pair.refresh_from_db()
    assert world.pair.status == Pair.Status.CONCLUDED
    assert AuditEntry.objects.filter(action="pair.conclude").count() == 1


def test_the_same_member_twice_at_once_saves_one_answer(cast):
    world = build_world(cast)
    errors = _race(world, [("mentor", {}), ("mentor", {})])
    assert len(errors) == 1 and "already answered" in errors[0]
    assert Evaluation.objects.count() == 1
