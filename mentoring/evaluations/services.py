"""Answering the evaluation meeting, and what the pair's two answers lead to.

Each member answers once per evaluation meeting. When the second answer arrives:
- both conclude → the pair is concluded;
- both continue → a new agreement version is started as a draft with the goals both proposed;
- they disagree → nothing changes: the pair stays active, and the pair page asks them to settle
  it together and with their supervisor, then to book a new evaluation meeting and answer again.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.agreements.models import Agreement, Goal
from mentoring.agreements.services import agreement_new_version
from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.core.limits import NOTE_LENGTH
from mentoring.meetings.models import Meeting
from mentoring.meetings.services import meetings_cancel_for_concluded
from mentoring.pairs.access import member_role
from mentoring.pairs.models import Pair
from mentoring.pairs.signals import pair_changed

from .models import BENEFIT_KEYS, Evaluation, GoalOutcome

RATING_RANGE = range(1, 6)
MAX_NEW_GOALS = 10
MAX_GOAL_LENGTH = Goal._meta.get_field("text").max_length
MAX_TEXT_LENGTH = NOTE_LENGTH


class Outcome:
    """What the pair's answers to one evaluation meeting have led to."""

    WAITING = "waiting"  # one member has answered
    CONCLUDED = "concluded"
    CONTINUED = "continued"  # a new agreement version was started as a draft
    CONTINUED_NO_DRAFT = "continued_no_draft"  # both continue; the draft could not be started
    DISAGREE = "disagree"


@dataclass(frozen=True)
class EvaluationResult:
    evaluation: Evaluation
    outcome: str
    note: str = ""  # why the new agreement version could not be started, if it could not


def evaluation_check(*, meeting: Meeting, by, now=None) -> str:
    """Raise DomainError unless ``by`` may answer this meeting now; return their role.

    The same check runs before the form is shown and again when it is saved.
    """
    pair = meeting.pair
    role = member_role(pair=pair, user=by)
    if role is None:
        raise DomainError(_("Only the two members of the pair answer the evaluation."))
    if meeting.kind != Meeting.Kind.EVALUATION:
        raise DomainError(_("This meeting is not an evaluation meeting."))
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.HELD):
        raise DomainError(_("This evaluation meeting was cancelled."))
    if meeting.approval == Meeting.Approval.DECLINED:
        raise DomainError(
            _(
                "Your supervisor declined the time of this evaluation meeting. Book a new "
                "time and answer at that meeting."
            )
        )
    if meeting.approval == Meeting.Approval.PENDING:
        raise DomainError(
            _(
                "Your supervisor has not approved the time of this evaluation meeting yet. "
                "You can answer once it is approved."
            )
        )
    if pair.status != Pair.Status.ACTIVE:
        if pair.status == Pair.Status.CONCLUDED:
            raise DomainError(_("This mentoring has concluded."))
        raise DomainError(_("The evaluation opens once your agreement is in force."))
    if meeting.starts_at > (now or timezone.now()):
        raise DomainError(_("You can answer once the evaluation meeting has started."))
    return role


def evaluation_goals(*, pair: Pair) -> list[Goal]:
    """The goals of the agreement in force: the ones whose outcome is evaluated."""
    return list(
        Goal.objects.filter(agreement__pair=pair, agreement__status=Agreement.Status.ACCEPTED)
    )


def _clean_ratings(ratings: dict) -> dict[str, int]:
    clean = {}
    for key in BENEFIT_KEYS:
        value = ratings.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if type(value) is not int or value not in RATING_RANGE:
            raise DomainError(_("Choose a rating from 1 to 5."), field=key)
        clean[key] = value
    return clean


def _clean_outcomes(outcomes: dict, goals: list[Goal]) -> dict[int, str]:
    valid = set(GoalOutcome.Outcome.values)
    clean = {}
    for goal in goals:
        value = outcomes.get(goal.pk, outcomes.get(str(goal.pk)))
        if value not in valid:
            raise DomainError(
                _("Say how far this goal was reached: %(goal)s") % {"goal": goal.text},
                field=f"goal_{goal.pk}",
            )
        clean[goal.pk] = value
    return clean


def _clean_new_goals(decision: str, new_goals) -> list[str]:
    if decision == Evaluation.Decision.CONCLUDE:
        return []
    goals = [" ".join(str(g).split()) for g in (new_goals or [])]
    goals = [g for g in goals if g]
    if not goals:
        raise DomainError(
            _("Write at least one new goal if you want to continue."), field="new_goals"
        )
    if len(goals) > MAX_NEW_GOALS:
        raise DomainError(
            _("Write at most %(n)d new goals.") % {"n": MAX_NEW_GOALS}, field="new_goals"
        )
    for goal in goals:
        if len(goal) > MAX_GOAL_LENGTH:
            raise DomainError(
                _("Each goal can be at most %(n)d characters long.") % {"n": MAX_GOAL_LENGTH},
                field="new_goals",
            )
    return goals


