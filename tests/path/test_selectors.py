"""The pages and the reminder sweep read a pair into the same snapshot."""

import dataclasses

import pytest
from django.utils import timezone

from mentoring.pairs.models import Pair
from mentoring.path.selectors import running_snapshot_batches, snapshots, with_path
from mentoring.path.state import assess
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_page_and_the_sweep_see_the_same_pair(cast, programme):
    pair = f.PairFactory(programme=programme, active=True, published_days_ago=30)
    f.AgreementFactory(pair=pair, accepted=True)
    f.MeetingFactory(pair=pair, days=-20, held=True, place="Taukotila")
    f.MeetingFactory(pair=pair, days=-2)  # to log
    f.MeetingFactory(pair=pair, days=5, pending=True)
    f.MeetingFactory(pair=pair, days=8, cancelled=True)  # not in a snapshot
    f.PairFactory(programme=programme)  # a draft: not swept
    now = timezone.now()

    [page_pair] = with_path(Pair.objects.filter(pk=pair.pk), now=now)
    [swept] = [s for batch in running_snapshot_batches(batch_size=10) for s in batch]
    fetched = snapshots(pair_ids=[pair.pk])[pair.pk]

    assert len(fetched.meetings) == 3
    # The sweep leaves out who answered the evaluations (no reminder reads it).
    without_answers = tuple(dataclasses.replace(m, answered=()) for m in fetched.meetings)
    assert swept == dataclasses.replace(fetched, meetings=without_answers)
    # What the page shows is what the reminders are due for.
    assert page_pair.path == assess(fetched, now)
    assert {d.kind for d in assess(swept, now).due} == {d.kind for d in page_pair.path.due}
