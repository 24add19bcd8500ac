import pytest
from django.urls import reverse

from mentoring.pairs.models import Pair
from tests import factories as f

SECRET = "SECRET-NOTES-7f3a"
SECRET_PROGRESS = "SECRET-PROGRESS-7f3a"


@pytest.fixture
def pair(cast, programme):
    cast.worker_a.phone = "+358 40 123 4567"
    cast.worker_a.save()
    cast.worker_a2.phone = "+358 50 765 4321"
    cast.worker_a2.save()
    m = f.SignUpFactory(mentor=True, programme=programme, user=cast.worker_a)
    a = f.SignUpFactory(programme=programme, user=cast.worker_a2)
    pair = f.PairFactory(programme=programme, mentor=m, actor=a, status=Pair.Status.ACTIVE)
    f.AgreementFactory(pair=pair, accepted=True, goals=[], planned_meetings=4)
    f.MeetingFactory(
        pair=pair, held=True, days=-7, log__notes=SECRET, log__progress=SECRET_PROGRESS
    )
    f.MeetingFactory(pair=pair, days=7)
    return pair


def _url(pair):
    return reverse("pairs:detail", kwargs={"pair_id": pair.pk})


def test_the_actor_sees_the_mentor(client_as, cast, pair):
    response = client_as("worker_a2").get(_url(pair))
    html = response.content.decode()
    assert response.context["access"].role == "actor"
    assert "Your mentor" in html
    for text in (cast.worker_a.name, cast.worker_a.email, "+358 40 123 4567", "Yksikkö A"):
        assert text in html
    assert "meeting 1 of 4" in html


def test_the_mentor_sees_the_actor(client_as, cast, pair):
    html = client_as("worker_a").get(_url(pair)).content.decode()
    assert "Your actor" in html and cast.worker_a2.email in html and "+358 50 765 4321" in html


@pytest.mark.parametrize("who, role", [("sup_a", "supervisor"), ("admin", "org_admin")])
def test_overseers_see_the_pair_and_its_stage(client_as, cast, pair, who, role):
    response = client_as(who).get(_url(pair))
    assert response.status_code == 200
    assert response.context["access"].role == role
    html = response.content.decode()
    assert cast.worker_a.name in html and cast.worker_a2.name in html
    assert "meeting 1 of 4" in html
    assert "Your mentor" not in html and "Your actor" not in html


def test_a_draft_is_not_shown_to_its_members_yet(client_as, cast, programme):
    m = f.SignUpFactory(mentor=True, programme=programme, user=cast.worker_a)
    a = f.SignUpFactory(programme=programme, user=cast.worker_a2)
    draft = f.PairFactory(programme=programme, mentor=m, actor=a)
    assert client_as("worker_a").get(_url(draft)).status_code == 404
    response = client_as("sup_a").get(_url(draft))
    assert response.status_code == 200 and response.context["stage"].code == "draft"
    assert reverse("pairs:publish", kwargs={"pair_id": draft.pk}) in response.content.decode()
    # The admin follows, but does not publish.
    html = client_as("admin").get(_url(draft)).content.decode()
    assert reverse("pairs:publish", kwargs={"pair_id": draft.pk}) not in html


def test_the_sections_of_the_other_parts_are_included(client_as, pair):
    response = client_as("worker_a").get(_url(pair))
    used = {t.name for t in response.templates}
    assert {
        "agreements/_pair_section.html",
        "meetings/_pair_section.html",
        "evaluations/_pair_section.html",
    } <= used
