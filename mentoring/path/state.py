"""Where a pair is on the mentoring path: ONE pure function over one snapshot and a moment.

``assess(snapshot, now)`` answers everything the product says about a pair's progress —
the stage the pages show, whether the rhythm has lapsed, each member's next step, the
situations that call for a reminder, and the next moment at which any of that can change
by the clock alone. The pages, the dashboard, the worker's home and the reminder sweep all
ask it, so they cannot disagree about the same pair. No database, no clock, no settings
beyond the tunables in ``conf``.

The rules (a round, evaluation due, lapsed, to log) are defined once, in ``facts``; the
situations that call for a message in ``situations``; the stage and each member's next step
here.

Stages, in order: draft → published (no accepted agreement yet) → agreement made (no meeting
held in this round yet) → meeting n of m → evaluation due (rule 2, or the round's evaluation
meeting is held and the pair has not yet concluded or continued) → concluded.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .facts import Facts
from .situations import Due, situations
from .snapshot import MeetingRow, PairSnapshot


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
    """What a supervisor may see of a pair's progress (nothing the pair wrote)."""

    code: str
    held: int  # meetings held in this round
    planned: int | None
    last_meeting_at: dt.datetime | None
    next_meeting_at: dt.datetime | None
    lapsed: bool
    held_minutes: int = 0  # all held meetings, every round

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


class Step:
    """What a member should do next (``mentoring.path.steps`` puts it in words)."""

    CONCLUDED = "concluded"
    ANSWER_EVALUATION = "answer_evaluation"
    LOG_MEETING = "log_meeting"
    ACCEPT_AGREEMENT = "accept_agreement"
    WRITE_AGREEMENT = "write_agreement"
    NEXT_MEETING = "next_meeting"
    BOOK_EVALUATION = "book_evaluation"
    BOOK_FIRST = "book_first"
    BOOK_NEXT = "book_next"


@dataclass(frozen=True)
class MemberStep:
    code: str
    meeting: MeetingRow | None = None  # the meeting to log, or the next one
    when: dt.datetime | None = None


@dataclass(frozen=True)
class PathState:
    stage: PairStage
    steps: dict  # "mentor" / "actor" → MemberStep (empty for a draft)
    due: tuple[Due, ...]
    next_change_at: dt.datetime | None  # None: nothing changes by the clock alone
    evaluation_due: bool


def _stage(f: Facts) -> PairStage:
    status = f.snap.status
    if status == "draft":
        code = Stage.DRAFT
    elif status == "concluded":
        code = Stage.CONCLUDED
    elif f.accepted is None:
        code = Stage.PUBLISHED
    elif f.evaluated or f.evaluation_due:
        code = Stage.EVALUATION_DUE
    elif not f.round_held:
        code = Stage.AGREEMENT
    else:
        code = Stage.MEETINGS
    return PairStage(
        code=code,
        held=len(f.round_held),
        planned=f.planned,
        last_meeting_at=f.held[-1].starts_at if f.held else None,
        next_meeting_at=f.upcoming[0].starts_at if f.upcoming else None,
        lapsed=f.lapsed,
        held_minutes=sum(m.held_minutes or 0 for m in f.held),
    )


def _step(f: Facts, role: str, stage: PairStage) -> MemberStep:
    if stage.code == Stage.CONCLUDED:
        if f.to_log:  # the evaluation meeting at which they concluded still counts
            return MemberStep(Step.LOG_MEETING, f.to_log[0], f.to_log[0].starts_at)
        return MemberStep(Step.CONCLUDED)
    evaluation = f.to_answer
    if evaluation is not None and role not in evaluation.answered:  # the point of it comes first
        return MemberStep(Step.ANSWER_EVALUATION, evaluation, evaluation.starts_at)
    if f.to_log:
        first = f.to_log[0]
        return MemberStep(Step.LOG_MEETING, first, first.starts_at)
    if f.draft is not None and not f.draft.accepted_by(role):
        return MemberStep(Step.ACCEPT_AGREEMENT)
    upcoming = f.upcoming[0] if f.upcoming else None
    if stage.code == Stage.PUBLISHED and f.draft is None and upcoming:
        return MemberStep(Step.WRITE_AGREEMENT, upcoming, upcoming.starts_at)
    if upcoming:
        return MemberStep(Step.NEXT_MEETING, upcoming, upcoming.starts_at)
    if stage.code == Stage.EVALUATION_DUE:
        return MemberStep(Step.BOOK_EVALUATION)
    if stage.code == Stage.PUBLISHED:
        return MemberStep(Step.BOOK_FIRST)
    return MemberStep(Step.BOOK_NEXT)


def assess(snapshot: PairSnapshot, now: dt.datetime) -> PathState:
    """The pair's place on the path at ``now``."""
    f = Facts(snapshot, now)
    stage = _stage(f)
    steps = {}
    if snapshot.for_members and snapshot.status != "draft":
        steps = {role: _step(f, role, stage) for role in ("mentor", "actor")}
    due = tuple(situations(f))
    return PathState(
        stage=stage,
        steps=steps,
        due=due,
        next_change_at=min(f.moments, default=None),
        evaluation_due=f.evaluation_due,
    )
