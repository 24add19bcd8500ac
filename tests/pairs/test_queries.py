"""The board, the dashboard, the CSV and the pair page cost the same number of queries with
1 pair as with 200."""

import pytest
from django.urls import reverse

from mentoring.pairs.models import Pair
from mentoring.programmes.models import Theme
from tests import factories as f
from tests.utils import assert_constant_queries

SECRET = "SECRET-NOTES-7f3a"
SECRET_PROGRESS = "SECRET-PROGRESS-7f3a"

STATUSES = [Pair.Status.ACTIVE, Pair.Status.DRAFT, Pair.Status.PUBLISHED, Pair.Status.CONCLUDED]


@pytest.fixture
def grow(cast, programme):
    themes = list(Theme.objects.filter(organisation__isnull=True)[:3])
    made = []

    def grow_to(n):
        while len(made) < n:
            i = len(made)
            if i == 0:  # the cast's workers: their pair is the one whose page is read
                mentor_user, actor_user = cast.worker_a, cast.worker_a2
            else:
                mentor_user = f.WorkerFactory(
                    name=f"Mentori {i}", unit=cast.unit_a, job_title="Sairaanhoitaja"
                )
                actor_user = f.WorkerFactory(name=f"Aktori {i}", unit=cast.unit_a)
            m = f.SignUpFactory(
                mentor=True,
                programme=programme,
                user=mentor_user,
                capacity=1,
                shifts=["day", "night"],
                languages=["fi", "sv"],
            )
            a = f.SignUpFactory(programme=programme, user=actor_user)
            m.themes.set(themes)
            a.themes.set(themes[:1])
            f.SignUpFactory(
                programme=programme, user__name=f"Pariton {i}"
            )  # an actor without a mentor
            pair = f.PairFactory(
                programme=programme,
                mentor=m,
                actor=a,
                status=STATUSES[i % 4],
                published_days_ago=30,
            )
            if pair.status != Pair.Status.DRAFT:
                f.AgreementFactory(pair=pair, accepted=True, goals=[])
                f.MeetingFactory(
                    pair=pair, held=True, days=-10, log__notes=SECRET, log__progress=SECRET_PROGRESS
                )
                f.MeetingFactory(pair=pair, held=True, days=-3)
                f.MeetingFactory(pair=pair, days=5)
            made.append(pair)
        return made

    return grow_to


def test_board(cast, programme, grow):
    url = reverse("pairs:board", kwargs={"programme_id": programme.pk})
    counts = assert_constant_queries(cast.client("sup_a"), url, grow)
    # The three sections (agreement, meetings, evaluation) add their own few queries; the
    # pair's place on the path reads its meetings and agreements (two); a supervisor's menu
    # counts the meeting times waiting for approval (one).
    assert counts[0] <= 15, counts


@pytest.mark.parametrize("who", ["sup_a", "admin"])
def test_dashboard(cast, programme, grow, who):
    url = reverse("pairs:dashboard", kwargs={"programme_id": programme.pk})
    counts = assert_constant_queries(cast.client(who), url, grow)
    # The path reads the pairs' meetings and agreements in two plain queries of their own
    # (they were correlated subqueries before); the menu counts the meeting times waiting
    # for the supervisor's approval (one).
    assert counts[0] <= 12, counts


def test_hours_csv(cast, programme, grow):
    url = reverse("pairs:hours_csv", kwargs={"programme_id": programme.pk})
    assert_constant_queries(cast.client("sup_a"), url, grow)


@pytest.mark.parametrize("who", ["worker_a", "sup_a", "admin"])
def test_pair_page(cast, programme, grow, who):
    first = grow(1)[0]
    url = reverse("pairs:detail", kwargs={"pair_id": first.pk})
    counts = assert_constant_queries(cast.client(who), url, grow)
    # The three sections (agreement, meetings, evaluation) add their own few queries; the
    # pair's place on the path reads its meetings and agreements (two); a supervisor's menu
    # counts the meeting times waiting for approval (one).
    assert counts[0] <= 15, counts
