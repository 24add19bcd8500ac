import io

import pytest
from django.core import mail
from django.core.management import call_command

from mentoring.reminders.models import Reminder
from tests.path.snapshots import hki

from .scenario import build_scenario

pytestmark = pytest.mark.django_db


def test_time_travel_sweep_sends_each_reminder_once(cast):
    now = hki(2026, 12, 1, 10)
    scenario = build_scenario(cast, now)
    out = io.StringIO()
    call_command("reminders_sweep", at="2026-12-01T10:00", here=True, stdout=out)
    assert f"sent {len(scenario.expected)}," in out.getvalue()
    call_command("reminders_sweep", at="2026-12-01T10:05", here=True, stdout=out)
    assert len(mail.outbox) == len(scenario.expected)
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}


def test_a_bad_time_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reminders_sweep", at="next tuesday")
