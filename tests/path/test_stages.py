import datetime as dt

import pytest
from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.pairs.models import Pair
from mentoring.path.selectors import stage_counts, with_path
from mentoring.path.state import Stage
from tests import factories as f
from tests.utils import count_queries


@pytest.fixture
def make(cast, programme):
    counter = iter(range(1000))

    def make_pair(status=Pair.Status.ACTIVE, **kwargs):
        n = next(counter)
        return f.PairFactory(
            programme=programme,
            mentor__user__name=f"Mentori {n}",
            actor__user__name=f"Aktori {n}",
            status=status,
            **kwargs,
        )

    return make_pair


def _stage(pair, now=None):
    return with_path(Pair.objects.select_related("programme").filter(pk=pair.pk), now=now)[0].stage


def _in_days(days):
    return timezone.localdate() + dt.timedelta(days=days)


def test_draft_published_and_concluded(make):
    assert _stage(make(Pair.Status.DRAFT)).code == Stage.DRAFT
    assert _stage(make(Pair.Status.PUBLISHED)).code == Stage.PUBLISHED
    assert _stage(make(Pair.Status.CONCLUDED)).code == Stage.CONCLUDED


def test_agreement_then_meeting_n_of_m_then_evaluation_due(make):
    pair = make()
    f.AgreementFactory(
        pair=pair, accepted=True, goals=[], planned_meetings=3, evaluation_date=_in_days(90)
    )
    stage = _stage(pair)
    assert (stage.code, stage.held, stage.planned) == (Stage.AGREEMENT, 0, 3)
    assert str(stage.label) == "agreement made"

    f.MeetingFactory(pair=pair, held=True, days=-30)
    f.MeetingFactory(pair=pair, held=True, days=-10, minutes=45)
    f.MeetingFactory(pair=pair, days=-5, cancelled=True)  # does not count
    stage = _stage(pair)
    assert (stage.code, stage.held, stage.held_minutes) == (Stage.MEETINGS, 2, 105)
    assert stage.label == "meeting 2 of 3"

    f.MeetingFactory(pair=pair, held=True, days=-2)
    assert _stage(pair).code == Stage.EVALUATION_DUE


def test_the_programmes_plan_applies_when_the_agreement_has_none(make, programme):
    programme.planned_meetings = 2
    programme.save()
    pair = make()
    f.AgreementFactory(
        pair=pair, accepted=True, goals=[], planned_meetings=None, evaluation_date=_in_days(90)
    )
    f.MeetingFactory(pair=pair, held=True, days=-3)
    assert _stage(pair).label == "meeting 1 of 2"
    f.MeetingFactory(pair=pair, held=True, days=-1)
    assert _stage(pair).code == Stage.EVALUATION_DUE


def test_without_a_planned_number_the_label_counts_only(make, programme):
    programme.planned_meetings = None
    programme.save()
    pair = make()
    f.AgreementFactory(
        pair=pair, accepted=True, goals=[], planned_meetings=None, evaluation_date=_in_days(90)
    )
    f.MeetingFactory(pair=pair, held=True, days=-3)
    assert _stage(pair).label == "meeting 1"


def test_evaluation_date_within_two_weeks_makes_evaluation_due(make):
    soon, later = make(), make()
    f.AgreementFactory(pair=soon, accepted=True, goals=[], evaluation_date=_in_days(14))
    f.AgreementFactory(pair=later, accepted=True, goals=[], evaluation_date=_in_days(15))
    assert _stage(soon).code == Stage.EVALUATION_DUE
    assert _stage(later).code == Stage.AGREEMENT


def test_last_and_next_meeting(make):
    pair = make()
    f.AgreementFactory(pair=pair, accepted=True, goals=[], evaluation_date=_in_days(90))
    last = f.MeetingFactory(pair=pair, held=True, days=-4)
    f.MeetingFactory(pair=pair, held=True, days=-9)
    f.MeetingFactory(pair=pair, days=-1)  # past, not logged: not "next"
    upcoming = f.MeetingFactory(pair=pair, days=3)
    f.MeetingFactory(pair=pair, days=5)
    f.MeetingFactory(pair=pair, days=1, declined=True, approval_comment="Vuorolista ei salli")
    stage = _stage(pair)
    assert stage.last_meeting_at == last.starts_at
    assert stage.next_meeting_at == upcoming.starts_at


