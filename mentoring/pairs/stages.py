"""Where each pair is on the mentoring path, computed for many pairs at once.

``with_stage_data`` adds a handful of correlated subqueries to a queryset of pairs (the
accepted agreement's plan, held meetings, the last held and the next planned meeting), so a
list of any length costs one query. ``stage_of`` then reads those annotations — no further
queries — and ``attach_stages`` does both and hangs a ``PairStage`` on every pair as
``pair.stage``.

Stages, in order: draft → published (no accepted agreement yet) → agreement made (no meeting
held yet) → meeting n of m → evaluation due (the planned meetings are held, the agreement's
evaluation date is within EVALUATION_WARNING_DAYS, or the evaluation meeting is held and the
pair has not yet concluded or continued) → concluded. A pair that continues after its
evaluation accepts a new agreement version; its meetings are then counted afresh from the
evaluation meeting.

Nothing here reads MeetingLog: the stage of a pair is what a supervisor may see.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mentoring.agreements.models import Agreement
from mentoring.meetings.models import Meeting

from .models import Pair

EVALUATION_WARNING_DAYS = 14


class Stage:
    DRAFT = "draft"
    PUBLISHED = "published"
    AGREEMENT = "agreement"
    MEETINGS = "meetings"
    EVALUATION_DUE = "evaluation_due"
    CONCLUDED = "concluded"

    ORDER = (DRAFT, PUBLISHED, AGREEMENT, MEETINGS, EVALUATION_DUE, CONCLUDED)
    LABELS = {
        DRAFT: pgettext_lazy("pair stage", "not published"),
        PUBLISHED: pgettext_lazy("pair stage", "published"),
        AGREEMENT: pgettext_lazy("pair stage", "agreement made"),
        MEETINGS: pgettext_lazy("pair stage", "meetings under way"),
        EVALUATION_DUE: pgettext_lazy("pair stage", "evaluation due"),
        CONCLUDED: pgettext_lazy("pair stage", "concluded"),
    }


@dataclass(frozen=True)
class PairStage:
    code: str
    held: int
    planned: int | None
    last_meeting_at: dt.datetime | None
    next_meeting_at: dt.datetime | None
    lapsed: bool
    held_minutes: int = 0

    @property
    def label(self) -> str:
        if self.code == Stage.MEETINGS:
            if self.planned:
                return _("meeting %(n)s of %(m)s") % {"n": self.held, "m": self.planned}
            return _("meeting %(n)s") % {"n": self.held}
        return str(Stage.LABELS[self.code])

    @property
    def badge(self) -> str:
        """A Bootstrap colour for the stage badge."""
        return {
            Stage.DRAFT: "secondary",
            Stage.EVALUATION_DUE: "warning",
            Stage.CONCLUDED: "dark",
        }.get(self.code, "primary")


def with_stage_data(queryset: QuerySet[Pair], *, now: dt.datetime | None = None) -> QuerySet[Pair]:
    """Annotate pairs with what ``stage_of`` needs. Needs ``programme`` (select_related)."""
    now = now or timezone.now()
    accepted = Agreement.objects.filter(pair=OuterRef("pk"), status=Agreement.Status.ACCEPTED)
    held = Meeting.objects.filter(pair=OuterRef("pk"), status=Meeting.Status.HELD).order_by()
    upcoming = (
        Meeting.objects.filter(
            pair=OuterRef("pk"), status=Meeting.Status.PLANNED, starts_at__gte=now
        )
        .exclude(approval=Meeting.Approval.DECLINED)
        .order_by("starts_at")
    )
    evaluations = held.filter(kind=Meeting.Kind.EVALUATION).order_by("-starts_at")
    per_pair = held.values("pair")

    def count(meetings):
        counted = meetings.values("pair").annotate(n=Count("pk")).values("n")[:1]
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return queryset.annotate(
        st_has_agreement=Exists(accepted),
        st_agreement_version=Subquery(accepted.values("version")[:1]),
        st_agreement_at=Subquery(
            accepted.annotate(at=Greatest("mentor_accepted_at", "actor_accepted_at")).values("at")[
                :1
            ]
        ),
        st_agreement_planned=Subquery(accepted.values("planned_meetings")[:1]),
        st_agreement_cadence=Subquery(accepted.values("cadence_days")[:1]),
        st_evaluation_date=Subquery(accepted.values("evaluation_date")[:1]),
        st_held=count(held),
        st_held_minutes=Coalesce(
            Subquery(
                per_pair.annotate(m=Sum("held_minutes")).values("m")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        st_last_held_at=Subquery(held.order_by("-starts_at").values("starts_at")[:1]),
        st_last_evaluation_at=Subquery(evaluations.values("starts_at")[:1]),
        st_next_at=Subquery(upcoming.values("starts_at")[:1]),
    ).annotate(
        st_held_since_evaluation=count(held.filter(starts_at__gt=OuterRef("st_last_evaluation_at")))
    )


def stage_of(pair: Pair, *, now: dt.datetime | None = None) -> PairStage:
    """The stage of a pair annotated by ``with_stage_data`` (no queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    programme = pair.programme
    held = pair.st_held or 0
    planned = pair.st_agreement_planned or programme.planned_meetings or None
    evaluated = pair.st_last_evaluation_at is not None
    if (
        evaluated
        and (pair.st_agreement_version or 0) > 1
        and pair.st_agreement_at is not None
        and pair.st_agreement_at > pair.st_last_evaluation_at
    ):
        # They decided to continue and accepted a new version after the evaluation
        # meeting: a new round, counted from that meeting.
        held, evaluated = pair.st_held_since_evaluation or 0, False

    if pair.status == Pair.Status.DRAFT:
        code = Stage.DRAFT
    elif pair.status == Pair.Status.CONCLUDED:
        code = Stage.CONCLUDED
    elif not pair.st_has_agreement:
        code = Stage.PUBLISHED
    elif (
        evaluated
        or (planned and held >= planned)
        or (
            pair.st_evaluation_date is not None
            and pair.st_evaluation_date <= today + dt.timedelta(days=EVALUATION_WARNING_DAYS)
        )
    ):
        code = Stage.EVALUATION_DUE
    elif held == 0:
        code = Stage.AGREEMENT
    else:
        code = Stage.MEETINGS

    lapsed = False
    if pair.status in Pair.RUNNING and pair.st_next_at is None:
        since = pair.st_last_held_at or pair.published_at
        # The rhythm the pair agreed on; before an agreement, the programme's longest gap.
        limit = dt.timedelta(days=pair.st_agreement_cadence or programme.cadence_max_days)
        lapsed = since is not None and now - since > limit

    return PairStage(
        code=code,
        held=held,
        planned=planned,
        last_meeting_at=pair.st_last_held_at,
        next_meeting_at=pair.st_next_at,
        lapsed=lapsed,
        held_minutes=pair.st_held_minutes or 0,
    )


def attach_stages(queryset: QuerySet[Pair], *, now: dt.datetime | None = None) -> list[Pair]:
    """Evaluate the pairs (one query) with ``pair.stage`` set on each."""
    now = now or timezone.now()
    pairs = list(with_stage_data(queryset, now=now))
    for pair in pairs:
        pair.stage = stage_of(pair, now=now)
    return pairs


def stage_counts(pairs: Iterable[Pair]) -> dict[str, int]:
    """How many of the (staged) pairs are at each stage, every stage present, in order."""
    counts = Counter(p.stage.code for p in pairs)
    return {code: counts.get(code, 0) for code in Stage.ORDER}
