"""Reads of evaluation answers, always through the user.

Who sees what of an evaluation meeting (the rule the pair page and the answer page follow):
- each member sees their own answers in full, at any time;
- a member sees the other member's answers (ratings, texts, goal outcomes, decision) only
  after both have answered, so that each answers on their own first;
- the supervisor and the organisation admin see, per member, only "answered / not yet", and
  once both have answered the pair's outcome (concluded / continued / they disagree) — never
  who decided what, never the ratings of one person, never the free text here. In the
  programme report (see reports.py) ratings reach them only as averages over released groups
  of at least MIN_RESPONDENTS people, and a unit-work text only if its author chose to share
  it, without a name.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from mentoring.core.errors import DomainError
from mentoring.meetings.models import Meeting
from mentoring.pairs.access import PairAccess, member_q, member_role
from mentoring.pairs.models import Pair

from .models import Evaluation, GoalOutcome
from .services import Outcome, evaluation_check


@dataclass
class EvaluationRound:
    """One evaluation meeting of a pair, as the viewer may see it."""

    meeting: Meeting
    mentor_answered: bool = False
    actor_answered: bool = False
    # Decisions: for supervisors always; for members only once both have answered.
    mentor_decision: str = ""
    actor_decision: str = ""
    outcome: str = ""  # Outcome.* once both have answered
    mine: Evaluation | None = None  # members only
    theirs: Evaluation | None = None  # members only, once both have answered
    can_answer: bool = False
    closed_reason: str = ""  # why the viewer cannot answer (members only)
    both_answered: bool = field(init=False, default=False)

    def __post_init__(self):
        self.both_answered = self.mentor_answered and self.actor_answered


def _outcome(decisions: set[str]) -> str:
    if decisions == {Evaluation.Decision.CONCLUDE}:
        return Outcome.CONCLUDED
    if decisions == {Evaluation.Decision.CONTINUE}:
        return Outcome.CONTINUED
    return Outcome.DISAGREE


def _member_answers():
    outcomes = GoalOutcome.objects.select_related("goal").order_by("goal__position", "goal_id")
    return Evaluation.objects.select_related("author").prefetch_related(
        Prefetch("outcomes", queryset=outcomes)
    )


def _rounds(*, pair: Pair, role: str, user=None, meeting_id=None) -> list[EvaluationRound]:
    """The pair's evaluation meetings (all but cancelled ones, or the one asked for) with
    their answers.

    Members: 3 queries (meetings, answers, goal outcomes). Others: 2 queries, and the answers
    are loaded without the ratings and the free text, so they cannot leak into a template.
    """
    is_member = role in ("mentor", "actor")
    if is_member:
        answers = _member_answers()
    else:
        answers = Evaluation.objects.only("id", "meeting_id", "author_role", "decision")
    meetings = Meeting.objects.filter(pair=pair, kind=Meeting.Kind.EVALUATION)
    if meeting_id is None:
        meetings = meetings.exclude(status=Meeting.Status.CANCELLED)
    else:
        meetings = meetings.filter(pk=meeting_id)
    meetings = list(
        meetings.prefetch_related(Prefetch("evaluations", queryset=answers)).order_by("starts_at")
    )
    now = timezone.now()
    rounds = []
    for meeting in meetings:
        meeting.pair = pair  # already loaded: no query per meeting
        by_role = {e.author_role: e for e in meeting.evaluations.all()}
        item = EvaluationRound(
            meeting=meeting,
            mentor_answered="mentor" in by_role,
            actor_answered="actor" in by_role,
        )
        if item.both_answered:
            item.outcome = _outcome({e.decision for e in by_role.values()})
        if is_member:
            other = "actor" if role == "mentor" else "mentor"
            item.mine = by_role.get(role)
            if item.both_answered:
                item.theirs = by_role.get(other)
            if item.mine is None:
                try:
                    evaluation_check(meeting=meeting, by=user, now=now)
                    item.can_answer = True
                except DomainError as error:
                    item.closed_reason = error.message
        # Each person's decision is theirs: the other member sees it once both have answered;
        # a supervisor or admin sees only the pair's outcome (item.outcome), never who chose what.
        if item.both_answered and is_member:
            item.mentor_decision = getattr(by_role.get("mentor"), "decision", "")
            item.actor_decision = getattr(by_role.get("actor"), "decision", "")
        rounds.append(item)
    return rounds


def pair_page_context(*, access: PairAccess) -> dict:
    """Context for templates/evaluations/_pair_section.html on the pair page.

    Called by the pair page view (mentoring/pairs/views). Runs a constant number of queries
    (3 for a member, 2 for a supervisor or admin) and gives a supervisor or admin no rating and
    no free text of any one person.
    """
    pair = access.pair
    user = None
    if access.is_member:
        user = pair.mentor.user if access.role == "mentor" else pair.actor.user
    return {
        "evaluation_rounds": _rounds(pair=pair, role=access.role, user=user),
        "evaluation_is_member": access.is_member,
        "evaluation_pair": pair,
    }


def meeting_for_answer(*, user, meeting_id) -> Meeting:
    """An evaluation meeting of one of the user's own pairs; 404 for anyone else.

    Supervisors and admins never answer, so for them the answer page does not exist.
    """
    meeting = (
        Meeting.objects.select_related("pair__programme", "pair__mentor__user", "pair__actor__user")
        .filter(pk=meeting_id, kind=Meeting.Kind.EVALUATION)
        .filter(member_q(user, via="pair__"))
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def answer_page_round(*, meeting: Meeting, user) -> EvaluationRound:
    """The evaluation meeting as the member sees it on the answer page."""
    role = member_role(pair=meeting.pair, user=user)
    return _rounds(pair=meeting.pair, role=role, user=user, meeting_id=meeting.pk)[0]


def evaluations_of_person(*, user) -> list[Evaluation]:
    """The person's own evaluation answers with their goal outcomes: three queries. Never the
    other member's: those are the other member's data (the pair page shows them to the pair
    once both have answered)."""
    outcomes = GoalOutcome.objects.select_related("goal").order_by("goal__position", "goal_id")
    return list(
        Evaluation.objects.filter(author=user)
        .select_related("meeting")
        .prefetch_related(Prefetch("outcomes", queryset=outcomes))
        .order_by("submitted_at")
    )