def _clean_text(value, field: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise DomainError(
            _("Write at most %(n)d characters.") % {"n": MAX_TEXT_LENGTH}, field=field
        )
    return text


def evaluation_submit(
    *,
    meeting: Meeting,
    by,
    ratings: dict,
    own_work: str = "",
    unit_work: str = "",
    share_unit_work: bool = False,
    outcomes: dict,
    decision: str,
    new_goals=(),
) -> EvaluationResult:
    """Save one member's answer and, if it is the second, carry out the pair's decision.

    1. Check who answers, which meeting and when; validate every answer (nothing is saved
       if anything is wrong). ``share_unit_work`` is the member's choice to let the programme
       report show ``unit_work`` without their name (reports.py); only ``True`` shares.
    2. Lock the pair row: the two members' answers are handled one after the other, so the
       pair's outcome is decided exactly once.
    3. Save the answer (the database refuses a second one per member and meeting).
    4. If the other member has answered too, conclude / start a new agreement version / leave
       the pair as it is when they disagree.
    """
    role = evaluation_check(meeting=meeting, by=by)
    if decision not in Evaluation.Decision.values:
        raise DomainError(_("Choose whether to continue or to conclude."), field="decision")
    clean_ratings = _clean_ratings(ratings)
    goals = evaluation_goals(pair=meeting.pair)
    clean_outcomes = _clean_outcomes(outcomes, goals)
    clean_goals = _clean_new_goals(decision, new_goals)
    own_work = _clean_text(own_work, "own_work")
    unit_work = _clean_text(unit_work, "unit_work")
    # Shared only on an explicit yes, and only if there is something to share.
    share_unit_work = share_unit_work is True and bool(unit_work)

    already = _("You have already answered this evaluation. Each member answers once.")
    with transaction.atomic():
        pair = Pair.objects.select_for_update().get(pk=meeting.pair_id)
        if pair.status != Pair.Status.ACTIVE:  # concluded by the other member a moment ago
            raise DomainError(_("This mentoring has concluded."))
        if Evaluation.objects.filter(meeting=meeting, author=by).exists():
            raise DomainError(already)
        try:
            with transaction.atomic():
                evaluation = Evaluation.objects.create(
                    meeting=meeting,
                    pair=pair,
                    author=by,
                    author_role=role,
                    own_work=own_work,
                    unit_work=unit_work,
                    share_unit_work=share_unit_work,
                    decision=decision,
                    new_goals=clean_goals,
                    **clean_ratings,
                )
        except IntegrityError as exc:
            raise DomainError(already) from exc
        GoalOutcome.objects.bulk_create(
            GoalOutcome(evaluation=evaluation, goal_id=goal_id, outcome=outcome)
            for goal_id, outcome in clean_outcomes.items()
        )
        # Ratings and free text stay out of the audit log: it is read by staff.
        # Who answered, not how: one person's decision is theirs and the pair's.
        audit_log(actor=by, action="evaluation.submit", obj=evaluation)
        pair_changed.send(sender=Evaluation, pair_id=pair.pk)  # its path reads the answers
        other = Evaluation.objects.filter(meeting=meeting).exclude(author=by).first()
        if other is None:
            return EvaluationResult(evaluation=evaluation, outcome=Outcome.WAITING)
        outcome, note = _carry_out(pair=pair, meeting=meeting, answers=[evaluation, other], by=by)
    return EvaluationResult(evaluation=evaluation, outcome=outcome, note=note)


def _carry_out(*, pair: Pair, meeting: Meeting, answers: list[Evaluation], by) -> tuple[str, str]:
    decisions = {a.decision for a in answers}
    if decisions == {Evaluation.Decision.CONCLUDE}:
        now = timezone.now()
        Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.CONCLUDED, concluded_at=now)
        pair.status, pair.concluded_at = Pair.Status.CONCLUDED, now
        audit_log(actor=by, action="pair.conclude", obj=pair, meeting=str(meeting.pk))
        meetings_cancel_for_concluded(pair=pair, by=by)
        return Outcome.CONCLUDED, ""
    if decisions == {Evaluation.Decision.CONTINUE}:
        audit_log(actor=by, action="pair.continue", obj=pair, meeting=str(meeting.pk))
        try:
            # A refusal by the agreements part must not lose the two answers just given.
            with transaction.atomic():
                agreement_new_version(pair=pair, by=by, goals=_merged_goals(answers))
        except DomainError as error:
            return Outcome.CONTINUED_NO_DRAFT, error.message
        return Outcome.CONTINUED, ""
    audit_log(actor=by, action="pair.evaluation_disagree", obj=pair, meeting=str(meeting.pk))
    return Outcome.DISAGREE, ""


def _merged_goals(answers: list[Evaluation]) -> list[str]:
    """The mentor's proposed goals first, then the actor's; the same goal only once."""
    seen, goals = set(), []
    for answer in sorted(answers, key=lambda a: a.author_role != "mentor"):
        for goal in answer.new_goals:
            if goal.casefold() not in seen:
                seen.add(goal.casefold())
                goals.append(goal)
    return goals
