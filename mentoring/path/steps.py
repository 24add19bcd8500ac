"""A member's next step in words and as a link, for the worker's home page.

A care worker opens the app between shifts: the home page answers "what now?" for each of
their pairs — log the meeting that just happened, accept the agreement, book the next
meeting, or simply when and where the next one is. ``assess`` decides the step; this module
only says it.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from .state import MemberStep, Step


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    action: bool  # True: something to do; False: just information
    when: dt.datetime | None = None


def _next_meeting_text(step: MemberStep) -> str:
    meeting = step.meeting
    if meeting.approval == "pending":
        return _("Next meeting, once your supervisor approves the time.")
    if meeting.kind == "evaluation":
        return _("Next: the evaluation meeting.")
    if meeting.place:
        return _("Next meeting: %(place)s.") % {"place": meeting.place}
    return _("Next meeting.")


def next_step(*, pair_id, step: MemberStep) -> NextStep:
    page = reverse("pairs:detail", kwargs={"pair_id": pair_id})
    propose = reverse("meetings:propose", kwargs={"pair_id": pair_id})
    match step.code:
        case Step.CONCLUDED:
            return NextStep(_("Your mentoring has concluded. Thank you!"), page, False)
        case Step.ANSWER_EVALUATION:
            url = reverse("evaluations:answer", kwargs={"meeting_id": step.meeting.id})
            return NextStep(_("Answer the evaluation."), url, True, step.when)
        case Step.LOG_MEETING:
            url = reverse("meetings:log", kwargs={"meeting_id": step.meeting.id})
            return NextStep(_("Log how your meeting went."), url, True, step.when)
        case Step.ACCEPT_AGREEMENT:
            url = reverse("agreements:detail", kwargs={"pair_id": pair_id})
            return NextStep(_("Read the agreement and accept it."), url, True)
        case Step.WRITE_AGREEMENT:
            return NextStep(
                _("At your first meeting, agree on your goals and write the agreement."),
                reverse("agreements:edit", kwargs={"pair_id": pair_id}),
                True,
                step.when,
            )
        case Step.NEXT_MEETING:
            return NextStep(_next_meeting_text(step), page, False, step.when)
        case Step.BOOK_EVALUATION:
            return NextStep(_("Time to book the evaluation meeting."), propose, True)
        case Step.BOOK_FIRST:
            return NextStep(_("Book your first meeting."), propose, True)
    return NextStep(_("Book your next meeting."), propose, True)
