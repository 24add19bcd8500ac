"""The supervisor's home is a to-do list, and the menu shows the times waiting for approval."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.pairs.models import Pair
from mentoring.site.todo import supervisor_todo
from tests import factories as f
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    return f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], approval_required=True
    )


def _texts(user):
    return {item.text: item.url for item in supervisor_todo(user=user)}


def test_nothing_waits_in_a_quiet_programme(cast, programme):
    assert supervisor_todo(user=cast.sup_a) == []
    page = cast.client("sup_a").get(reverse("site:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Nothing waits for you right now." in page.content.decode()


def test_each_kind_of_work_is_listed_once_with_a_link_to_do_it(cast, programme):
    f.PairFactory(programme=programme)  # a draft
    f.SignUpFactory(programme=programme)  # an actor without a mentor
    waiting = f.PairFactory(programme=programme, active=True)
    f.MeetingFactory(pair=waiting, pending=True)
    lapsed = f.PairFactory(programme=programme, published=True, published_days_ago=40)
    evaluation = f.PairFactory(programme=programme, active=True)
    f.AgreementFactory(
        pair=evaluation, accepted=True, evaluation_date=timezone.localdate() + dt.timedelta(days=3)
    )
    f.MeetingFactory(pair=evaluation, days=2)
    texts = _texts(cast.sup_a)
    pk = programme.pk
    assert texts == {
        "1 meeting time waits for your approval": reverse(
            "meetings:approvals", kwargs={"programme_id": pk}
        ),
        "1 pair is formed but not yet published": reverse(
            "pairs:board", kwargs={"programme_id": pk}
        ),
        # the draft pair's actor has a pair; the lone sign-up and the lapsed pair's do not count
        "1 actor waits for a mentor": reverse("pairs:board", kwargs={"programme_id": pk}),
        "1 pair has not booked a meeting for too long": reverse(
            "pairs:dashboard", kwargs={"programme_id": pk}
        ),
        "1 pair is due for its evaluation": reverse("pairs:dashboard", kwargs={"programme_id": pk}),
    }
    assert lapsed.status == Pair.Status.PUBLISHED
    # Another unit's supervisor sees none of it.
    assert supervisor_todo(user=cast.sup_b) == []


def test_the_menu_counts_the_times_waiting_for_approval(cast, programme):
    pair = f.PairFactory(programme=programme, active=True)
    f.MeetingFactory(pair=pair, pending=True)
    f.MeetingFactory(pair=pair, pending=True, days=5)
    page = cast.client("sup_a").get(reverse("site:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'badge text-bg-warning">2<' in page.content.decode()
    other = cast.client("sup_b").get(reverse("site:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "text-bg-warning" not in other.content.decode()


def test_the_list_costs_the_same_queries_for_one_programme_or_many(cast):
    def grow(n):
        for _ in range(n):
            programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
            pair = f.PairFactory(programme=programme, active=True)
            f.MeetingFactory(pair=pair, pending=True)
            f.PairFactory(programme=programme)

    grow(1)
    supervisor_todo(user=cast.sup_a)  # the user's roles are read once, then cached
    few, items = count_queries(supervisor_todo, user=cast.sup_a)
    grow(20)
    many, more = count_queries(supervisor_todo, user=cast.sup_a)
    assert few == many and len(more) > len(items)


def test_a_pair_that_does_not_agree_after_its_evaluation_waits_for_a_talk(cast, programme):
    """The members answered differently: the supervisor is asked to talk it over with them
    (she sees the outcome, never who chose what)."""
    pair = f.PairFactory(programme=programme, active=True)
    f.AgreementFactory(pair=pair, accepted=True)
    meeting = f.MeetingFactory(pair=pair, evaluation=True, held=True, days=-1)
    f.EvaluationFactory(meeting=meeting, author_role="mentor", decision="continue")
    assert "1 pair does not agree yet whether to continue" not in _texts(cast.sup_a)
    f.EvaluationFactory(meeting=meeting, author_role="actor", decision="conclude")
    url = reverse("pairs:dashboard", kwargs={"programme_id": programme.pk})
    assert _texts(cast.sup_a)["1 pair does not agree yet whether to continue"] == url
