import datetime as dt

import pytest
from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.agreements.services import agreement_new_version
from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.evaluations.models import Evaluation, GoalOutcome
from mentoring.evaluations.services import Outcome, evaluation_submit
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from tests import factories as f

from .support import answer

pytestmark = pytest.mark.django_db


def _mentor(world):
    return world.cast.worker_a


def _actor(world):
    return world.cast.worker_a2


def test_a_member_answers_once_and_it_is_saved_with_goal_outcomes(world):
    result = evaluation_submit(
        by=_mentor(world),
        **answer(
            world,
            ratings={
                "learning": 5,
                "growth": 4,
                "tips": 3,
                "perspectives": 2,
                "valuing": 1,
                "wellbeing": 5,
            },
        ),
    )
    assert result.outcome == Outcome.WAITING
    saved = Evaluation.objects.get()
    assert (saved.author, saved.author_role, saved.learning, saved.valuing) == (
        _mentor(world),
        "mentor",
        5,
        1,
    )
    assert GoalOutcome.objects.get().outcome == "reached"
    entry = AuditEntry.objects.get(action="evaluation.submit")
    # No decision, no ratings, no free text in the audit log: only that the mentor answered.
    assert entry.data == {}
    assert entry.actor == _mentor(world)
    world.pair.refresh_from_db()
    assert world.pair.status == Pair.Status.ACTIVE


def test_a_second_answer_by_the_same_member_is_refused_clearly(world):
    evaluation_submit(by=_mentor(world), **answer(world))
    with pytest.raises(DomainError, match="already answered"):
        evaluation_submit(by=_mentor(world), **answer(world, decision="continue", new_goals=["x"]))
    assert Evaluation.objects.count() == 1
    assert Evaluation.objects.get().decision == "conclude"


def test_both_conclude_concludes_the_pair_with_an_audit_entry(world):
    evaluation_submit(by=_mentor(world), **answer(world))
    result = evaluation_submit(by=_actor(world), **answer(world))
    assert result.outcome == Outcome.CONCLUDED
    world.pair.refresh_from_db()
    assert world.pair.status == Pair.Status.CONCLUDED
    assert world.pair.concluded_at is not None
    assert AuditEntry.objects.filter(action="pair.conclude", object_id=str(world.pair.pk)).exists()


def test_concluding_calls_off_the_meetings_still_booked(world):
    booked = world.planned_meeting  # five days ahead
    evaluation_submit(by=_mentor(world), **answer(world))
    evaluation_submit(by=_actor(world), **answer(world))
    booked.refresh_from_db()
    assert booked.status == Meeting.Status.CANCELLED
    assert booked.cancel_reason == "The pair concluded its mentoring."
    assert booked.changes.count() == 1
    held = Meeting.objects.get(pk=world.first_meeting.pk)
    assert held.status == Meeting.Status.HELD  # what happened stays as it was


def test_both_continue_starts_a_new_agreement_version_with_both_members_goals(world):
    evaluation_submit(
        by=_mentor(world),
        **answer(world, decision="continue", new_goals=["Kirjaaminen", " Ergonomia  "]),
    )
    result = evaluation_submit(
        by=_actor(world), **answer(world, decision="continue", new_goals=["ergonomia", "Omaiset"])
    )
    assert result.outcome == Outcome.CONTINUED
    world.pair.refresh_from_db()
    assert world.pair.status == Pair.Status.ACTIVE
    draft = Agreement.objects.get(pair=world.pair, status=Agreement.Status.DRAFT)
    assert draft.version == 2
    assert [g.text for g in draft.goals.all()] == ["Kirjaaminen", "Ergonomia", "Omaiset"]
    # The agreement in force stays in force until both accept the new version.
    assert Agreement.objects.get(pair=world.pair, version=1).status == Agreement.Status.ACCEPTED


def test_disagreeing_members_leave_the_pair_active_and_nothing_else_changes(world):
    evaluation_submit(by=_mentor(world), **answer(world, decision="continue", new_goals=["x"]))
    result = evaluation_submit(by=_actor(world), **answer(world))
    assert result.outcome == Outcome.DISAGREE
    world.pair.refresh_from_db()
    assert world.pair.status == Pair.Status.ACTIVE
    assert world.pair.concluded_at is None
    assert not Agreement.objects.filter(pair=world.pair, status=Agreement.Status.DRAFT).exists()
    assert AuditEntry.objects.filter(action="pair.evaluation_disagree").exists()


def test_a_refused_new_version_does_not_lose_the_answers(world):
    # A draft being written already: the agreements part refuses a second one.
    agreement_new_version(pair=world.pair, by=_mentor(world))
    evaluation_submit(by=_mentor(world), **answer(world, decision="continue", new_goals=["x"]))
    result = evaluation_submit(
        by=_actor(world), **answer(world, decision="continue", new_goals=["y"])
    )
    assert result.outcome == Outcome.CONTINUED_NO_DRAFT
    assert result.note
    assert Evaluation.objects.count() == 2


@pytest.mark.parametrize("who", ["other_member", "sup_a", "admin", "worker_b"])
def test_only_the_pairs_members_answer(world, who):
    with pytest.raises(DomainError, match="Only the two members"):
        evaluation_submit(by=world.user(who), **answer(world))
    assert not Evaluation.objects.exists()


def test_only_an_evaluation_meeting_is_evaluated(world):
    with pytest.raises(DomainError, match="not an evaluation meeting"):
        evaluation_submit(by=_mentor(world), **answer(world, meeting=world.first_meeting))
    assert not Evaluation.objects.exists()


