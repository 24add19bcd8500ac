"""A supervisor's weekly digest is checked again when it is sent: only the pairs of units
she still supervises, and nothing if none is left (2026-11-30 is a Monday)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from mentoring.reminders.models import Reminder
from mentoring.reminders.sweep import reminders_queue_due, reminders_sweep
from tests import factories as f
from tests.path.snapshots import hki
from units.models import Membership

from .scenario import agreed, build_scenario

pytestmark = pytest.mark.django_db

MONDAY = hki(2026, 11, 30, 8)
D = dt.timedelta(days=1)


def late_pair(unit, now):
    """A pair in ``unit`` that has missed its rhythm: the digest lists it."""
    prog = f.ProgrammeFactory(
        organisation=unit.organisation, units=[unit], name=f"Ohjelma {unit.name}"
    )
    p = f.PairFactory(programme=prog, active=True, published_at=now - 60 * D)
    agreed(p, now - 40 * D, cadence_days=14)
    f.MeetingFactory(pair=p, held=True, starts_at=now - 30 * D, place="Taukotila")
    return p


def digests_to(user):
    return [
        m
        for m in mail.outbox
        if m.to == [user.email] and m.extra_headers["X-Mentorpolku-Reminder"].startswith("digest")
    ]


def test_a_digest_to_someone_who_no_longer_supervises_the_unit_is_skipped(cast):
    with time_machine.travel(MONDAY, tick=False):
        build_scenario(cast, MONDAY)
        reminders_sweep(queue=False)
        row = Reminder.objects.get(kind="digest", recipient=cast.sup_a)
        # She moves to other work before the digest goes out.
        Membership.objects.filter(user=cast.sup_a, unit=cast.unit_a).update(role="worker")
        reminders_queue_due()
    row.refresh_from_db()
    assert row.state == "skipped"
    assert digests_to(cast.sup_a) == []


def test_a_digest_lists_only_the_units_still_supervised(cast):
    f.MembershipFactory(user=cast.sup_a, unit=cast.unit_b, role=Membership.Role.SUPERVISOR)
    with time_machine.travel(MONDAY, tick=False):
        in_a, in_b = late_pair(cast.unit_a, MONDAY), late_pair(cast.unit_b, MONDAY)
        reminders_sweep(queue=False)
        row = Reminder.objects.get(kind="digest", recipient=cast.sup_a)
        assert {e["pair"] for e in row.payload["pairs"]} == {str(in_a.pk), str(in_b.pk)}
        Membership.objects.filter(user=cast.sup_a, unit=cast.unit_b).delete()
        reminders_queue_due()
    [digest] = digests_to(cast.sup_a)
    for body in (digest.body, digest.alternatives[0][0]):
        assert in_a.mentor.user.name in body and f"/pairs/{in_a.pk}/" in body
        assert in_b.mentor.user.name not in body and str(in_b.pk) not in body
    [to_b] = digests_to(cast.sup_b)  # unit B's own supervisor still hears of its pair
    assert in_b.mentor.user.name in to_b.body
