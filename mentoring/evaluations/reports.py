"""The programme report and the organisation report: aggregates only.

Privacy rules, all applied here so no template can get them wrong:
1. No name and no single person's answer reaches a template. The answers are read without
   names (``anonymous_answers``) and the report holds only totals, means and counts; the one
   kind of free text that may appear is rule 5's.
2. What counts is decided by the release rule in ``release.py`` (see its docstring): the
   groups are each programme's mentors and its actors; a person counts once per group, as
   the mean of their answers; people are released in steps of MIN_RESPONDENTS, in the order
   of their first answer, with the answers given up to the moment the step was complete. A
   group under MIN_RESPONDENTS people shows nothing.
3. Mentors and actors are shown apart when both groups have released people; the figure for
   everyone is the mean over the released people of both groups. The decisions (continue or
   conclude) are not read at all: supervisors see each pair's outcome, so where the members
   agreed both decisions are known, and a count over a release step holding one member of a
   disagreeing pair would tell that member's decision.
4. The organisation report adds up the groups its programmes release; it tells nothing the
   programme reports do not.
5. Shared texts: the unit-work text of an answer whose author chose to share it
   (``Evaluation.share_unit_work``) is shown under the same release rule as the ratings —
   only from released answers, so only once at least MIN_RESPONDENTS people of its group are
   released, and a new text can be any of at least MIN_RESPONDENTS new people's. The texts
   are sorted alphabetically, without name, role, date or programme.

The number of queries does not depend on the number of pairs, meetings or answers (the
answers themselves are one query's rows, the rule is applied in Python).
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Case, Count, F, Min, Q, QuerySet, Sum, TextField, Value, When
from django.db.models.functions import Lower

from mentoring.core.hours import hours_from_minutes
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme
from units.models import Organisation

from .models import BENEFIT_KEYS, BENEFITS, MIN_RESPONDENTS, Evaluation, ProgrammeFigures
from .release import Answer, Released, mean_of_people, people, release_programme

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


@dataclass
class BenefitRow:
    key: str
    label: str
    overall: float | None
    mentors: float | None = None
    actors: float | None = None


@dataclass
class Benefits:
    respondents: int = 0  # people released (one per programme and role)
    shown: bool = False  # some group is released: at least MIN_RESPONDENTS people
    by_role: bool = False  # mentors and actors both have released people
    rows: list[BenefitRow] = field(default_factory=list)
    min_respondents: int = MIN_RESPONDENTS
    # The unit-work texts whose authors chose to share them, from the released answers only,
    # alphabetically: no name, role, date or programme.
    shared_texts: list[str] = field(default_factory=list)
    # The organisation report shows the first ORGANISATION_TEXTS of them: a county's shared
    # texts grow with the years; each programme's report lists all of its own.
    shared_texts_total: int = 0


# How many shared texts the organisation report shows (alphabetically the first).
ORGANISATION_TEXTS = 100


def pair_stage_counts() -> dict:
    """The aggregates of how many pairs reached each stage (and are there now): shared by
    the programme report and ``figures.py``."""
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
    pairs = Pair.objects.filter(programme=programme).aggregate(**pair_stage_counts())
    meetings = _held().filter(pair__programme=programme).aggregate(**_meeting_sums())
    return _stages(pairs, meetings)


def anonymous_answers(evaluations: QuerySet[Evaluation]) -> list[Answer]:
    """The answers as the release rule reads them: one query, no names, and the unit-work
    text only where its author chose to share it (the others never leave the database)."""
    shared = Case(
        When(share_unit_work=True, then=F("unit_work")),
        default=Value(""),
        output_field=TextField(),
    )
    rows = (
        evaluations.order_by()
        .annotate(shared=shared)
        .values_list(
            "submitted_at",
            "id",
            "pair__programme_id",
            "author_role",
            "author_id",
            "shared",
            *BENEFIT_KEYS,
        )
    )
    return [
        Answer(
            order=(submitted_at, str(pk)),
            person=(programme_id, role, author_id),
            role=role,
            shared_text=text,
            ratings=tuple(ratings),
        )
        for submitted_at, pk, programme_id, role, author_id, text, *ratings in rows
    ]


def benefits(released: list[Released]) -> Benefits:
    """What the report shows of the released answers of one or more programmes (rule 4 of
    release.py: only whole released groups, added together)."""
    mentors = [a for r in released for a in r.mentors]
    actors = [a for r in released for a in r.actors]
    answers = mentors + actors
    result = Benefits(respondents=people(answers))
    if not answers:
        return result
    result.shown = True
    result.by_role = bool(mentors and actors)
    overall = mean_of_people(answers)
    by_mentors, by_actors = mean_of_people(mentors), mean_of_people(actors)
    for i, (key, label) in enumerate(BENEFITS):
        row = BenefitRow(key=key, label=label, overall=overall[i])
        if result.by_role:
            row.mentors, row.actors = by_mentors[i], by_actors[i]
        result.rows.append(row)
    result.shared_texts = _sorted_texts([a.shared_text for a in answers if a.shared_text])
    return result


def _sorted_texts(texts: list[str]) -> list[str]:
    """Alphabetical: the order tells nothing about who wrote what, or when."""
    return sorted(texts, key=lambda t: (t.casefold(), t))


@dataclass
class ProgrammeReport:
    programme: Programme
    stages: Stages
    benefits: Benefits


def programme_report(*, programme: Programme) -> ProgrammeReport:
    """Three queries, whatever the size of the programme."""
    answers = anonymous_answers(Evaluation.objects.filter(pair__programme=programme))
    return ProgrammeReport(
        programme=programme,
        stages=programme_stages(programme=programme),
        benefits=benefits([release_programme(answers)]),
    )


@dataclass
class ProgrammeLine:
    programme: Programme
    stages: Stages
    respondents: int  # different people who have answered, released or not
    included: bool  # some of its answers are released: they count in the organisation's figures


@dataclass
class OrganisationReport:
    organisation: Organisation
    programmes: list[ProgrammeLine]
    stages: Stages
    benefits: Benefits
    programmes_left_out: int
    # Some programme has not been counted since it changed outside the services (imports):
    # the nightly count catches up; ``as_of`` is when the oldest figures were counted.
    stale: bool = False
    as_of: datetime | None = None


def organisation_programmes(*, organisation: Organisation) -> QuerySet[Programme]:
    """The organisation's programmes in the report's order: newest first."""
    return Programme.objects.filter(organisation=organisation).order_by("-starts_on", "name")


def organisation_report(
    *, organisation: Organisation, programmes: list[Programme] | None = None
) -> OrganisationReport:
    """The organisation-wide figures, and the lines of ``programmes`` (a page of the
    organisation's programmes: a county has thousands, issue 13). Four queries, whatever the
    number of programmes, pairs or answers (five without ``programmes``: then all of them).

    Everything is read from ``ProgrammeFigures`` (one row per programme, kept current by
    figures.py), never from the meetings or answers themselves. The organisation-wide
    figures add up the groups each programme report releases, so they tell nothing its
    programme reports do not; a programme none of whose groups has been released yet (under
    three mentors and under three actors) is left out of them."""
    if programmes is None:
        programmes = list(organisation_programmes(organisation=organisation))
    totals = _organisation_totals(organisation)
    rows = ProgrammeFigures.objects.in_bulk([p.pk for p in programmes])
    lines = [
        ProgrammeLine(
            programme=programme,
            stages=_figures_stages(programme, rows.get(programme.pk)),
            respondents=rows[programme.pk].respondents if programme.pk in rows else 0,
            included=programme.pk in rows and rows[programme.pk].released,
        )
        for programme in programmes
    ]
    return OrganisationReport(
        organisation=organisation,
        programmes=lines,
        stages=_stages(totals, None),
        benefits=_organisation_benefits(organisation),
        programmes_left_out=totals["left_out"],
        stale=totals["counted"] < totals["programmes"],
        as_of=totals["as_of"],
    )


_STAGE_FIELDS = [name for name in Stages.__dataclass_fields__ if name != "minutes_working_time"]


def _figures_stages(programme: Programme, row: ProgrammeFigures | None) -> Stages:
    """One programme's line, from its figures (all zero before its first count)."""
    if row is None:
        return Stages()
    stages = Stages(**{name: getattr(row, name) for name in _STAGE_FIELDS})
    if programme.meetings_in_working_time:
        stages.minutes_working_time = row.minutes_held
    return stages


def _organisation_totals(organisation: Organisation) -> dict:
    """One query over the organisation's programmes and their figures rows (≤ 2,000)."""
    return Programme.objects.filter(organisation=organisation).aggregate(
        programmes=Count("pk"),
        counted=Count("figures"),
        as_of=Min("figures__computed_at"),
        left_out=Count("figures", filter=Q(figures__respondents__gt=0) & ~_RELEASED_ROW),
        minutes_working_time=Sum("figures__minutes_held", filter=Q(meetings_in_working_time=True)),
        **{name: Sum(f"figures__{name}") for name in _STAGE_FIELDS},
    )


_RELEASED_ROW = Q(figures__mentors_released__gt=0) | Q(figures__actors_released__gt=0)


def _organisation_benefits(organisation: Organisation) -> Benefits:
    """The released groups of all programmes added together (two queries): each row holds
    a group's people and the sum of their means, so the mean over people of both groups is
    the sums over the rows divided by the people."""
    rows = list(
        ProgrammeFigures.objects.filter(programme__organisation=organisation)
        .filter(ProgrammeFigures.RELEASED)
        .values_list("mentors_released", "mentor_sums", "actors_released", "actor_sums")
    )
    mentors = sum(row[0] for row in rows)
    actors = sum(row[2] for row in rows)
    # Always read, so the number of queries does not depend on what is released.
    texts, total = _released_shared_texts(organisation)
    result = Benefits(respondents=mentors + actors, shared_texts_total=total)
    if not rows:
        return result
    result.shown = True
    result.by_role = bool(mentors and actors)
    mentor_sums = _column_sums([row[1] for row in rows])
    actor_sums = _column_sums([row[3] for row in rows])
    for i, (key, label) in enumerate(BENEFITS):
        overall = (mentor_sums[i] + actor_sums[i]) / (mentors + actors)
        row = BenefitRow(key=key, label=label, overall=overall)
        if result.by_role:
            row.mentors, row.actors = mentor_sums[i] / mentors, actor_sums[i] / actors
        result.rows.append(row)
    result.shared_texts = texts  # alphabetical already: the first of them were asked for
    return result


def _column_sums(sums: list[list[float]]) -> list[float]:
    """Each benefit's sum over the rows (a group with nobody released holds [])."""
    totals = [0.0] * len(BENEFITS)
    for own in sums:
        for i, value in enumerate(own):
            totals[i] += value
    return totals


def _released_until(role: str, field: str) -> Q:
    """The answers of ``role`` that came in up to the last one its programme released."""
    until, until_id = f"pair__programme__figures__{field}", f"pair__programme__figures__{field}_id"
    return Q(author_role=role) & (
        Q(submitted_at__lt=F(until)) | Q(submitted_at=F(until), id__lte=F(until_id))
    )


def _released_shared_texts(organisation: Organisation) -> tuple[list[str], int]:
    """The unit-work texts their authors chose to share, from released answers only: the
    first ``ORGANISATION_TEXTS`` alphabetically, and how many there are (two queries)."""
    texts = (
        Evaluation.objects.filter(pair__programme__organisation=organisation, share_unit_work=True)
        .exclude(unit_work="")
        .filter(
            _released_until("mentor", "mentors_until") | _released_until("actor", "actors_until")
        )
        .values_list("unit_work", flat=True)
    )
    first = texts.order_by(Lower("unit_work"), "unit_work")[:ORGANISATION_TEXTS]
    return list(first), texts.order_by().count()