def test_not_before_the_meeting_has_started(world):
    future = f.MeetingFactory(
        pair=world.pair, evaluation=True, starts_at=timezone.now() + dt.timedelta(hours=2)
    )
    with pytest.raises(DomainError, match="once the evaluation meeting has started"):
        evaluation_submit(by=_mentor(world), **answer(world, meeting=future))
    assert not Evaluation.objects.exists()


def test_a_planned_meeting_whose_time_has_come_can_be_answered(world):
    Meeting.objects.filter(pk=world.evaluation_meeting.pk).update(
        status=Meeting.Status.PLANNED, held_minutes=None
    )
    world.evaluation_meeting.refresh_from_db()
    evaluation_submit(by=_mentor(world), **answer(world))
    assert Evaluation.objects.count() == 1


def test_not_for_a_cancelled_meeting(world):
    Meeting.objects.filter(pk=world.evaluation_meeting.pk).update(
        status=Meeting.Status.CANCELLED, held_minutes=None, cancel_reason="Sairastuminen"
    )
    world.evaluation_meeting.refresh_from_db()
    with pytest.raises(DomainError, match="cancelled"):
        evaluation_submit(by=_mentor(world), **answer(world))
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    "approval,why",
    [("pending", "has not approved the time"), ("declined", "declined the time")],
)
@pytest.mark.parametrize("status", [Meeting.Status.PLANNED, Meeting.Status.HELD])
def test_not_for_a_time_the_supervisor_has_not_approved(world, approval, why, status):
    Meeting.objects.filter(pk=world.evaluation_meeting.pk).update(
        status=status, approval=approval, approval_comment="Vuorolista"
    )
    world.evaluation_meeting.refresh_from_db()
    with pytest.raises(DomainError, match=why):
        evaluation_submit(by=_mentor(world), **answer(world))
    assert not Evaluation.objects.exists()
    Meeting.objects.filter(pk=world.evaluation_meeting.pk).update(approval="approved")
    world.evaluation_meeting.refresh_from_db()
    evaluation_submit(by=_mentor(world), **answer(world))
    assert Evaluation.objects.count() == 1


def test_not_after_the_pair_has_concluded(world):
    Pair.objects.filter(pk=world.pair.pk).update(status=Pair.Status.CONCLUDED)
    world.evaluation_meeting.pair.refresh_from_db()
    with pytest.raises(DomainError, match="concluded"):
        evaluation_submit(by=_mentor(world), **answer(world))
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("bad", [0, 6, -1, 7, "7", "", None, True, 3.5, "abc"])
def test_a_rating_out_of_range_is_refused_next_to_its_field_and_nothing_is_saved(world, bad):
    ratings = answer(world)["ratings"] | {"tips": bad}
    with pytest.raises(DomainError) as refused:
        evaluation_submit(by=_mentor(world), **answer(world, ratings=ratings))
    assert refused.value.field == "tips"
    assert "1 to 5" in refused.value.message
    assert not Evaluation.objects.exists()
    assert not GoalOutcome.objects.exists()
    assert not AuditEntry.objects.filter(action="evaluation.submit").exists()


def test_a_missing_rating_is_refused(world):
    ratings = answer(world)["ratings"]
    del ratings["wellbeing"]
    with pytest.raises(DomainError) as refused:
        evaluation_submit(by=_mentor(world), **answer(world, ratings=ratings))
    assert refused.value.field == "wellbeing"


def test_continuing_needs_new_goals(world):
    with pytest.raises(DomainError) as refused:
        evaluation_submit(
            by=_mentor(world), **answer(world, decision="continue", new_goals=["", "  "])
        )
    assert refused.value.field == "new_goals"
    assert not Evaluation.objects.exists()


def test_a_too_long_goal_is_refused(world):
    with pytest.raises(DomainError) as refused:
        evaluation_submit(
            by=_mentor(world), **answer(world, decision="continue", new_goals=["x" * 301])
        )
    assert refused.value.field == "new_goals"


def test_concluding_drops_any_new_goals(world):
    evaluation_submit(by=_mentor(world), **answer(world, new_goals=["ignored"]))
    assert Evaluation.objects.get().new_goals == []


def test_every_goal_needs_an_outcome_from_the_list(world):
    for outcomes in ({}, {world.goal.pk: "maybe"}):
        with pytest.raises(DomainError) as refused:
            evaluation_submit(by=_mentor(world), **answer(world, outcomes=outcomes))
        assert refused.value.field == f"goal_{world.goal.pk}"
    assert not Evaluation.objects.exists()


def test_an_unknown_decision_is_refused(world):
    with pytest.raises(DomainError) as refused:
        evaluation_submit(by=_mentor(world), **answer(world, decision="pause"))
    assert refused.value.field == "decision"


@pytest.mark.parametrize(
    ("share", "text", "shared"),
    [(True, "Yhteinen kirjaamiskäytäntö", True), (False, "Teksti", False), ("on", "T", False)],
    ids=["yes", "no", "not-a-yes"],
)
def test_only_an_explicit_yes_shares_the_unit_work_text(world, share, text, shared):
    result = evaluation_submit(
        by=world.user("mentor"), **answer(world, unit_work=text, share_unit_work=share)
    )
    assert result.evaluation.share_unit_work is shared


def test_sharing_an_empty_text_shares_nothing(world):
    result = evaluation_submit(
        by=world.user("mentor"), **answer(world, unit_work="  ", share_unit_work=True)
    )
    assert result.evaluation.share_unit_work is False
