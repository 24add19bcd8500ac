"""What a pair writes about its meetings never reaches a supervisor or an admin: not on the
pair page, not on the dashboard, not in the CSV — the dashboard does not even read the
table that holds it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.meetings.models import MeetingLog
from mentoring.pairs.models import Pair
from tests import factories as f

SECRET = "SECRET-NOTES-7f3a"
SECRET_PROGRESS = "SECRET-PROGRESS-7f3a"


@pytest.fixture
def pair(cast, programme):
    m = f.SignUpFactory(mentor=True, programme=programme, user=cast.worker_a)
    a = f.SignUpFactory(programme=programme, user=cast.worker_a2)
    pair = f.PairFactory(programme=programme, mentor=m, actor=a, status=Pair.Status.ACTIVE)
    f.AgreementFactory(pair=pair, accepted=True, goals=[])
    f.MeetingFactory(
        pair=pair, held=True, days=-3, log__notes=SECRET, log__progress=SECRET_PROGRESS
    )
    assert MeetingLog.objects.filter(notes=SECRET).exists()
    return pair


def _pages(pair):
    programme = {"programme_id": pair.programme_id}
    return {
        "dashboard": reverse("pairs:dashboard", kwargs=programme),
        "hours_csv": reverse("pairs:hours_csv", kwargs=programme),
        "detail": reverse("pairs:detail", kwargs={"pair_id": pair.pk}),
    }


@pytest.mark.parametrize("who", ["sup_a", "admin"])
@pytest.mark.parametrize("page", ["dashboard", "hours_csv", "detail"])
def test_overseers_never_get_the_notes(cast, pair, who, page):
    client = cast.client(who)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_pages(pair)[page])
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert SECRET not in body and SECRET_PROGRESS not in body
    if page != "detail":  # the pair page's sections belong to other parts
        assert not [q["sql"] for q in queries.captured_queries if "meetinglog" in q["sql"].lower()]


def test_the_board_never_reads_the_notes(cast, pair):
    url = reverse("pairs:board", kwargs={"programme_id": pair.programme_id})
    with CaptureQueriesContext(connection) as queries:
        body = cast.client("sup_a").get(url).content.decode()
    assert SECRET not in body
    assert not [q for q in queries.captured_queries if "meetinglog" in q["sql"].lower()]


def test_the_introduction_email_holds_no_notes(
    cast, pair, mailoutbox, django_capture_on_commit_callbacks
):
    from mentoring.reminders.services import reminders_for_pair_published

    with django_capture_on_commit_callbacks(execute=True):
        reminders_for_pair_published(pair=pair)
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        assert SECRET not in mail.body and SECRET not in mail.alternatives[0][0]


def test_the_organisation_admin_does_not_see_draft_pairs(cast, programme):
    draft = f.PairFactory(programme=programme)
    url = reverse("pairs:detail", kwargs={"pair_id": draft.pk})
    assert cast.client("admin").get(url).status_code == 404
    assert cast.client("sup_a").get(url).status_code == 200
