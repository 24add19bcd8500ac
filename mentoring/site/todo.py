"""The supervisor's to-do list: what waits for them in the programmes they run, each item
one click from doing it.

Read in a constant number of queries whatever the number of programmes and pairs: the
programmes with four counts (times to approve, pairs not yet published, actors waiting for a
mentor, evaluations whose members do not agree yet) in one query, then the running pairs'
place on the path (three queries), whose situations say which pairs have lapsed and which
should book their evaluation meeting — the same situations that the Monday digest reports.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import ngettext

from mentoring.meetings.models import Meeting
from mentoring.meetings.supervision import awaiting_decision
from mentoring.pairs.models import Pair
from mentoring.path.kinds import Kind
from mentoring.path.selectors import with_path
from mentoring.programmes.access import programmes_managed_by
from mentoring.programmes.models import Programme, SignUp
from mentoring.programmes.selectors import in_live_pair


@dataclass(frozen=True)
class Todo:
    programme: Programme
    count: int
    text: str
    url: str


class _Count(Subquery):
    """How many rows a correlated queryset has, as an annotation."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _count(queryset) -> _Count:
    return _Count(queryset.order_by().values("pk"))


def _programmes(user) -> list[Programme]:
    here = OuterRef("pk")
    approvals = awaiting_decision(Meeting.objects.filter(pair__programme=here))
    waiting = (
        SignUp.objects.filter(programme=here, role=SignUp.Role.ACTOR, status=SignUp.Status.ACTIVE)
        .annotate(held=in_live_pair())
        .filter(held=False)
    )
    drafts = Pair.objects.filter(programme=here, status=Pair.Status.DRAFT)
    # The members answered the pair's latest evaluation meeting with different decisions:
    # they are to talk it over (the supervisor sees the outcome, never who chose what).
    latest = (
        Meeting.objects.filter(pair=OuterRef("pair"), kind=Meeting.Kind.EVALUATION)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .values("pk")[:1]
    )
    to_discuss = (
        Meeting.objects.filter(
            pair__programme=here, pair__status=Pair.Status.ACTIVE, pk=Subquery(latest)
        )
        .annotate(
            answers=Count("evaluations"), decisions=Count("evaluations__decision", distinct=True)
        )
        .filter(answers=2, decisions=2)
    )
    return list(
        programmes_managed_by(user=user)
        .annotate(
            todo_approvals=_count(approvals),
            todo_waiting=_count(waiting),
            todo_drafts=_count(drafts),
            todo_discuss=_count(to_discuss),
        )
        .order_by("-starts_on", "name")
    )


def supervisor_todo(*, user) -> list[Todo]:
    """What waits for the supervisor, programme by programme, most urgent kind first."""
    programmes = _programmes(user)
    running = with_path(
        Pair.objects.filter(programme__in=[p.pk for p in programmes], status__in=Pair.RUNNING)
    )
    due = [(p.programme_id, {d.kind for d in p.path.due}) for p in running]
    lapsed = Counter(pk for pk, kinds in due if Kind.BOOK_NEXT in kinds)
    evaluations = Counter(pk for pk, kinds in due if Kind.EVALUATION_DUE in kinds)
    items = []
    for programme in programmes:
        pk = programme.pk
        approvals = reverse("meetings:approvals", kwargs={"programme_id": pk})
        board = reverse("pairs:board", kwargs={"programme_id": pk})
        dashboard = reverse("pairs:dashboard", kwargs={"programme_id": pk})
        for count, text, url in (
            (
                programme.todo_approvals,
                ngettext(
                    "%(count)s meeting time waits for your approval",
                    "%(count)s meeting times wait for your approval",
                    programme.todo_approvals,
                ),
                approvals,
            ),
            (
                programme.todo_drafts,
                ngettext(
                    "%(count)s pair is formed but not yet published",
                    "%(count)s pairs are formed but not yet published",
                    programme.todo_drafts,
                ),
                board,
            ),
            (
                programme.todo_waiting,
                ngettext(
                    "%(count)s actor waits for a mentor",
                    "%(count)s actors wait for a mentor",
                    programme.todo_waiting,
                ),
                board,
            ),
            (
                lapsed[pk],
                ngettext(
                    "%(count)s pair has not booked a meeting for too long",
                    "%(count)s pairs have not booked a meeting for too long",
                    lapsed[pk],
                ),
                dashboard,
            ),
            (
                evaluations[pk],
                ngettext(
                    "%(count)s pair is due for its evaluation",
                    "%(count)s pairs are due for their evaluation",
                    evaluations[pk],
                ),
                dashboard,
            ),
            (
                programme.todo_discuss,
                ngettext(
                    "%(count)s pair does not agree yet whether to continue",
                    "%(count)s pairs do not agree yet whether to continue",
                    programme.todo_discuss,
                ),
                dashboard,
            ),
        ):
            if count:
                items.append(Todo(programme, count, text % {"count": count}, url))
    return items


def approvals_waiting_count(*, user) -> int:
    """For the menu: meeting times waiting for this supervisor's decision (one query)."""
    return awaiting_decision(
        Meeting.objects.filter(pair__programme__in=programmes_managed_by(user=user))
    ).count()
