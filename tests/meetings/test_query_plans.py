"""On PostgreSQL the queries that made pages grow with the organisation (issue 13) are answered
from indexes: a pair's planned and held meetings from (pair, status, start), and a person's
pairs from the sign-ups' and pairs' indexes joined by UNION, not an OR over all pairs.

The test database is tiny, so sequential scans are switched off to ask whether the planner
*can* use an index for the query's shape (with a scan it would say nothing)."""

import pytest
from django.db import connection

from mentoring.meetings.models import Meeting
from mentoring.pairs.access import pairs_of_member
from tests import factories as f

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL"),
]


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def test_a_pairs_meetings_are_read_from_the_pair_status_start_index():
    pair = f.PairFactory()
    meetings = Meeting.objects.filter(pair_id__in=[pair.pk], status__in=["planned", "held"])
    assert "meeting_pair_status_start" in _plan(meetings)


def test_a_persons_pairs_come_from_a_union_of_two_indexed_lookups():
    pair = f.PairFactory()
    plan = _plan(pairs_of_member(user=pair.mentor.user))
    assert "Append" in plan or "Unique" in plan  # the UNION of the two lookups
    assert "Seq Scan" not in plan
