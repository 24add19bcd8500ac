"""Two supervisors pairing at the same moment, on two real database connections.

On Postgres the sign-up rows are locked (SELECT … FOR UPDATE): the second supervisor waits
for the first to commit, then sees the pair and gets a clear message. SQLite has no row
locks, but its writers queue up (BEGIN IMMEDIATE, see settings), which gives the same result
with a test database in a file (TEST_DATABASE_NAME=/tmp/x.sqlite3). Only SQLite's default
in-memory test database cannot serve two connections writing at once: there the tests are
skipped, and the database-level fallback is tested in test_services.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_DATABASE_NAME=test_pairs \
        pytest -q tests/pairs/test_concurrency.py
"""

import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import connections

from mentoring.core.errors import DomainError
from mentoring.pairs import services
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme, SignUp
from tests import factories as f
from units.models import Membership


def _in_memory_sqlite() -> bool:
    db = settings.DATABASES["default"]
    name = str(db.get("TEST", {}).get("NAME") or ":memory:")
    return db["ENGINE"].endswith("sqlite3") and (name == ":memory:" or "mode=memory" in name)


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        _in_memory_sqlite(),
        reason="in-memory SQLite cannot serve two writers; run with Postgres or a SQLite file",
    ),
]


def _race(calls):
    """Run each call in its own thread and connection, started together. The first one to
    take the lock holds it a moment (a slow audit write), so the others really wait on it."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    real_audit = services.audit_log

    def slow_audit(**kwargs):
        entry = real_audit(**kwargs)
        time.sleep(0.4)
        return entry

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except DomainError as error:
            results[i] = error
        finally:
            connections.close_all()

    with mock.patch.object(services, "audit_log", slow_audit):
        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    return results


def _signup(pk):
    # Each thread reads its own objects: nothing shared between connections.
    return SignUp.objects.select_related("user").get(pk=pk)


@pytest.fixture
def second_supervisor(cast):
    user = f.UserFactory(email="sup.a2@example.test", name="Sanna Toinen")
    f.MembershipFactory(user=user, unit=cast.unit_a, role=Membership.Role.SUPERVISOR)
    return user


def _pairing(programme_id, mentor_id, actor_id, user_id):
    from mentoring.accounts.models import User

    def call():
        return services.pair_create(
            programme=Programme.objects.get(pk=programme_id),
            mentor=_signup(mentor_id),
            actor=_signup(actor_id),
            by=User.objects.get(pk=user_id),
        )

    return call


def _one_wins(results):
    pairs = [r for r in results if isinstance(r, Pair)]
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(pairs) == 1 and len(errors) == 1, results
    return pairs[0], errors[0]


def test_two_supervisors_pair_the_same_actor(cast, second_supervisor):
    programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    m1 = f.SignUpFactory(mentor=True, programme=programme, user__name="Mentori Yksi")
    m2 = f.SignUpFactory(mentor=True, programme=programme, user__name="Mentori Kaksi")
    a = f.SignUpFactory(programme=programme, user__name="Aino Aktori")
    results = _race(
        [
            _pairing(programme.pk, m1.pk, a.pk, cast.sup_a.pk),
            _pairing(programme.pk, m2.pk, a.pk, second_supervisor.pk),
        ]
    )
    pair, error = _one_wins(results)
    assert "Aino Aktori already has a mentor" in error.message
    assert error.field == "actor"
    assert list(Pair.objects.filter(actor=a).values_list("pk", flat=True)) == [pair.pk]


def test_two_supervisors_take_the_mentors_last_place(cast, second_supervisor):
    programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    m = f.SignUpFactory(mentor=True, programme=programme, user__name="Maija Mentori", capacity=1)
    a1 = f.SignUpFactory(programme=programme, user__name="Aino Yksi")
    a2 = f.SignUpFactory(programme=programme, user__name="Aino Kaksi")
    results = _race(
        [
            _pairing(programme.pk, m.pk, a1.pk, cast.sup_a.pk),
            _pairing(programme.pk, m.pk, a2.pk, second_supervisor.pk),
        ]
    )
    _pair, error = _one_wins(results)
    assert "Maija Mentori has no room for another actor" in error.message
    assert Pair.objects.filter(mentor=m).count() == 1
