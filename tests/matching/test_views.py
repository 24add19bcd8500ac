"""The suggestions screen: plain forms without JavaScript, htmx partials, bad input."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from mentoring.matching import services
from mentoring.matching.models import MatchingWeights, PairRule, Suggestion
from mentoring.matching.selectors import board_suggestions_context
from mentoring.pairs.models import Pair
from tests import factories as f
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, programme, **kw):
    return reverse(f"matching:{name}", kwargs={"programme_id": programme.pk, **kw})


@pytest.fixture
def client_en(cast):
    client = cast.client("sup_a")
    client.cookies["mentorpolku_language"] = "en"
    return client


def test_suggest_accept_and_see_the_reasons_without_javascript(people, client_en, cast):
    actor = people.actor(
        name="Eeva Aloittaja", experience_years=2, shifts=["evening"], themes=["dementia-care"]
    )
    people.mentor(
        name="Aino Virtanen", experience_years=12, shifts=["evening"], themes=["dementia-care"]
    )
    page = _url("suggestions", people.programme)
    response = client_en.post(_url("run", people.programme))
    assert response.status_code == 302 and response["Location"] == page
    html = client_en.get(page).content.decode()
    assert "1 pair suggested." in html
    assert "wants dementia care, which Aino offers" in html
    assert "12 vs 2 years in the field" in html and "both work evenings" in html
    suggestion = Suggestion.objects.get()
    response = client_en.post(_url("accept", people.programme, suggestion_id=suggestion.pk))
    assert response.status_code == 302
    pair = Pair.objects.get(actor=actor)
    assert pair.status == Pair.Status.DRAFT
    assert "are now a pair (not yet published)" in client_en.get(page).content.decode()


def test_htmx_answers_with_the_screen_part(people, client_en):
    people.actor(), people.actor()
    people.mentor(capacity=2)
    response = client_en.post(_url("run", people.programme), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="matching"') and "<html" not in html
    assert "2 pairs suggested." in html
    first = Suggestion.objects.order_by("created_at").first()
    response = client_en.post(
        _url("lock", people.programme, suggestion_id=first.pk), {"locked": "1"}, **HTMX
    )
    assert "Locked: kept when pairs are suggested again." in response.content.decode()
    first.refresh_from_db()
    assert first.status == "locked"
    response = client_en.post(_url("accept_all", people.programme), **HTMX)
    assert "2 pairs made (not yet published)." in response.content.decode()
    assert Pair.objects.filter(status="draft").count() == 2


def test_swap_lists_mentors_with_room_and_their_scores(people, client_en):
    actor = people.actor(themes=["ethics"], experience_years=2)
    people.mentor(name="Ykkönen Mentori", themes=["ethics"])
    other = people.mentor(name="Kakkonen Mentori", experience_years=25)
    services.suggestions_run(programme=people.programme, by=people.sup)
    s = Suggestion.objects.get(actor=actor)
    response = client_en.get(_url("swap", people.programme, suggestion_id=s.pk), **HTMX)
    html = response.content.decode()
    assert "Kakkonen Mentori" in html and "Ykkönen Mentori" not in html
    assert "25 vs 2 years in the field" in html and "<html" not in html
    plain = client_en.get(_url("swap", people.programme, suggestion_id=s.pk))
    assert "<html" in plain.content.decode() and "Kakkonen Mentori" in plain.content.decode()
    choose = _url("swap_choose", people.programme, suggestion_id=s.pk)
    response = client_en.post(choose, {"mentor": str(other.pk)}, **HTMX)
    assert response["HX-Retarget"] == "#matching"
    s.refresh_from_db()
    assert (s.mentor_id, s.status) == (other.pk, "locked")


def test_bad_input_is_explained_and_changes_nothing(people, client_en):
    actor = people.actor()
    mentor = people.mentor()
    services.suggestions_run(programme=people.programme, by=people.sup)
    s = Suggestion.objects.get()
    # weights out of range
    response = client_en.post(
        _url("weights", people.programme),
        {"themes": "11", "experience": "abc", "shifts": "3", "unit": "2", "language": "3"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 10." in html
    assert "Enter a whole number." in html
    assert not MatchingWeights.objects.exists()
    # a rule for a person who has not signed up, and a missing rule kind
    response = client_en.post(
        _url("rule_add", people.programme), {"actor": "nope", "mentor": str(mentor.pk)}
    )
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()
    assert "This field is required." in response.content.decode()
    assert not PairRule.objects.exists()
    # a swap to someone who is not a mentor here
    for bad in ({"mentor": str(actor.pk)}, {"mentor": "not-a-uuid"}, {}):
        response = client_en.post(_url("swap_choose", people.programme, suggestion_id=s.pk), bad)
        assert response.status_code == 200
    assert (
        "Choose a mentor who has a free place"
        in client_en.post(
            _url("swap_choose", people.programme, suggestion_id=s.pk), {"mentor": str(actor.pk)}
        ).content.decode()
    )
    s.refresh_from_db()
    assert (s.mentor_id, s.status) == (mentor.pk, "proposed")
    # an action on a suggestion that was already handled
    services.suggestion_accept(suggestion=s, by=people.sup)
    response = client_en.get(_url("suggestions", people.programme))
    response = client_en.post(_url("reject", people.programme, suggestion_id=s.pk))
    assert response.status_code == 404


def test_valid_weights_and_rules_are_saved(people, client_en):
    actor, mentor = people.actor(name="Anna Aktori"), people.mentor(name="Mikko Mentori")
    data = {"themes": "10", "experience": "0", "shifts": "1", "unit": "0", "language": "2"}
    assert client_en.post(_url("weights", people.programme), data).status_code == 302
    w = MatchingWeights.objects.get(programme=people.programme)
    assert (w.themes, w.experience, w.shifts, w.unit, w.language) == (10, 0, 1, 0, 2)
    response = client_en.post(
        _url("rule_add", people.programme),
        {"actor": str(actor.pk), "mentor": str(mentor.pk), "kind": "never"},
        **HTMX,
    )
    html = response.content.decode()
    assert "Rule saved." in html and "never paired (personal or line-manager reason)" in html
    rule = PairRule.objects.get()
    client_en.post(_url("rule_delete", people.programme, rule_id=rule.pk))
    assert not PairRule.objects.exists()


def test_unmatched_actors_are_listed_with_a_reason(people, client_en):
    people.actor(name="Ilman Mentoria")
    html = client_en.get(_url("suggestions", people.programme)).content.decode()
    assert "Ilman Mentoria" in html and "No mentor has signed up yet." in html


def test_constant_queries_at_1_and_200_actors(people, client_en):
    def grow(n):
        while len(people.programme.signups.filter(role="actor")) < n:
            people.actor(themes=["ethics"])
        while len(people.programme.signups.filter(role="mentor")) * 4 < n:
            people.mentor(capacity=4, themes=["ethics", "career"])
        services.suggestions_run(programme=people.programme, by=people.sup)
        PairRule.objects.get_or_create(
            programme=people.programme,
            actor=people.programme.signups.filter(role="actor").first(),
            mentor=people.programme.signups.filter(role="mentor").last(),
            defaults={"kind": "never"},
        )

    counts = assert_constant_queries(client_en, _url("suggestions", people.programme), grow)
    assert Suggestion.objects.filter(status="proposed").count() >= 199
    assert counts[0] <= 15


def test_swap_screen_has_constant_queries(people, client_en):
    first = people.actor()
    people.mentor(capacity=4)
    services.suggestions_run(programme=people.programme, by=people.sup)
    s = Suggestion.objects.get(actor=first)
    services.suggestion_lock(suggestion=s, locked=True, by=people.sup)

    def grow(n):
        while people.programme.signups.filter(role="mentor").count() < n:
            people.mentor(capacity=2, themes=["ethics"])
            people.actor()
        services.suggestions_run(programme=people.programme, by=people.sup)

    url = _url("swap", people.programme, suggestion_id=s.pk)
    assert_constant_queries(client_en, url, grow)
    assert client_en.get(url).content.decode().count("Choose") >= 100


def test_board_panel(people, cast):
    people.actor(), people.mentor()
    services.suggestions_run(programme=people.programme, by=cast.sup_a)
    context = {
        "programme": people.programme,
        **board_suggestions_context(programme=people.programme),
    }
    with translation.override("en"):
        html = render_to_string("matching/_board_suggestions.html", context)
    assert "1 suggestion waiting for you." in html
    assert _url("suggestions", people.programme) in html


def test_a_malformed_lock_changes_nothing(people, client_en):
    client = client_en
    people.actor(name="Eeva Aloittaja")
    people.mentor(name="Aino Virtanen")
    client.post(_url("run", people.programme))
    suggestion = Suggestion.objects.get()
    client.post(_url("lock", people.programme, suggestion_id=suggestion.pk), {"locked": "maybe"})
    suggestion.refresh_from_db()
    assert suggestion.status == "proposed"


def test_a_dropped_lock_is_told_to_the_supervisor(people, client_en):
    people.actor(name="Eeva Aloittaja")
    aino = people.mentor(name="Aino Virtanen")
    client_en.post(_url("run", people.programme))
    services.suggestion_lock(suggestion=Suggestion.objects.get(), locked=True, by=people.sup)
    f.PairFactory(programme=people.programme, mentor=aino, actor=people.actor())
    html = client_en.post(_url("run", people.programme), follow=True).content.decode()
    assert "Lock dropped: Eeva Aloittaja – Aino Virtanen: the mentor has no place left." in html


def _card_reasons(people):
    from mentoring.matching.pool import load_pool
    from mentoring.matching.selectors import suggestions_board

    with translation.override("en"):
        (card,) = suggestions_board(pool=load_pool(people.programme)).cards
    return card, {r.part: r for r in card.explanation.reasons}


def test_a_card_agrees_with_itself_after_weights_or_sign_ups_change(people, client_en):
    people.actor(name="Eeva Aloittaja", themes=["dementia-care"], experience_years=2)
    aino = people.mentor(name="Aino Virtanen", themes=["dementia-care"], experience_years=12)
    services.suggestions_run(programme=people.programme, by=people.sup)
    card, reasons = _card_reasons(people)
    assert reasons["themes"].points == 5.0 and reasons["themes"].good
    # The weights change: the card shows the points the reasons are worth now.
    values = {"themes": 10, "experience": 3, "shifts": 3, "unit": 2, "language": 3}
    services.weights_update(programme=people.programme, values=values, by=people.sup)
    card, reasons = _card_reasons(people)
    assert reasons["themes"].points == 10.0
    assert card.explanation.score == pytest.approx(sum(r.points for r in reasons.values()), abs=0.2)
    # The mentor no longer offers the theme: no points for it, and the words say so.
    aino.themes.clear()
    card, reasons = _card_reasons(people)
    assert reasons["themes"].text == "Aino offers none of the themes wanted"
    assert reasons["themes"].points == 0.0 and not reasons["themes"].good
    html = client_en.get(_url("suggestions", people.programme)).content.decode()
    assert f"score {card.explanation.score} of 19" in html
    assert "when suggested: weights or sign-ups have changed since" in html


def test_a_part_that_does_not_count_is_not_praised(people, client_en):
    people.actor(name="Eeva Aloittaja", languages=["fi"], shifts=["day"])
    people.mentor(name="Aino Virtanen", languages=["fi"], shifts=["day"])
    values = {"themes": 5, "experience": 3, "shifts": 3, "unit": 2, "language": 0}
    services.weights_update(programme=people.programme, values=values, by=people.sup)
    services.suggestions_run(programme=people.programme, by=people.sup)
    card, reasons = _card_reasons(people)
    assert reasons["language"].text == "both speak Finnish"
    assert not reasons["language"].good and not reasons["language"].counted
    assert reasons["shifts"].good and reasons["shifts"].counted
    assert "both speak" not in card.explanation.summary
    html = client_en.get(_url("suggestions", people.programme)).content.decode()
    assert "both speak Finnish (not counted)" in html
    assert "when suggested" not in html


def test_the_screen_answers_only_get(people, client_en):
    people.actor(), people.mentor()
    url = _url("suggestions", people.programme)
    assert client_en.post(url).status_code == 405
    assert client_en.get(url).status_code == 200
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "language, title",
    [
        ("en", "Actor: Tuomas Koskinen · Mentor: Aino Virtanen"),
        ("fi", "Aktori: Tuomas Koskinen · Mentori: Aino Virtanen"),
        ("sv", "Aktör: Tuomas Koskinen · Mentor: Aino Virtanen"),
    ],
)
def test_a_suggestion_says_who_is_the_mentor_and_who_the_actor(people, cast, language, title):
    """Not "Tuomas Koskinen mentorina Aino Virtanen", which reads as if Tuomas were the mentor."""
    people.actor(name="Tuomas Koskinen")
    people.mentor(name="Aino Virtanen")
    client = cast.client("sup_a")
    client.cookies["mentorpolku_language"] = language
    client.post(_url("run", people.programme))
    html = client.get(_url("suggestions", people.programme)).content.decode()
    suggestion = Suggestion.objects.get()
    heading = html.split(f'id="suggestion-{suggestion.pk}-title">')[1].split("</h3>")[0]
    words = " ".join(
        heading.replace('<span class="text-body-secondary">', "").replace("</span>", "").split()
    )
    assert words == title
