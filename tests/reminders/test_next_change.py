"""The sweep looks only at pairs whose moment has come: each running pair stores the next
moment its path can change by the clock (``assess``'s ``next_change_at``), and every service
that changes what the path depends on makes the sweep look at the pair again."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.agreements.services import agreement_accept, agreement_new_version
from mentoring.evaluations.services import evaluation_submit
from mentoring.meetings import services as meetings
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.pairs.services import pair_publish, pair_publish_all
from mentoring.path.selectors import snapshots
from mentoring.path.state import assess
from mentoring.reminders.services import reminder_preferences_update
from mentoring.reminders.sweep import reminders_sweep
from tests import factories as f
from tests.agreements.conftest import terms
from tests.authz.world import build_world
from tests.evaluations.support import answer
from tests.meetings.conftest import local

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


def _moment(pair) -> dt.datetime | None:
    return Pair.objects.values_list("next_change_at", flat=True).get(pk=pair.pk)


def test_a_swept_pair_waits_for_the_moment_its_path_can_change(cast, settings):
    settings.REMINDER_RESPECT_WORKING_HOURS = False
    world = build_world(cast)
    now = timezone.now()
    settings.REMINDER_RECHECK_HOURS = 24 * 30  # the path's own moment, not the safety net
    first = reminders_sweep(now=now, queue=False)
    assert first.pairs == 2  # the world's pair and the other pair
    expected = assess(snapshots(pair_ids=[world.pair.pk])[world.pair.pk], now).next_change_at
    assert expected is not None and _moment(world.pair) == expected
    # Nothing happened: the next sweep reads no pair, in a few queries.
    with CaptureQueriesContext(connection) as ctx:
        again = reminders_sweep(now=now + dt.timedelta(minutes=5), queue=False)
    assert (again.pairs, again.batches) == (0, 0)
    assert len(ctx.captured_queries) <= 3, [q["sql"] for q in ctx.captured_queries]
    # Its moment comes: it is read again, and waits for the next one.
    later = reminders_sweep(now=expected, queue=False)
    assert later.pairs >= 1
    assert _moment(world.pair) > expected


def test_nothing_changes_by_the_clock_then_it_is_still_looked_at_daily(cast, settings):
    settings.REMINDER_RECHECK_HOURS = 24
    pair = f.PairFactory(programme__organisation=cast.organisation, published=True)
    now = timezone.now()
    reminders_sweep(now=now, queue=False)
    state = assess(snapshots(pair_ids=[pair.pk])[pair.pk], now)
    assert _moment(pair) == min(state.next_change_at or now + 24 * H, now + 24 * H)


def _propose(world):
    start = local(8)
    meetings.meeting_propose(
        pair=world.pair, kind="regular", starts_at=start, ends_at=start + H, by=world.cast.worker_a
    )


def _move(world):
    meetings.meeting_move(
        meeting=world.planned_meeting,
        starts_at=local(6),
        ends_at=local(6) + H,
        place="",
        reason="Vuoro vaihtui",
        by=world.cast.worker_a,
    )


def _cancel(world):
    meetings.meeting_cancel(meeting=world.planned_meeting, reason="Sairas", by=world.cast.worker_a)


def _log(world):
    past = f.MeetingFactory(pair=world.pair, starts_at=local(-3, 8))
    meetings.meeting_log(meeting=past, minutes=30, by=world.cast.worker_a)


def _record(world):
    Pair.objects.filter(pk=world.pair.pk).update(published_at=local(-30))
    world.pair.refresh_from_db()
    meetings.meeting_record(
        pair=world.pair, kind="regular", starts_at=local(-4, 8), minutes=30, by=world.cast.worker_a
    )


def _pending(world) -> Meeting:
    world.programme.approval_required = True
    world.programme.save()
    return f.MeetingFactory(pair=world.pair, starts_at=local(9), approval=Meeting.Approval.PENDING)


def _approve(world):
    meetings.meeting_approve(meeting=_pending(world), by=world.cast.sup_a)


def _decline(world):
    meetings.meeting_decline(meeting=_pending(world), comment="Ei käy", by=world.cast.sup_a)


def _new_version(world):
    agreement_new_version(pair=world.pair, by=world.cast.worker_a)


def _accept(world):
    draft = f.AgreementFactory(pair=world.pair, version=2, **terms().__dict__)
    agreement_accept(agreement=draft, by=world.cast.worker_a2)


def _evaluate(world):
    evaluation_submit(by=world.cast.worker_a, **answer(world))


def _mute(world):
    reminder_preferences_update(
        user=world.cast.worker_a, enabled=[], offered=["book_next"], by=world.cast.worker_a
    )


CHANGES = {
    "meeting proposed": _propose,
    "meeting moved": _move,
    "meeting cancelled": _cancel,
    "meeting logged": _log,
    "meeting recorded": _record,
    "time approved": _approve,
    "time declined": _decline,
    "agreement drafted": _new_version,
    "agreement accepted": _accept,
    "evaluation answered": _evaluate,
    "reminders preferences": _mute,
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_a_change_through_a_service_makes_the_sweep_look_at_the_pair_again(cast, change):
    world = build_world(cast)
    now = timezone.now()
    reminders_sweep(now=now, queue=False)
    assert _moment(world.pair) is not None
    CHANGES[change](world)
    assert _moment(world.pair) is None
    swept = reminders_sweep(now=now, queue=False)
    assert swept.pairs == 1  # the changed pair only
    assert _moment(world.pair) is not None


@pytest.mark.parametrize("publish", ["one", "all"])
def test_a_published_pair_is_looked_at_by_the_next_sweep(cast, publish):
    pair = f.PairFactory(programme__organisation=cast.organisation, programme__units=[cast.unit_a])
    reminders_sweep(queue=False)
    Pair.objects.filter(pk=pair.pk).update(next_change_at=timezone.now() + 48 * H)
    if publish == "one":
        pair_publish(pair=pair, by=cast.sup_a)
    else:
        pair_publish_all(programme=pair.programme, by=cast.sup_a)
    assert _moment(pair) is None
    assert reminders_sweep(queue=False).pairs == 1
