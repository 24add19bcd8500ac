"""The factories build a consistent world in each common state."""

import datetime as dt

import pytest
from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.evaluations.models import BENEFIT_KEYS
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from tests import factories as f
from units.models import Membership

pytestmark = pytest.mark.django_db


def test_a_pair_is_two_workers_of_the_programme_unit():
    pair = f.PairFactory()
    unit = pair.programme.units.get()
    assert pair.status == Pair.Status.DRAFT and pair.published_at is None
    assert (pair.mentor.role, pair.actor.role) == ("mentor", "actor")
    assert pair.mentor.capacity == 2 and pair.actor.capacity is None
    for signup in (pair.mentor, pair.actor):
        assert signup.programme == pair.programme and signup.unit == unit
        assert Membership.objects.filter(user=signup.user, unit=unit, role="worker").exists()
    assert unit.organisation == pair.programme.organisation
    assert pair.mentor.user.memberships.get().job_title == "Sairaanhoitaja"


def test_a_mentor_takes_the_next_free_place():
    first = f.PairFactory(published=True)
    second = f.PairFactory(programme=first.programme, mentor=first.mentor)
    assert (first.mentor_slot, second.mentor_slot) == (1, 2)
    Pair.objects.filter(pk=first.pk).update(status=Pair.Status.CONCLUDED)
    third = f.PairFactory(programme=first.programme, mentor=first.mentor, active=True)
    assert third.mentor_slot == 1


def test_pair_states_bring_their_moments():
    published = f.PairFactory(published=True, published_days_ago=5)
    assert timezone.localdate(published.published_at) == timezone.localdate() - dt.timedelta(days=5)
    assert published.activated_at is None
    active = f.PairFactory(active=True)
    assert active.activated_at == active.published_at
    concluded = f.PairFactory(concluded=True)
    assert concluded.concluded_at and concluded.activated_at
    moment = timezone.now() - dt.timedelta(days=20)
    given = f.PairFactory(active=True, published_at=moment, created_at=moment)
    given.refresh_from_db()
    assert given.activated_at == given.published_at == given.created_at == moment


def test_agreements_draft_accepted_and_versions():
    draft = f.AgreementFactory(goals=["Lääkehoito", "Kirjaaminen"])
    assert draft.pair.status == Pair.Status.PUBLISHED
    assert (draft.version, draft.status, draft.mentor_accepted_at) == (1, "draft", None)
    assert [(g.position, g.text) for g in draft.goals.all()] == [
        (1, "Lääkehoito"),
        (2, "Kirjaaminen"),
    ]
    accepted = f.AgreementFactory(accepted=True)
    assert [g.text for g in accepted.goals.all()] == ["Lääkehoito"]
    assert accepted.pair.status == Pair.Status.ACTIVE
    assert accepted.accepted_on == accepted.mentor_accepted_at == accepted.actor_accepted_at
    then = timezone.now() - dt.timedelta(days=15)
    old = f.AgreementFactory(superseded=True, accepted_at=then, created_at=then)
    newer = f.AgreementFactory(pair=old.pair, accepted=True, goals=[])
    old.refresh_from_db()
    assert (old.accepted_on, old.created_at, newer.version) == (then, then, 2)
    goal = f.GoalFactory(agreement=newer)
    assert (goal.position, f.GoalFactory(agreement=newer).position) == (1, 2)
    assert Agreement.objects.filter(pair=old.pair).count() == 2


def test_meetings_in_each_state():
    planned = f.MeetingFactory()
    assert planned.pair.status == Pair.Status.PUBLISHED
    assert (planned.status, planned.kind, planned.planned_minutes) == ("planned", "regular", 60)
    assert planned.proposed_by == planned.pair.mentor.user and planned.held_minutes is None
    held = f.MeetingFactory(held=True, first=True, days=-2, minutes=45, log__notes="SALAINEN")
    assert (held.kind, held.held_minutes, held.log.notes) == ("first", 45, "SALAINEN")
    assert held.logged_at and held.log.written_by == held.pair.mentor.user
    cancelled = f.MeetingFactory(cancelled=True)
    assert cancelled.cancel_reason
    declined = f.MeetingFactory(declined=True)
    assert declined.approval_comment and declined.approval_at
    assert Meeting.objects.count() == 4


def test_a_meeting_log_with_goals():
    goal = f.GoalFactory()
    log = f.MeetingLogFactory(
        meeting__pair=goal.agreement.pair, goals=[goal], notes="n", progress="p"
    )
    assert log.meeting.status == "held" and list(log.goals.all()) == [goal]


def test_evaluations_by_each_member():
    mentor = f.EvaluationFactory()
    actor = f.EvaluationFactory(meeting=mentor.meeting, author_role="actor", rating=2)
    assert mentor.pair.status == Pair.Status.ACTIVE
    assert mentor.meeting.kind == "evaluation" and mentor.meeting.status == "held"
    assert (mentor.author, actor.author) == (mentor.pair.mentor.user, mentor.pair.actor.user)
    assert {getattr(actor, key) for key in BENEFIT_KEYS} == {2}
