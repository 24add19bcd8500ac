"""Reads of mentoring agreements.

The goals and the text of an agreement belong to the pair. A supervisor or an organisation
admin learns only that an agreement exists, its version and when it came into force
(``AgreementStatus``); no model object carrying the text ever reaches their templates.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Max, Min, Value, When
from django.utils.translation import gettext_lazy as _

from mentoring.pairs.access import PairAccess, member_q
from mentoring.pairs.models import Pair

from .models import CADENCE_MAX_DAYS, CADENCE_MIN_DAYS, Agreement

DEFAULT_CONFIDENTIALITY = _(
    "What we talk about in our meetings stays between the two of us. We may share what we "
    "have learnt in general terms, but never names or details that would let someone "
    "recognise a resident, a relative or a colleague. Information about residents is handled "
    "as the law and our unit's instructions require, in mentoring as everywhere else."
)


def pair_can_change(pair: Pair) -> bool:
    return pair.status in Pair.RUNNING


def agreement_draft(*, pair: Pair) -> Agreement | None:
    return pair.agreements.filter(status=Agreement.Status.DRAFT).first()


def agreements_current(*, pair: Pair) -> tuple[Agreement | None, Agreement | None]:
    """(version in force, draft awaiting acceptance), goals prefetched: two queries."""
    in_force = draft = None
    rows = pair.agreements.filter(
        status__in=[Agreement.Status.ACCEPTED, Agreement.Status.DRAFT]
    ).prefetch_related("goals")
    for agreement in rows:
        if agreement.status == Agreement.Status.ACCEPTED:
            in_force = agreement
        else:
            draft = agreement
    return in_force, draft


def agreement_versions(*, pair: Pair) -> list[Agreement]:
    """Every version of the pair's agreement, newest first, with goals: two queries."""
    return list(
        pair.agreements.all()
        .select_related("drafted_by")
        .prefetch_related("goals")
        .order_by("-version")
    )


def agreement_for_print(*, pair: Pair, version: int | None = None) -> Agreement | None:
    """The given version, or else the one in force, or else the draft."""
    rows = pair.agreements.prefetch_related("goals")
    if version is not None:
        return rows.filter(version=version).first()
    return (
        rows.exclude(status=Agreement.Status.SUPERSEDED)
        .order_by(Case(When(status=Agreement.Status.ACCEPTED, then=Value(0)), default=Value(1)))
        .first()
    )


def default_evaluation_date(
    *, pair: Pair, cadence_days: int, planned_meetings: int | None, today: dt.date
) -> dt.date | None:
    """A sensible first suggestion: after the planned meetings at the agreed rhythm (or the
    programme's planned end), never after the programme ends. None if no future date fits."""
    programme = pair.programme
    if programme.planned_until and programme.planned_until > today:
        suggestion = programme.planned_until
    else:
        suggestion = today + dt.timedelta(days=cadence_days * (planned_meetings or 3))
    suggestion = min(suggestion, programme.ends_on)
    return suggestion if suggestion > today else None


def agreement_initial(*, pair: Pair, base: Agreement | None, today: dt.date) -> dict:
    """Initial values of the agreement form: the draft or the version in force if there is
    one (goals prefetched), otherwise defaults from the programme's terms."""
    if base is not None:
        initial = {
            "cadence_days": base.cadence_days,
            "usual_place": base.usual_place,
            "usual_time": base.usual_time,
            "moving_practice": base.moving_practice,
            "confidentiality": base.confidentiality,
            "planned_meetings": base.planned_meetings,
            "evaluation_date": base.evaluation_date,
            "goals": [goal.text for goal in base.goals.all()],
        }
        if base.evaluation_date <= today:
            initial["evaluation_date"] = default_evaluation_date(
                pair=pair,
                cadence_days=base.cadence_days,
                planned_meetings=base.planned_meetings,
                today=today,
            )
        return initial
    programme = pair.programme
    cadence = min(max(programme.cadence_min_days, CADENCE_MIN_DAYS), CADENCE_MAX_DAYS)
    return {
        "cadence_days": cadence,
        "planned_meetings": programme.planned_meetings,
        "confidentiality": str(DEFAULT_CONFIDENTIALITY),
        "evaluation_date": default_evaluation_date(
            pair=pair,
            cadence_days=cadence,
            planned_meetings=programme.planned_meetings,
            today=today,
        ),
        "goals": [],
    }


