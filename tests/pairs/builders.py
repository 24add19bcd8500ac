"""Small builders for pair tests (kept here, not in tests/factories.py, to stay in our part)."""

import datetime as dt

from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from tests import factories as f
from units.models import Membership

SECRET = "SECRET-NOTES-7f3a"
SECRET_PROGRESS = "SECRET-PROGRESS-7f3a"


def worker(unit, name, *, job_title="Lähihoitaja", **user_kwargs):
    user = f.UserFactory(name=name, **user_kwargs)
    f.MembershipFactory(user=user, unit=unit, role=Membership.Role.WORKER, job_title=job_title)
    return user


def mentor(programme, unit, name="Maija Mentori", *, capacity=2, user=None, **kwargs):
    user = user or worker(unit, name, job_title="Sairaanhoitaja")
    return f.SignUpFactory(
        programme=programme,
        user=user,
        unit=unit,
        role="mentor",
        capacity=capacity,
        experience_years=kwargs.pop("experience_years", 15),
        **kwargs,
    )


def actor(programme, unit, name="Aino Aktori", *, user=None, **kwargs):
    user = user or worker(unit, name)
    return f.SignUpFactory(programme=programme, user=user, unit=unit, role="actor", **kwargs)


def pair(programme, mentor_signup, actor_signup, *, status=Pair.Status.DRAFT, published_days_ago=0):
    slot = (
        Pair.objects.filter(mentor=mentor_signup, status__in=Pair.LIVE).count() + 1
        if status in Pair.LIVE
        else 1
    )
    published = (
        timezone.now() - dt.timedelta(days=published_days_ago)
        if status != Pair.Status.DRAFT
        else None
    )
    return Pair.objects.create(
        programme=programme,
        mentor=mentor_signup,
        actor=actor_signup,
        mentor_slot=slot,
        status=status,
        published_at=published,
        activated_at=published if status in (Pair.Status.ACTIVE, Pair.Status.CONCLUDED) else None,
        concluded_at=timezone.now() if status == Pair.Status.CONCLUDED else None,
    )


def agreement(the_pair, *, planned_meetings=3, evaluation_in_days=90, version=1):
    now = timezone.now()
    return Agreement.objects.create(
        pair=the_pair,
        version=version,
        status=Agreement.Status.ACCEPTED,
        moving_practice="Viestillä",
        confidentiality="Luottamus",
        planned_meetings=planned_meetings,
        evaluation_date=timezone.localdate() + dt.timedelta(days=evaluation_in_days),
        mentor_accepted_at=now,
        actor_accepted_at=now,
    )


def meeting(the_pair, *, days, status=Meeting.Status.HELD, minutes=60, notes=None, **kwargs):
    start = kwargs.pop("starts_at", None) or timezone.now() + dt.timedelta(days=days)
    held = status == Meeting.Status.HELD
    if status == Meeting.Status.CANCELLED:
        kwargs.setdefault("cancel_reason", "Sairastuminen")
    m = Meeting.objects.create(
        pair=the_pair,
        status=status,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        held_minutes=minutes if held else None,
        logged_at=timezone.now() if held else None,
        **kwargs,
    )
    if notes is not None:
        MeetingLog.objects.create(meeting=m, notes=notes, progress=SECRET_PROGRESS)
    return m
