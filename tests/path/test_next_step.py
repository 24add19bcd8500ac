"""The worker's home says what to do next for each pair."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.pairs.models import Pair
from mentoring.path.selectors import pairs_with_next_step
from tests import factories as f
from tests.utils import count_queries


@pytest.fixture
def setup(cast, programme):
    return f.PairFactory(
        programme=programme,
        mentor__user=cast.worker_a,
        actor__user=cast.worker_a2,
        published=True,
    )


def _in_days(days):
    return timezone.localdate() + dt.timedelta(days=days)


def _step(user):
    [pair] = pairs_with_next_step(user=user)
    return pair.next_step


def test_a_new_pair_is_asked_to_book_its_first_meeting(cast, setup):
    step = _step(cast.worker_a)
    assert step.action and step.text == "Book your first meeting."
    assert step.url == reverse("meetings:propose", kwargs={"pair_id": setup.pk})


def test_with_the_first_meeting_booked_they_are_told_to_write_the_agreement(cast, setup):
    f.MeetingFactory(pair=setup, days=3, first=True)
    step = _step(cast.worker_a2)
    assert step.text.startswith("At your first meeting") and step.when is not None


def test_a_past_meeting_not_logged_comes_first(cast, setup):
    f.AgreementFactory(pair=setup, accepted=True, goals=[], evaluation_date=_in_days(90))
    past = f.MeetingFactory(pair=setup, days=-1)
    f.MeetingFactory(pair=setup, days=10)
    step = _step(cast.worker_a)
    assert step.url == reverse("meetings:log", kwargs={"meeting_id": past.pk})


def test_a_draft_agreement_waits_for_the_member_who_has_not_accepted(cast, setup):
    Agreement.objects.create(
        pair=setup,
        version=1,
        moving_practice="Viestillä",
        confidentiality="Luottamus",
        evaluation_date=timezone.localdate() + timezone.timedelta(days=60),
        mentor_accepted_at=timezone.now(),
    )
    assert _step(cast.worker_a2).text == "Read the agreement and accept it."
    assert _step(cast.worker_a).text != "Read the agreement and accept it."


def test_the_next_meeting_is_shown_with_its_place(cast, setup):
    f.AgreementFactory(pair=setup, accepted=True, goals=[], evaluation_date=_in_days(90))
    f.MeetingFactory(pair=setup, held=True, days=-10)
    f.MeetingFactory(pair=setup, days=4, place="Taukotila")
    step = _step(cast.worker_a)
    assert not step.action and step.text == "Next meeting: Taukotila."


def test_with_nothing_booked_they_are_asked_to_book_the_next(cast, setup):
    f.AgreementFactory(
        pair=setup, accepted=True, goals=[], planned_meetings=5, evaluation_date=_in_days(90)
    )
    f.MeetingFactory(pair=setup, held=True, days=-10)
    assert _step(cast.worker_a).text == "Book your next meeting."


def test_evaluation_due_asks_for_the_evaluation_meeting(cast, setup):
    f.AgreementFactory(
        pair=setup, accepted=True, goals=[], planned_meetings=2, evaluation_date=_in_days(90)
    )
    f.MeetingFactory(pair=setup, held=True, days=-30)
    f.MeetingFactory(pair=setup, held=True, days=-10)
    assert _step(cast.worker_a).text == "Time to book the evaluation meeting."


def test_the_home_page_shows_the_step_in_a_constant_number_of_queries(cast, programme):
    client = cast.client("worker_a")

    def home():
        return client.get("/")

    counts = []
    m = f.SignUpFactory(mentor=True, programme=programme, user=cast.worker_a, capacity=10)
    for n in (1, 10):
        while Pair.objects.filter(mentor__user=cast.worker_a).count() < n:
            p = f.PairFactory(
                programme=programme,
                mentor=m,
                actor__user__name=f"Aktori {Pair.objects.count()}",
                published=True,
            )
            f.AgreementFactory(pair=p, accepted=True, goals=[], evaluation_date=_in_days(90))
            f.MeetingFactory(pair=p, held=True, days=-5)
            f.MeetingFactory(pair=p, days=5)
        queries, response = count_queries(home)
        assert response.status_code == 200
        counts.append(queries)
    assert counts[0] == counts[1], counts
    assert "Next meeting" in response.content.decode()


def test_a_time_waiting_for_approval_is_not_offered_for_logging(cast, setup):
    f.AgreementFactory(pair=setup, accepted=True, goals=[], evaluation_date=_in_days(90))
    f.MeetingFactory(pair=setup, days=-1, pending=True)
    f.MeetingFactory(pair=setup, days=6, pending=True)
    step = _step(cast.worker_a)
    assert not step.action
    assert step.text == "Next meeting, once your supervisor approves the time."


def test_during_the_evaluation_meeting_each_member_is_asked_to_answer(cast, setup):
    """The point of the evaluation meeting comes first, and goes once the member answered."""
    Pair.objects.filter(pk=setup.pk).update(status=Pair.Status.ACTIVE)
    f.AgreementFactory(pair=setup, accepted=True, goals=[], evaluation_date=_in_days(1))
    now = timezone.now()
    meeting = f.MeetingFactory(
        pair=setup, evaluation=True, starts_at=now - dt.timedelta(minutes=10), minutes=60
    )
    for user in (cast.worker_a, cast.worker_a2):
        step = _step(user)
        assert step.action and step.text == "Answer the evaluation."
        assert step.url == reverse("evaluations:answer", kwargs={"meeting_id": meeting.pk})
    f.EvaluationFactory(meeting=meeting, author_role="mentor")
    assert _step(cast.worker_a).text != "Answer the evaluation."
    assert _step(cast.worker_a2).text == "Answer the evaluation."
