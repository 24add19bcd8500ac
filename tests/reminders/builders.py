"""Pairs, meetings and agreements in the database, for the sweep and sending tests."""

import datetime as dt

from mentoring.agreements.models import Agreement
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from tests import factories as f
from units.models import Membership


def programme(unit, **kwargs):
    return f.ProgrammeFactory(organisation=unit.organisation, units=[unit], **kwargs)


def make_pair(
    prog,
    *,
    status=Pair.Status.ACTIVE,
    published_at,
    mentor=None,
    actor=None,
    language="fi",
):
    unit = prog.units.first()
    if mentor is None:
        mentor = f.UserFactory(language=language)
        f.MembershipFactory(user=mentor, unit=unit, role=Membership.Role.WORKER)
    if actor is None:
        actor = f.UserFactory(language=language)
        f.MembershipFactory(user=actor, unit=unit, role=Membership.Role.WORKER)
    ms = f.SignUpFactory(programme=prog, user=mentor, unit=unit, role="mentor", capacity=5)
    as_ = f.SignUpFactory(programme=prog, user=actor, unit=unit)
    slot = Pair.objects.filter(mentor=ms).count() + 1
    return Pair.objects.create(
        programme=prog,
        mentor=ms,
        actor=as_,
        mentor_slot=slot,
        status=status,
        published_at=published_at,
        activated_at=published_at if status == Pair.Status.ACTIVE else None,
    )


def add_meeting(pair, start, *, minutes=60, kind="regular", status="planned", place="Taukotila"):
    return Meeting.objects.create(
        pair=pair,
        kind=kind,
        status=status,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        place=place,
        held_minutes=minutes if status == "held" else None,
        logged_at=start + dt.timedelta(minutes=minutes) if status == "held" else None,
    )


def add_agreement(pair, *, created, cadence=14, planned=3, evaluation_date=None, status="accepted"):
    agreement = Agreement.objects.create(
        pair=pair,
        version=pair.agreements.count() + 1,
        status=status,
        cadence_days=cadence,
        moving_practice="Viestillä",
        confidentiality="Meidän kesken",
        planned_meetings=planned,
        evaluation_date=evaluation_date or (created + dt.timedelta(days=180)).date(),
        mentor_accepted_at=created if status == "accepted" else None,
        actor_accepted_at=created if status == "accepted" else None,
    )
    Agreement.objects.filter(pk=agreement.pk).update(created_at=created)
    agreement.refresh_from_db()
    return agreement
