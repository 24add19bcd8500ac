"""Two members pressing buttons at the same moment, against a real Postgres (row locks)."""

import threading

import pytest
from django.db import connection, connections

from mentoring.agreements.models import Agreement
from mentoring.agreements.services import agreement_accept, agreement_new_version
from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.pairs.models import Pair
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs Postgres row locks"),
]


def _together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except DomainError as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_both_amend_at_once_one_draft_and_a_clear_message(cast, pair):
    f.AgreementFactory(pair=pair, accepted=True)
    results = _together(
        lambda: agreement_new_version(pair=pair, by=cast.worker_a),
        lambda: agreement_new_version(pair=pair, by=cast.worker_a2),
    )
    assert sorted(type(r).__name__ for r in results) == ["Agreement", "DomainError"]
    assert Agreement.objects.filter(status="draft").count() == 1


def test_both_accept_at_once_the_version_comes_into_force_once(cast, pair):
    draft = f.AgreementFactory(pair=pair)
    results = _together(
        lambda: agreement_accept(agreement=draft, by=cast.worker_a),
        lambda: agreement_accept(agreement=draft, by=cast.worker_a2),
    )
    assert all(isinstance(r, Agreement) for r in results)
    draft.refresh_from_db()
    assert draft.status == "accepted"
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.ACTIVE
    assert AuditEntry.objects.filter(action="agreement.in_force").count() == 1