@dataclass(frozen=True)
class AgreementStatus:
    """What an overseer may know: that a version exists and when it came into force."""

    version: int | None
    accepted_on: dt.datetime | None
    draft_pending: bool


@dataclass(frozen=True)
class AgreementPanel:
    """Everything the agreement section of the pair page needs, decided in one place."""

    pair: Pair
    role: str
    is_member: bool
    can_change: bool
    in_force: Agreement | None = None
    draft: Agreement | None = None
    status: AgreementStatus | None = None

    @property
    def my_acceptance(self) -> dt.datetime | None:
        return getattr(self.draft, f"{self.role}_accepted_at", None) if self.draft else None

    @property
    def other_role(self) -> str:
        return "actor" if self.role == "mentor" else "mentor"

    @property
    def other_name(self) -> str:
        return getattr(self.pair, self.other_role).user.name if self.is_member else ""

    @property
    def can_start(self) -> bool:
        return self.is_member and self.can_change and not self.in_force and not self.draft

    @property
    def can_accept(self) -> bool:
        return (
            self.is_member
            and self.can_change
            and self.draft is not None
            and (self.my_acceptance is None)
        )

    @property
    def can_edit(self) -> bool:
        return self.is_member and self.can_change and self.draft is not None

    @property
    def can_amend(self) -> bool:
        return self.is_member and self.can_change and bool(self.in_force) and not self.draft

    @property
    def has_history(self) -> bool:
        latest = self.draft or self.in_force
        return latest is not None and latest.version > 1


def agreement_panel(*, access: PairAccess) -> AgreementPanel:
    pair = access.pair
    if access.is_member:
        in_force, draft = agreements_current(pair=pair)
        return AgreementPanel(
            pair=pair,
            role=access.role,
            is_member=True,
            can_change=pair_can_change(pair),
            in_force=in_force,
            draft=draft,
        )
    # Overseers: status and dates only, read without the text.
    rows = Agreement.objects.filter(
        pair=pair, status__in=[Agreement.Status.ACCEPTED, Agreement.Status.DRAFT]
    ).values_list("status", "version", "mentor_accepted_at", "actor_accepted_at")
    version = accepted_on = None
    draft_pending = False
    for status, number, mentor_at, actor_at in rows:
        if status == Agreement.Status.DRAFT:
            draft_pending = True
        else:
            version, accepted_on = number, max(mentor_at, actor_at)
    return AgreementPanel(
        pair=pair,
        role=access.role,
        is_member=False,
        can_change=False,
        status=AgreementStatus(version, accepted_on, draft_pending),
    )


def pair_page_context(*, access: PairAccess) -> dict:
    """Context for templates/agreements/_pair_section.html on the pair page.

    Called by the pair page view (mentoring/pairs/views). Two queries for members, one for
    overseers, whatever the number of goals or versions.
    """
    return {"agreement_panel": agreement_panel(access=access)}


def evaluation_days(programme) -> tuple[dt.date, dt.date] | None:
    """The first and last evaluation date of the programme's accepted agreements (one
    query). Registered with ``programmes.hooks``: a programme's dates cannot strand them."""
    span = Agreement.objects.filter(
        pair__programme=programme, status=Agreement.Status.ACCEPTED
    ).aggregate(first=Min("evaluation_date"), last=Max("evaluation_date"))
    return (span["first"], span["last"]) if span["first"] is not None else None


def agreements_of_person(*, user) -> list[Agreement]:
    """Every version of the agreements of the person's pairs (published or later), with their
    goals: two queries. The agreement is the pair's shared text, so it is the person's too."""
    return list(
        Agreement.objects.filter(member_q(user, via="pair__"))
        .prefetch_related("goals")
        .order_by("pair__created_at", "pair_id", "version")
    )
