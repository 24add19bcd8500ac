"""The reminders benchmark: bulk data, the naive baseline, and timing helpers.

Used by ``manage.py benchmark_reminders``; everything runs inside one transaction that the
command rolls back, so nothing stays behind.
"""

import datetime as dt
import time
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from mentoring.agreements.models import Agreement
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.path.selectors import snapshots
from mentoring.programmes.models import Programme, SignUp
from mentoring.reminders.due import pair_candidates
from mentoring.reminders.models import Reminder
from mentoring.reminders.selectors import supervisors_by_unit
from units.models import Membership, Organisation, Unit

BATCH = 5000
D = dt.timedelta(days=1)
H = dt.timedelta(hours=1)


def _bulk(model, rows) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])


def _meetings(pair_id, i: int, now: dt.datetime) -> list[Meeting]:
    """Five kinds of pair in turn: to book, upcoming, to log, evaluation due, quiet."""

    def m(start, status="held", kind="regular"):
        return Meeting(
            pair_id=pair_id,
            kind=kind,
            status=status,
            starts_at=start,
            ends_at=start + H,
            held_minutes=60 if status == "held" else None,
        )

    shape = i % 5
    if shape == 0:
        return [m(now - 30 * D, kind="first")]
    if shape == 1:
        return [m(now - 5 * D, kind="first"), m(now + 20 * H, "planned")]
    if shape == 2:
        return [m(now - 12 * D, kind="first"), m(now - 4 * H, "planned")]
    if shape == 3:
        return [m(now - 10 * D, kind="first"), m(now - 3 * D)]
    return [m(now - 3 * D, kind="first"), m(now + 10 * D, "planned")]


@dataclass
class World:
    pair_ids: list
    units: int


def build(*, pairs: int, now: dt.datetime, units: int = 100) -> World:
    """``pairs`` active pairs in ``units`` units (one supervisor each), with agreements and
    meetings, written with bulk inserts."""
    User = get_user_model()
    tag = uuid.uuid4().hex[:8]
    org = Organisation.objects.create(name=f"Reminder benchmark {tag}")
    unit_rows = [Unit(organisation=org, name=f"Unit {n}") for n in range(units)]
    _bulk(Unit, unit_rows)
    programme = Programme.objects.create(
        organisation=org,
        name="Benchmark",
        starts_on=(now - 90 * D).date(),
        ends_on=(now + 300 * D).date(),
        short_code=f"b{tag}"[:12],
    )
    programme.units.set(unit_rows)
    users = [
        User(email=f"bench-{tag}-{n}@example.invalid", name=f"Bench {n}", password="!")
        for n in range(2 * pairs + units)
    ]
    _bulk(User, users)
    supervisors = users[2 * pairs :]
    _bulk(
        Membership,
        [
            Membership(user=sup, unit=unit, role=Membership.Role.SUPERVISOR)
            for sup, unit in zip(supervisors, unit_rows, strict=True)
        ],
    )
    signups, pair_rows, agreements, meetings = [], [], [], []
    for i in range(pairs):
        unit = unit_rows[i % units]
        mentor = SignUp(
            programme=programme,
            user=users[2 * i],
            unit=unit,
            role="mentor",
            experience_years=15,
            capacity=1,
        )
        actor = SignUp(
            programme=programme, user=users[2 * i + 1], unit=unit, role="actor", experience_years=1
        )
        signups += [mentor, actor]
        pair = Pair(
            programme=programme,
            mentor=mentor,
            actor=actor,
            mentor_slot=1,
            status=Pair.Status.ACTIVE,
            published_at=now - 40 * D,
            activated_at=now - 30 * D,
        )
        pair_rows.append(pair)
        agreements.append(
            Agreement(
                pair=pair,
                version=1,
                status=Agreement.Status.ACCEPTED,
                cadence_days=14,
                moving_practice="-",
                confidentiality="-",
                planned_meetings=2,
                evaluation_date=(now + 120 * D).date(),
                mentor_accepted_at=now - 30 * D,
                actor_accepted_at=now - 30 * D,
            )
        )
        meetings += _meetings(pair.id, i, now)
    _bulk(SignUp, signups)
    _bulk(Pair, pair_rows)
    _bulk(Agreement, agreements)
    _bulk(Meeting, meetings)
    return World(pair_ids=[p.id for p in pair_rows], units=units)


def naive_sweep(*, pair_ids: list, now: dt.datetime) -> float:
    """The obvious loop, for comparison: per pair, read its state and check and insert each
    reminder one by one. Returns seconds."""
    started = time.perf_counter()
    for pair_id in pair_ids:
        state = snapshots(pair_ids=[pair_id])[pair_id]
        supervisors = supervisors_by_unit(unit_ids=state.unit_ids)
        for c in pair_candidates(state, now, supervisors):
            if not Reminder.objects.filter(dedupe_key=c.dedupe_key).exists():
                Reminder.objects.create(
                    kind=c.kind,
                    recipient_id=c.recipient_id,
                    pair_id=c.pair_id,
                    meeting_id=c.meeting_id,
                    dedupe_key=c.dedupe_key,
                    payload=c.payload,
                    due_at=c.due_at,
                    next_try_at=c.due_at,
                )
    return time.perf_counter() - started
