"""Publishing a pair writes its introductions as reminder rows in the same transaction."""

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from mentoring.pairs.models import Pair
from mentoring.pairs.services import pair_publish
from mentoring.reminders.models import Reminder
from tests import factories as f
from tests.path.snapshots import hki

pytestmark = pytest.mark.django_db

TUESDAY = hki(2026, 12, 1, 10)


def draft(cast):
    return f.PairFactory(programme__organisation=cast.organisation, programme__units=[cast.unit_a])


def test_publishing_writes_two_rows_and_sends_after_commit(
    cast, django_capture_on_commit_callbacks
):
    pair = draft(cast)
    with time_machine.travel(TUESDAY, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            pair_publish(pair=pair, by=cast.sup_a)
        rows = Reminder.objects.filter(pair=pair, kind="pair_published")
        assert rows.count() == 2 and mail.outbox == []
        for callback in callbacks:
            callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor.user.email, pair.actor.user.email]
    )
    assert set(rows.values_list("state", flat=True)) == {"sent"}


def test_a_rolled_back_publish_leaves_no_reminders(cast):
    pair = draft(cast)
    with pytest.raises(RuntimeError), transaction.atomic():
        pair_publish(pair=pair, by=cast.sup_a)
        raise RuntimeError("something after publishing failed")
    assert not Reminder.objects.exists()
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.DRAFT


def test_publishing_after_hours_waits_for_the_morning(cast, django_capture_on_commit_callbacks):
    pair = draft(cast)
    friday_evening = hki(2026, 12, 4, 18)
    with time_machine.travel(friday_evening, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            pair_publish(pair=pair, by=cast.sup_a)
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("due_at", flat=True)) == {hki(2026, 12, 7, 8)}


def test_the_sweep_does_not_repeat_introductions_sent_by_publishing(
    cast, django_capture_on_commit_callbacks
):
    from mentoring.reminders.sweep import reminders_sweep

    pair = draft(cast)
    with time_machine.travel(TUESDAY, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            pair_publish(pair=pair, by=cast.sup_a)
        reminders_sweep()
    assert len(mail.outbox) == 2
