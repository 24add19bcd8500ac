"""Large programmes: the run goes to a Celery task (eager in tests) and its page shows the
progress, then the suggestions; saving is bulk; runs are kept briefly and erased."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.matching import run_work, runs, services
from mentoring.matching.engine import suggest
from mentoring.matching.erasure import suggestions_drop_for_person
from mentoring.matching.models import Suggestion, SuggestionRun
from mentoring.matching.retention import suggestion_runs_delete_before
from mentoring.pairs.models import Pair
from tests import factories as f
from tests.utils import assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_en(cast):
    client = cast.client("sup_a")
    client.cookies["mentorpolku_language"] = "en"
    return client


@pytest.fixture
def background(settings):
    """Every programme counts as large."""
    settings.MATCHING_BACKGROUND_CELLS = 0


def _url(name, programme, **kw):
    return reverse(f"matching:{name}", kwargs={"programme_id": programme.pk, **kw})


def test_a_small_programme_is_suggested_in_the_request(people, client_en):
    people.actor()
    people.mentor()
    response = client_en.post(_url("run", people.programme))
    assert response["Location"] == _url("suggestions", people.programme)
    assert not SuggestionRun.objects.exists() and Suggestion.objects.count() == 1


def test_a_large_programme_runs_in_the_background_then_shows_the_suggestions(
    people, client_en, background, django_capture_on_commit_callbacks
):
    people.actor(name="Eeva Aloittaja")
    people.mentor(name="Aino Virtanen")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_en.post(_url("run", people.programme))
    run = SuggestionRun.objects.get()
    assert response["Location"] == _url("run_status", people.programme, run_id=run.pk)
    assert (run.status, run.progress, run.result["suggested"]) == ("done", 100, 1)
    assert Suggestion.objects.get().actor.user.name == "Eeva Aloittaja"
    response = client_en.get(response["Location"], follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == _url("suggestions", people.programme)
    assert "1 pair suggested." in html and "Aino Virtanen" in html


def test_with_htmx_the_board_goes_to_the_run_page(people, client_en, background):
    people.actor()
    people.mentor()
    response = client_en.post(_url("run", people.programme), HTTP_HX_REQUEST="true")
    run = SuggestionRun.objects.get()
    assert response["HX-Redirect"] == _url("run_status", people.programme, run_id=run.pk)


def test_the_run_page_shows_progress_without_script_in_constant_queries(people, client_en):
    run = SuggestionRun.objects.create(
        programme=people.programme, status=SuggestionRun.Status.RUNNING, progress=40
    )
    url = _url("run_status", people.programme, run_id=run.pk)

    def grow(n):
        for _ in range(n):
            people.actor()
            people.mentor()

    assert_constant_queries(client_en, url, grow, sizes=(1, 50))
    response = client_en.get(url)
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Working: 40 %" in html and "<script>" not in html
    assert "no-store" in response["Cache-Control"]


def test_another_programme_s_run_is_not_found(people, client_en, cast):
    other = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_b])
    run = SuggestionRun.objects.create(programme=other)
    assert client_en.get(_url("run_status", people.programme, run_id=run.pk)).status_code == 404
    assert client_en.get(_url("run_status", other, run_id=run.pk)).status_code == 404


def test_starting_twice_gives_the_run_under_way_and_a_lost_one_is_replaced(people, settings):
    first = runs.suggestions_run_start(programme=people.programme, by=people.sup)
    assert runs.suggestions_run_start(programme=people.programme, by=people.sup) == first
    SuggestionRun.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=runs.stale_minutes() + 1)
    )
    second = runs.suggestions_run_start(programme=people.programme, by=people.sup)
    assert second != first
    first.refresh_from_db()
    assert (first.status, first.result["error"]) == ("failed", "lost")


def test_a_run_handed_over_twice_is_done_once(people):
    people.actor()
    people.mentor()
    run = runs.suggestions_run_start(programme=people.programme, by=people.sup)
    run_work.suggestions_run_perform(run_id=run.pk)
    run.refresh_from_db()
    finished = run.finished_at
    run_work.suggestions_run_perform(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "done" and run.finished_at == finished
    assert Suggestion.objects.count() == 1


def test_a_failed_run_says_why_on_the_page(people, client_en):
    run = SuggestionRun.objects.create(
        programme=people.programme,
        status=SuggestionRun.Status.FAILED,
        result={"error": "not_started"},
    )
    response = client_en.get(_url("run_status", people.programme, run_id=run.pk), follow=True)
    assert "could not be started just now" in response.content.decode()


def test_storing_makes_the_proposal_again_if_the_pool_changed(people):
    people.actor()
    people.mentor(capacity=2)
    proposal = suggest(people.programme)
    late = people.actor()  # signed up while the worker was solving
    stored = services.suggestions_store(
        programme=people.programme, proposal=proposal, by=people.sup
    )
    assert len(stored.items) == 2 and Suggestion.objects.filter(actor=late).exists()


def test_accepting_all_is_bulk_and_ends_the_runs(people, client_en):
    def make(n):
        for _ in range(n):
            people.actor()
            people.mentor()
        services.suggestions_run(programme=people.programme, by=people.sup)
        SuggestionRun.objects.create(programme=people.programme, status="done")
        return count_queries(
            services.suggestions_accept_all, programme=people.programme, by=people.sup
        )

    make(1)  # caches warm
    (few, (made_few, _p)), (many, (made_many, _q)) = make(2), make(40)
    assert (made_few, made_many) == (2, 40) and few == many
    assert Pair.objects.filter(status="draft").count() == 43
    assert not SuggestionRun.objects.exists()


def test_runs_are_kept_a_day_and_go_with_a_person_they_may_name(people, cast):
    actor = people.actor()
    old = SuggestionRun.objects.create(programme=people.programme, status="done")
    SuggestionRun.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    young = SuggestionRun.objects.create(programme=people.programme, status="done")
    assert suggestion_runs_delete_before(before=timezone.now() - dt.timedelta(hours=24)) == 1
    assert list(SuggestionRun.objects.values_list("pk", flat=True)) == [young.pk]
    other = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_b])
    theirs = SuggestionRun.objects.create(programme=other, status="done")  # cannot name them
    suggestions_drop_for_person(user=actor.user)
    assert list(SuggestionRun.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_making_all_the_pairs_of_a_large_programme_goes_to_the_background(
    people, client_en, background, django_capture_on_commit_callbacks
):
    people.sup.language = "en"  # the worker writes the problems in the starter's language
    people.sup.save(update_fields=["language"])
    mentor = people.mentor(name="Aino Virtanen")  # one place, two suggestions for it
    for score in (5, 4):
        Suggestion.objects.create(
            programme=people.programme, actor=people.actor(), mentor=mentor, score=score
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_en.post(_url("accept_all", people.programme))
    run = SuggestionRun.objects.get()
    assert run.kind == "accept" and run.status == "done" and run.result["accepted"] == 1
    assert response["Location"] == _url("run_status", people.programme, run_id=run.pk)
    html = client_en.get(response["Location"], follow=True).content.decode()
    assert "1 pair made (not yet published)." in html
    assert "has no room for another actor." in html
    assert Pair.objects.filter(status="draft").count() == 1
