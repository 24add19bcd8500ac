import pytest
from django.urls import reverse

from mentoring.agreements.services import agreement_new_version
from mentoring.evaluations.models import Evaluation
from mentoring.pairs.models import Pair
from tests import factories as f

from .support import post_data

pytestmark = pytest.mark.django_db


def _url(meeting):
    return reverse("evaluations:answer", kwargs={"meeting_id": meeting.pk})


def test_the_form_has_an_accessible_scale_for_each_benefit_and_the_goals(world, client_for):
    response = client_for("mentor").get(_url(world.evaluation_meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 6 + 1 + 1  # six benefits, one goal, the decision
    assert html.count('type="radio"') == 6 * 5 + 3 + 2
    assert 'aria-describedby="scale-help"' in html
    assert "Lääkehoidon varmuus" in html  # the goal of the agreement in force
    assert 'name="new_goals"' in html


def test_answering_saves_and_shows_the_evaluation_on_the_pair_page(world, client_for):
    client = client_for("mentor")
    response = client.post(_url(world.evaluation_meeting), post_data(world), follow=True)
    pair_url = reverse("pairs:detail", kwargs={"pair_id": world.pair.pk})
    assert response.redirect_chain == [(f"{pair_url}#evaluation-heading", 302)]
    assert Evaluation.objects.filter(author=world.user("mentor")).count() == 1
    assert "answers are saved" in response.content.decode()


def _page_after_both_answer(world, client_for, mentor_decision, actor_decision):
    goals = {"continue": "Uusi tavoite", "conclude": ""}
    client_for("mentor").post(
        _url(world.evaluation_meeting),
        post_data(world, decision=mentor_decision, new_goals=goals[mentor_decision]),
    )
    return client_for("actor").post(
        _url(world.evaluation_meeting),
        post_data(world, decision=actor_decision, new_goals=goals[actor_decision]),
        follow=True,
    )


@pytest.mark.parametrize(
    ("decisions", "confirmation"),
    [
        (None, "answers are saved"),
        (("conclude", "conclude"), "chose to conclude"),
        (("continue", "continue"), "chose to continue"),
        (("continue", "conclude"), "one of you wants to continue and the other to conclude"),
    ],
    ids=["waiting", "concluded", "continued", "disagree"],
)
def test_the_confirmation_after_answering_shows_once(world, client_for, decisions, confirmation):
    if decisions is None:
        response = client_for("mentor").post(
            _url(world.evaluation_meeting), post_data(world), follow=True
        )
    else:
        response = _page_after_both_answer(world, client_for, *decisions)
    html = response.content.decode().lower()
    assert html.count(confirmation) == 1, html.count(confirmation)
    assert list(response.context["messages"]) == []


def test_goals_that_could_not_go_into_a_new_version_are_explained_once(world, client_for):
    agreement_new_version(pair=world.pair, by=world.user("mentor"))  # a draft is under way
    response = _page_after_both_answer(world, client_for, "continue", "continue")
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert "could not be put into a new version" in messages[0]
    assert "already being prepared" in messages[0]
    assert response.content.decode().count("could not be put into a new version") == 1


@pytest.mark.parametrize("bad", ["7", "0", "x", None])
def test_a_bad_rating_shows_a_message_next_to_the_field_and_saves_nothing(world, client_for, bad):
    client = client_for("mentor")
    response = client.post(_url(world.evaluation_meeting), post_data(world, growth=bad))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_growth-error"' in html
    assert "Choose a rating from 1 to 5." in html
    assert not Evaluation.objects.exists()


def test_continuing_without_goals_shows_the_message_at_new_goals(world, client_for):
    client = client_for("mentor")
    response = client.post(
        _url(world.evaluation_meeting), post_data(world, decision="continue", new_goals="\n ")
    )
    assert response.status_code == 200
    assert 'id="id_new_goals-error"' in response.content.decode()
    assert not Evaluation.objects.exists()


def test_new_goals_are_one_per_line(world, client_for):
    client = client_for("mentor")
    client.post(
        _url(world.evaluation_meeting),
        post_data(world, decision="continue", new_goals="Kirjaaminen\r\n\r\nOmaiset\n"),
    )
    assert Evaluation.objects.get().new_goals == ["Kirjaaminen", "Omaiset"]


def test_a_second_answer_gets_a_clear_message_not_an_error(world, client_for):
    client = client_for("mentor")
    client.post(_url(world.evaluation_meeting), post_data(world))
    response = client.post(
        _url(world.evaluation_meeting),
        post_data(world, decision="continue", new_goals="x"),
        follow=True,
    )
    assert response.status_code == 200
    assert "already answered" in response.content.decode()
    assert Evaluation.objects.get().decision == "conclude"


def test_before_the_meeting_the_page_says_when_it_opens_and_a_post_saves_nothing(world, client_for):
    future = f.MeetingFactory(pair=world.pair, evaluation=True, days=2)
    client = client_for("actor")
    response = client.get(_url(future))
    assert response.status_code == 200
    assert '<form method="post" novalidate>' not in response.content.decode()
    assert "once the evaluation meeting has started" in response.content.decode()
    response = client.post(_url(future), post_data(world), follow=True)
    assert response.status_code == 200
    assert not Evaluation.objects.exists()


def test_a_meeting_that_is_not_an_evaluation_has_no_answer_page(world, client_for):
    response = client_for("mentor").get(_url(world.first_meeting))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["sup_a", "sup_b", "admin", "other_member", "worker_b", "outsider"])
def test_supervisors_and_others_never_answer(world, client_for, who):
    response = client_for(who).post(_url(world.evaluation_meeting), post_data(world))
    assert response.status_code == 404
    assert not Evaluation.objects.exists()


def test_the_other_members_answers_show_only_after_both_have_answered(world, client_for):
    mentor, actor = client_for("mentor"), client_for("actor")
    mentor.post(
        _url(world.evaluation_meeting),
        post_data(world, own_work="MENTOR-OWN", decision="continue", new_goals="Uusi tavoite"),
    )
    html = mentor.get(_url(world.evaluation_meeting)).content.decode()
    assert "MENTOR-OWN" in html  # my own answers
    html = actor.get(_url(world.evaluation_meeting)).content.decode()
    assert "MENTOR-OWN" not in html and "Uusi tavoite" not in html
    actor.post(_url(world.evaluation_meeting), post_data(world, own_work="ACTOR-OWN"))
    html = mentor.get(_url(world.evaluation_meeting)).content.decode()
    assert "ACTOR-OWN" in html
    assert "talk it over together and with your supervisor".lower() in html.lower()
    world.pair.refresh_from_db()
    assert world.pair.status == Pair.Status.ACTIVE


def test_both_concluding_through_the_form_concludes_the_pair(world, client_for):
    client_for("mentor").post(_url(world.evaluation_meeting), post_data(world))
    response = client_for("actor").post(
        _url(world.evaluation_meeting), post_data(world), follow=True
    )
    assert "mentoring has ended" in response.content.decode()
    world.pair.refresh_from_db()
    assert world.pair.status == Pair.Status.CONCLUDED


@pytest.mark.parametrize(
    ("decision", "to_the_supervisor", "to_the_pair"),
    [
        ("conclude", "Both members chose to conclude", "You both chose to conclude"),
        ("continue", "Both members chose to continue", "You both chose to continue"),
    ],
)
def test_the_supervisor_reads_the_outcome_in_the_third_person(
    world, client_for, decision, to_the_supervisor, to_the_pair
):
    """The pair is thanked and addressed as "you both"; their supervisor is not one of them."""
    _page_after_both_answer(world, client_for, decision, decision)
    pair_url = reverse("pairs:detail", kwargs={"pair_id": world.pair.pk})
    supervisor = client_for("sup_a").get(pair_url).content.decode()
    assert to_the_supervisor in supervisor
    assert to_the_pair not in supervisor and "thank you both" not in supervisor
    assert to_the_pair in client_for("actor").get(pair_url).content.decode()


def test_the_form_says_truly_what_the_supervisor_sees(world, client_for):
    """Whether each has answered and the pair's outcome: never one person's decision."""
    html = client_for("mentor").get(_url(world.evaluation_meeting)).content.decode()
    html = html.replace("&#x27;", "'")
    assert "see whether you have answered and, once you both have, what your answers" in html
    assert "your ratings count only in averages over at least 3 people" in html
    assert "your decision is not counted at all" in html
    assert "whether you have answered and your decision" not in html


def test_the_unit_work_text_is_not_shared_unless_the_box_is_ticked(world, client_for):
    response = client_for("mentor").get(_url(world.evaluation_meeting))
    html = response.content.decode()
    assert 'type="checkbox"' in html and 'name="share_unit_work"' in html
    assert 'name="share_unit_work" id="id_share_unit_work"' in html
    assert "checked" not in html.split('name="share_unit_work"')[1].split(">")[0]  # off
    # Who reads it, said exactly; and what the supervisor sees of the answer, truthfully.
    assert "the supervisors of this programme&#x27;s units and your organisation&#x27;s" in html
    assert "without your name" in html
    assert "what you decided" not in html and "and your decision," not in html
    client_for("mentor").post(_url(world.evaluation_meeting), post_data(world))
    assert not Evaluation.objects.get(author=world.user("mentor")).share_unit_work


def test_ticking_the_box_shares_the_text_and_the_pair_page_says_so(world, client_for):
    client = client_for("mentor")
    response = client.post(
        _url(world.evaluation_meeting), post_data(world, share_unit_work="on"), follow=True
    )
    assert Evaluation.objects.get(author=world.user("mentor")).share_unit_work
    assert "Shared in the programme report, without the writer" in response.content.decode()
