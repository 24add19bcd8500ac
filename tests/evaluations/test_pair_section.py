"""The evaluations part of the pair page: who sees what, and how many queries it takes."""

import pytest
from django.template.loader import render_to_string

from mentoring.evaluations.selectors import pair_page_context
from mentoring.evaluations.services import evaluation_submit
from mentoring.pairs.access import pair_for_viewer
from tests import factories as f
from tests.utils import count_queries

from .support import answer

pytestmark = pytest.mark.django_db


def _section(world, who):
    access = pair_for_viewer(user=world.user(who), pair_id=world.pair.pk)
    context = pair_page_context(access=access)
    return context, render_to_string("evaluations/_pair_section.html", context)


def test_a_member_who_has_not_answered_gets_a_button(world):
    _context, html = _section(world, "mentor")
    assert "Answer the evaluation" in html
    assert "{#" not in html and "pair_page_context" not in html  # no comment shown as text
    assert f"/meetings/{world.evaluation_meeting.pk}/evaluation/" in html


def test_supervisors_see_who_answered_but_no_decision_rating_or_text(world):
    """DESIGN: evaluation answers reach the supervisor only as aggregates over at least 3
    people. A person's decision is an answer too: the supervisor sees the pair's outcome once
    both have answered, never who chose what."""
    evaluation_submit(
        by=world.user("mentor"),
        **answer(world, own_work="PRIVATE-OWN", decision="continue", new_goals=["PRIVATE-GOAL"]),
    )
    for who in ("sup_a", "admin"):
        context, html = _section(world, who)
        item = context["evaluation_rounds"][0]
        assert item.mentor_answered and not item.actor_answered
        assert item.mentor_decision == ""
        assert item.mine is None and item.theirs is None
        assert "PRIVATE-OWN" not in html and "PRIVATE-GOAL" not in html
        assert "FREE-TEXT-UNIT-WORK" not in html
        assert "/ 5" not in html
        assert "wants to continue" not in html
        assert "Answer the evaluation" not in html
        # The answers were loaded without their private fields.
        loaded = context["evaluation_rounds"][0].meeting.evaluations.all()[0]
        assert {"own_work", "unit_work", "new_goals", "learning"} & loaded.get_deferred_fields()


def test_a_member_sees_the_other_ones_answers_only_when_both_have_answered(world):
    evaluation_submit(by=world.user("mentor"), **answer(world, own_work="MENTOR-OWN"))
    context, html = _section(world, "actor")
    assert "MENTOR-OWN" not in html
    assert context["evaluation_rounds"][0].actor_decision == ""  # not even the decision
    assert context["evaluation_rounds"][0].mentor_decision == ""
    evaluation_submit(by=world.user("actor"), **answer(world, own_work="ACTOR-OWN"))
    _context, html = _section(world, "actor")
    assert "MENTOR-OWN" in html and "ACTOR-OWN" in html
    assert "mentoring has ended" in html


def test_disagreement_asks_them_to_agree_together_and_with_the_supervisor(world):
    evaluation_submit(
        by=world.user("mentor"), **answer(world, decision="continue", new_goals=["x"])
    )
    evaluation_submit(by=world.user("actor"), **answer(world))
    _context, html = _section(world, "mentor")
    assert "with your supervisor" in html
    _context, html = _section(world, "sup_a")
    assert "do not agree" in html


@pytest.mark.parametrize("who,expected", [("mentor", 3), ("sup_a", 2)])
def test_the_section_takes_a_constant_number_of_queries(world, who, expected):
    evaluation_submit(by=world.user("actor"), **answer(world))
    access = pair_for_viewer(user=world.user(who), pair_id=world.pair.pk)
    counts = []
    for _round in range(2):
        count, context = count_queries(pair_page_context, access=access)
        counts.append(count)
        render_count, _html = count_queries(
            render_to_string, "evaluations/_pair_section.html", context
        )
        assert render_count == 0
        for n in range(20):  # many more evaluation meetings, all answered by both
            meeting = f.MeetingFactory(pair=world.pair, evaluation=True, days=-30 - n)
            for member in ("mentor", "actor"):
                evaluation_submit(
                    by=world.user(member),
                    **answer(
                        world,
                        meeting=meeting,
                        decision="continue" if member == "mentor" else "conclude",
                        new_goals=["x"],
                    ),
                )
    assert counts == [expected, expected]
