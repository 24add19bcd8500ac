"""The old pair builders, kept as thin wrappers over the factories only for test_stages.py
and test_next_step.py until those two build with ``tests.factories`` themselves.
New tests use the factories."""

import datetime as dt

from django.utils import timezone

from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from tests import factories as f


def mentor(programme, unit, name="Maija Mentori", *, user=None, **kwargs):
    who = {"user": user} if user else {"user__name": name}
    return f.SignUpFactory(mentor=True, programme=programme, unit=unit, **who, **kwargs)


def actor(programme, unit, name="Aino Aktori", *, user=None, **kwargs):
    who = {"user": user} if user else {"user__name": name}
    return f.SignUpFactory(programme=programme, unit=unit, **who, **kwargs)


def pair(programme, mentor_signup, actor_signup, *, status=Pair.Status.DRAFT, published_days_ago=0):
    return f.PairFactory(
        programme=programme,
        mentor=mentor_signup,
        actor=actor_signup,
        status=status,
        published_days_ago=published_days_ago,
    )


def agreement(the_pair, *, planned_meetings=3, evaluation_in_days=90, version=1):
    return f.AgreementFactory(
        pair=the_pair,
        accepted=True,
        goals=[],
        version=version,
        planned_meetings=planned_meetings,
        evaluation_date=timezone.localdate() + dt.timedelta(days=evaluation_in_days),
    )


def meeting(the_pair, *, days, status=Meeting.Status.HELD, minutes=60, **kwargs):
    return f.MeetingFactory(pair=the_pair, status=status, days=days, minutes=minutes, **kwargs)
