"""The programme report and the organisation report: aggregates only.

Privacy rules, all applied here so no template can get them wrong:
1. No free text and no single person's answer ever leaves the database: every read is an
   aggregate (Count / Avg / Sum) over ``values()``, never an Evaluation object.
2. Ratings and decisions are shown only over at least MIN_RESPONDENTS different people.
3. Mentors and actors are shown apart only when *both* groups reach MIN_RESPONDENTS;
   otherwise the smaller group could be worked out from the total and the other group.
4. The organisation-wide averages include only programmes that reach MIN_RESPONDENTS on
   their own; otherwise a small programme could be worked out from the organisation figure
   minus the other programmes' reports.
5. New answers count in groups of MIN_RESPONDENTS (per programme and role, in the order they
   came in): a report read before and after one more person answered is the same, so the
   difference never gives away one person's ratings.

The number of queries does not depend on the number of pairs, meetings or answers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from mentoring.core.hours import hours_from_minutes
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme
from units.models import Organisation

from .models import BENEFIT_KEYS, BENEFITS, MIN_RESPONDENTS, Evaluation

_PUBLISHED = Q(published_at__isnull=False) | ~Q(status=Pair.Status.DRAFT)
_AGREED = Q(activated_at__isnull=False) | Q(status=Pair.Status.ACTIVE)


@dataclass
class Stages:
    """How many pairs reached each stage (and are there now), meetings and hours held."""

    formed: int = 0
    published: int = 0
    agreed: int = 0
    concluded: int = 0
    now_draft: int = 0
    now_published: int = 0
    now_active: int = 0
    meetings_held: int = 0
    minutes_held: int = 0
    minutes_working_time: int = 0

    @property
    def hours_held(self) -> Decimal:
        return hours_from_minutes(self.minutes_held)

    @property
    def hours_working_time(self) -> Decimal:
        return hours_from_minutes(self.minutes_working_time)

    def add(self, other: "Stages") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class BenefitRow:
    key: str
    label: str
    overall: float | None
    mentors: float | None = None
    actors: float | None = None


@dataclass
class Benefits:
    respondents: int = 0  # different people who answered
    shown: bool = False  # at least MIN_RESPONDENTS people
    by_role: bool = False  # both mentors and actors reach MIN_RESPONDENTS
    rows: list[BenefitRow] = field(default_factory=list)
    decided_continue: int | None = None
    decided_conclude: int | None = None
    min_respondents: int = MIN_RESPONDENTS


def _pair_counts() -> dict:
    return {
        "formed": Count("id"),
        "published": Count("id", filter=_PUBLISHED),
        "agreed": Count("id", filter=_AGREED),
        "concluded": Count("id", filter=Q(status=Pair.Status.CONCLUDED)),
        "now_draft": Count("id", filter=Q(status=Pair.Status.DRAFT)),
        "now_published": Count("id", filter=Q(status=Pair.Status.PUBLISHED)),
        "now_active": Count("id", filter=Q(status=Pair.Status.ACTIVE)),
    }


def _meeting_sums() -> dict:
    return {
        "meetings_held": Count("id"),
        "minutes_held": Sum("held_minutes"),
        "minutes_working_time": Sum(
            "held_minutes", filter=Q(pair__programme__meetings_in_working_time=True)
        ),
    }


def _stages(pair_row: dict | None, meeting_row: dict | None) -> Stages:
    values = {**(pair_row or {}), **(meeting_row or {})}
    return Stages(**{k: values.get(k) or 0 for k in Stages.__dataclass_fields__})


def _held() -> QuerySet[Meeting]:
    return Meeting.objects.filter(status=Meeting.Status.HELD)


def programme_stages(*, programme: Programme) -> Stages:
    """Two queries."""
    pairs = Pair.objects.filter(programme=programme).aggregate(**_pair_counts())
    meetings = _held().filter(pair__programme=programme).aggregate(**_meeting_sums())
    return _stages(pairs, meetings)


def _ratings() -> dict:
    return {
        "people": Count("author", distinct=True),
        "decided_continue": Count("id", filter=Q(decision=Evaluation.Decision.CONTINUE)),
        "decided_conclude": Count("id", filter=Q(decision=Evaluation.Decision.CONCLUDE)),
        **{f"avg_{key}": Avg(key) for key in BENEFIT_KEYS},
    }


def released(answers: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """The answers that count (rule 5): in each programme and role, the first answers in
    whole groups of MIN_RESPONDENTS. The last, incomplete group waits for the next answers."""
    group = [F("pair__programme"), F("author_role")]
    ranked = answers.annotate(
        position=Window(RowNumber(), partition_by=group, order_by=[F("submitted_at"), F("id")]),
        in_group=Window(Count("id"), partition_by=group),
    ).filter(position__lte=F("in_group") / MIN_RESPONDENTS * MIN_RESPONDENTS)
    return Evaluation.objects.filter(pk__in=ranked.values("pk"))


def benefits(answers: QuerySet[Evaluation]) -> Benefits:
    """Average ratings over ``answers``, under the rules above. Three queries."""
    answers = released(answers)
    total = answers.order_by().aggregate(**_ratings())
    groups = {
        row["author_role"]: row
        for row in answers.order_by().values("author_role").annotate(**_ratings())
    }
    result = Benefits(respondents=total["people"])
    if result.respondents < MIN_RESPONDENTS:
        return result
    result.shown = True
    result.decided_continue = total["decided_continue"]
    result.decided_conclude = total["decided_conclude"]
    mentors, actors = groups.get("mentor", {}), groups.get("actor", {})
    result.by_role = min(mentors.get("people", 0), actors.get("people", 0)) >= MIN_RESPONDENTS
    for key, label in BENEFITS:
        row = BenefitRow(key=key, label=label, overall=total[f"avg_{key}"])
        if result.by_role:
            row.mentors, row.actors = mentors[f"avg_{key}"], actors[f"avg_{key}"]
        result.rows.append(row)
    return result


@dataclass
class ProgrammeReport:
    programme: Programme
    stages: Stages
    benefits: Benefits


def programme_report(*, programme: Programme) -> ProgrammeReport:
    """Four queries, whatever the size of the programme."""
    return ProgrammeReport(
        programme=programme,
        stages=programme_stages(programme=programme),
        benefits=benefits(Evaluation.objects.filter(pair__programme=programme)),
    )


@dataclass
class ProgrammeLine:
    programme: Programme
    stages: Stages
    respondents: int
    included: bool  # its answers count in the organisation-wide averages


@dataclass
class OrganisationReport:
    organisation: Organisation
    programmes: list[ProgrammeLine]
    stages: Stages
    benefits: Benefits
    programmes_left_out: int


def organisation_report(*, organisation: Organisation) -> OrganisationReport:
    """Every programme of the organisation side by side, and the organisation-wide figures.
    Six queries, whatever the number of programmes, pairs or answers."""
    programmes = list(Programme.objects.filter(organisation=organisation).order_by("-starts_on"))
    in_org = {"programme__organisation": organisation}
    pairs = {
        row.pop("programme"): row
        for row in Pair.objects.filter(**in_org)
        .values("programme")
        .annotate(**_pair_counts())
        .order_by()
    }
    meetings = {
        row.pop("pair__programme"): row
        for row in _held()
        .filter(pair__programme__organisation=organisation)
        .values("pair__programme")
        .annotate(**_meeting_sums())
        .order_by()
    }
    people = dict(
        Evaluation.objects.filter(pair__programme__organisation=organisation)
        .values("pair__programme")
        .annotate(people=Count("author", distinct=True))
        .order_by()
        .values_list("pair__programme", "people")
    )
    total, lines = Stages(), []
    for programme in programmes:
        stages = _stages(pairs.get(programme.pk), meetings.get(programme.pk))
        total.add(stages)
        respondents = people.get(programme.pk, 0)
        lines.append(
            ProgrammeLine(
                programme=programme,
                stages=stages,
                respondents=respondents,
                included=respondents >= MIN_RESPONDENTS,
            )
        )
    # The same rule as ``included`` above, as a subquery: always one query, whatever the list.
    included = (
        Evaluation.objects.filter(pair__programme__organisation=organisation)
        .values("pair__programme")
        .annotate(people=Count("author", distinct=True))
        .filter(people__gte=MIN_RESPONDENTS)
        .order_by()
        .values("pair__programme")
    )
    return OrganisationReport(
        organisation=organisation,
        programmes=lines,
        stages=total,
        benefits=benefits(Evaluation.objects.filter(pair__programme__in=included)),
        programmes_left_out=sum(1 for line in lines if line.respondents and not line.included),
    )