def test_cadence_lapsed(make, programme):
    assert programme.cadence_max_days == 21
    quiet_since_publication = make(Pair.Status.PUBLISHED, published_days_ago=22)
    fresh = make(Pair.Status.PUBLISHED, published_days_ago=20)
    long_ago = make(published_days_ago=60)
    f.MeetingFactory(pair=long_ago, held=True, days=-22)
    booked = make(published_days_ago=60)
    f.MeetingFactory(pair=booked, held=True, days=-40)
    f.MeetingFactory(pair=booked, days=7)
    recent = make(published_days_ago=60)
    f.MeetingFactory(pair=recent, held=True, days=-20)
    done = make(Pair.Status.CONCLUDED, published_days_ago=200)
    draft = make(Pair.Status.DRAFT)

    assert _stage(quiet_since_publication).lapsed
    assert not _stage(fresh).lapsed
    assert _stage(long_ago).lapsed
    assert not _stage(booked).lapsed
    assert not _stage(recent).lapsed
    assert not _stage(done).lapsed and not _stage(draft).lapsed
    # Time moves on: three weeks later the recent pair has lapsed too.
    later = timezone.now() + dt.timedelta(days=2)
    assert _stage(recent, now=later).lapsed


def test_many_pairs_in_three_queries(make):
    """The pairs, their meetings and their agreements: three queries however many pairs."""
    for status in (Pair.Status.DRAFT, Pair.Status.PUBLISHED, Pair.Status.ACTIVE):
        for _ in range(5):
            pair = make(status)
            if status == Pair.Status.ACTIVE:
                f.AgreementFactory(pair=pair, accepted=True, goals=[], evaluation_date=_in_days(90))
                f.MeetingFactory(pair=pair, held=True, days=-3)
                f.MeetingFactory(pair=pair, days=4)
    queries, pairs = count_queries(with_path, Pair.objects.all())
    assert queries == 3
    assert stage_counts(pairs) == {
        "draft": 5,
        "published": 5,
        "agreement": 0,
        "meetings": 5,
        "evaluation_due": 0,
        "concluded": 0,
    }


def test_a_held_evaluation_meeting_awaits_the_decision_then_a_new_round_counts_afresh(make):
    pair = make()
    first = f.AgreementFactory(
        pair=pair,
        accepted=True,
        accepted_at=timezone.now() - dt.timedelta(days=60),
        goals=[],
        planned_meetings=4,
        evaluation_date=_in_days(90),
    )
    f.MeetingFactory(pair=pair, held=True, days=-50)
    f.MeetingFactory(pair=pair, held=True, days=-30, evaluation=True)
    # Evaluated early (2 of 4): what remains is their decision.
    assert _stage(pair).code == Stage.EVALUATION_DUE

    # They continue: version 2 is accepted after the evaluation meeting.
    Agreement.objects.filter(pk=first.pk).update(status=Agreement.Status.SUPERSEDED)
    f.AgreementFactory(
        pair=pair,
        accepted=True,
        goals=[],
        planned_meetings=3,
        version=2,
        evaluation_date=_in_days(90),
    )
    assert _stage(pair).code == Stage.AGREEMENT
    f.MeetingFactory(pair=pair, held=True, days=-10)
    stage = _stage(pair)
    assert stage.label == "meeting 1 of 3" and stage.last_meeting_at is not None


def test_lapsed_follows_the_rhythm_the_pair_agreed(make, programme):
    weekly = make(published_days_ago=60)
    f.AgreementFactory(
        pair=weekly, accepted=True, goals=[], cadence_days=7, evaluation_date=_in_days(90)
    )
    f.MeetingFactory(pair=weekly, held=True, days=-10)
    assert _stage(weekly).lapsed  # 10 days without a meeting is past their weekly rhythm
    monthly = make(published_days_ago=60)
    f.AgreementFactory(
        pair=monthly, accepted=True, goals=[], cadence_days=30, evaluation_date=_in_days(90)
    )
    f.MeetingFactory(pair=monthly, held=True, days=-25)
    assert not _stage(monthly).lapsed  # past the programme's 21 days, within their 30


def test_a_concluded_pair_has_no_next_meeting_even_during_its_evaluation_meeting(make):
    pair = make(Pair.Status.CONCLUDED)
    f.AgreementFactory(pair=pair, accepted=True, goals=[], evaluation_date=_in_days(1))
    f.MeetingFactory(pair=pair, held=True, days=-20)
    evaluation = f.MeetingFactory(
        pair=pair, evaluation=True, starts_at=timezone.now() - dt.timedelta(minutes=10)
    )
    pairs = Pair.objects.select_related("programme").filter(pk=pair.pk)
    path = with_path(pairs, for_members=True)[0].path
    assert path.stage.code == Stage.CONCLUDED
    assert path.stage.next_meeting_at is None
    assert path.stage.held == 1  # the evaluation meeting counts once it is logged
    # Each member is asked to log the meeting at which they concluded (it counts in hours).
    assert {s.code for s in path.steps.values()} == {"log_meeting"}
    assert {s.meeting.id for s in path.steps.values()} == {evaluation.pk}
