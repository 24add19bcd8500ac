"""The one thing a pair member should do next, for the worker's home page.

A care worker opens the app between shifts: the home page answers "what now?" for each of
their pairs — log the meeting that just happened, accept the agreement, book the next
meeting, or simply when and where the next one is. Computed for all of the user's pairs in
one query (the stage annotations plus three of its own); nothing here reads MeetingLog.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.agreements.models import Agreement
from mentoring.meetings.models import Meeting

from .access import pairs_of_member
from .models import Pair
from .stages import Stage, stage_of, with_stage_data


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    action: bool  # True: something to do; False: just information
    when: dt.datetime | None = None


def _annotated(queryset, *, user, now):
    # A time still waiting for the supervisor's approval cannot be logged yet.
    past_unlogged = (
        Meeting.objects.filter(pair=OuterRef("pk"), status=Meeting.Status.PLANNED, ends_at__lt=now)
        .exclude(approval__in=[Meeting.Approval.DECLINED, Meeting.Approval.PENDING])
        .order_by("starts_at")
    )
    upcoming = (
        Meeting.objects.filter(
            pair=OuterRef("pk"), status=Meeting.Status.PLANNED, starts_at__gte=now
        )
        .exclude(approval=Meeting.Approval.DECLINED)
        .order_by("starts_at")
    )
    draft = Agreement.objects.filter(pair=OuterRef("pk"), status=Agreement.Status.DRAFT)
    waiting_for_me = draft.filter(
        Q(pair__mentor__user=user, mentor_accepted_at__isnull=True)
        | Q(pair__actor__user=user, actor_accepted_at__isnull=True)
    )
    return with_stage_data(queryset, now=now).annotate(
        ns_unlogged_id=Subquery(past_unlogged.values("pk")[:1]),
        ns_unlogged_at=Subquery(past_unlogged.values("starts_at")[:1]),
        ns_next_place=Subquery(upcoming.values("place")[:1]),
        ns_next_kind=Subquery(upcoming.values("kind")[:1]),
        ns_next_approval=Subquery(upcoming.values("approval")[:1]),
        ns_has_draft=Exists(draft),
        ns_draft_waits_for_me=Exists(waiting_for_me),
    )


def _step(pair, stage) -> NextStep:
    page = reverse("pairs:detail", kwargs={"pair_id": pair.pk})
    propose = reverse("meetings:propose", kwargs={"pair_id": pair.pk})
    if pair.status == Pair.Status.CONCLUDED:
        return NextStep(_("Your mentoring has concluded. Thank you!"), page, False)
    if pair.ns_unlogged_id:
        return NextStep(
            _("Log how your meeting went."),
            reverse("meetings:log", kwargs={"meeting_id": pair.ns_unlogged_id}),
            True,
            pair.ns_unlogged_at,
        )
    agreement = reverse("agreements:detail", kwargs={"pair_id": pair.pk})
    if pair.ns_draft_waits_for_me:
        return NextStep(_("Read the agreement and accept it."), agreement, True)
    if stage.code == Stage.PUBLISHED and not pair.ns_has_draft and stage.next_meeting_at:
        return NextStep(
            _("At your first meeting, agree on your goals and write the agreement."),
            reverse("agreements:edit", kwargs={"pair_id": pair.pk}),
            True,
            stage.next_meeting_at,
        )
    if stage.next_meeting_at:
        if pair.ns_next_approval == Meeting.Approval.PENDING:
            text = _("Next meeting, once your supervisor approves the time.")
        elif pair.ns_next_kind == Meeting.Kind.EVALUATION:
            text = _("Next: the evaluation meeting.")
        elif pair.ns_next_place:
            text = _("Next meeting: %(place)s.") % {"place": pair.ns_next_place}
        else:
            text = _("Next meeting.")
        return NextStep(text, page, False, stage.next_meeting_at)
    if stage.code == Stage.EVALUATION_DUE:
        return NextStep(_("Time to book the evaluation meeting."), propose, True)
    if stage.code == Stage.PUBLISHED:
        return NextStep(_("Book your first meeting."), propose, True)
    return NextStep(_("Book your next meeting."), propose, True)


def pairs_with_next_step(*, user, now: dt.datetime | None = None) -> list[Pair]:
    """The user's pairs (published or later), each with ``stage`` and ``next_step``."""
    now = now or timezone.now()
    pairs = list(_annotated(pairs_of_member(user=user), user=user, now=now))
    for pair in pairs:
        pair.stage = stage_of(pair, now=now)
        pair.next_step = _step(pair, pair.stage)
    return pairs
