"""The pages and the reminder sweep read a pair into the same snapshot."""

import dataclasses

import pytest
from django.utils import timezone

from mentoring.pairs.models import Pair
from mentoring.path.selectors import running_pair_ids, snapshots, with_path
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
    [swept] = snapshots(pair_ids=running_pair_ids(due_by=now), lock=True).values()
    assert swept == snapshots(pair_ids=[pair.pk])[pair.pk]
    assert len(swept.meetings) == 3 and not swept.for_members
    assert {m.place for m in swept.meetings} == {""}  # a place is the members' own
    # What a supervisor's page shows is what the reminders are due for.
    assert page_pair.path == assess(swept, now)
    assert page_pair.path.steps == {}
    # The members' own view reads the places too, and tells their next steps.
    mine = snapshots(pair_ids=[pair.pk], for_members=True)[pair.pk]
    assert "Taukotila" in {m.place for m in mine.meetings}
    plain = tuple(dataclasses.replace(m, place="", answered=()) for m in mine.meetings)
    assert dataclasses.replace(mine, meetings=plain, for_members=False) == swept
    assert assess(mine, now).stage == page_pair.path.stage and assess(mine, now).steps
