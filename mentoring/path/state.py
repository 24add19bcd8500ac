"""Where a pair is on the mentoring path: ONE pure function over one snapshot and a moment.

``assess(snapshot, now)`` answers everything the product says about a pair's progress —
the stage the pages show, whether the rhythm has lapsed, each member's next step, the
situations that call for a reminder, and the next moment at which any of that can change
by the clock alone. The pages, the dashboard, the worker's home and the reminder sweep all
ask it, so they cannot disagree about the same pair. No database, no clock, no settings
beyond the tunables in ``conf``.

The rules, each defined once here:

1. **A round** runs from the accepted agreement to its evaluation meeting. A pair that
   continues after an evaluation accepts a new agreement version: a new round begins, and
   its meetings are counted afresh from that evaluation meeting.
2. **Evaluation due**: in the current round, the planned number of regular meetings has been
   held (the moment the last of them ended), or the agreed evaluation date is
   ``evaluation_notice_days`` away (from that working day's start), whichever comes first — until
   the round's evaluation meeting is held.
3. **Lapsed**: a running pair has no booked meeting ahead, and a full cadence (the agreed
   one; before an agreement, the programme's longest gap) has passed since its last meeting
   (held, or booked and past: it probably took place) or, with none, since publishing.
4. **To log**: a planned meeting whose time stands (approved, or needing no approval) has
   ended.

Stages, in order: draft → published (no accepted agreement yet) → agreement made (no meeting
held in this round yet) → meeting n of m → evaluation due (rule 2, or the round's evaluation
meeting is held and the pair has not yet concluded or continued) → concluded.
"""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mentoring.core.working_time import HELSINKI, working_day_start_before, working_hours

from . import conf
from .kinds import Kind
from .snapshot import MeetingRow, PairSnapshot, Person

RUNNING = ("published", "active")


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
class Due:
    """A situation that calls for a message, before recipients' preferences and working
    hours are applied (that is the reminders' part)."""

    kind: str
    key: str  # the same situation always has the same key; the recipient's id is appended
    trigger_at: dt.datetime  # when the situation arose
    recipients: tuple[Person, ...] = ()
    to_supervisors: bool = False  # addressed to the supervisors of the members' units
    meeting_id: UUID | None = None
    payload: dict = field(default_factory=dict, hash=False, compare=False)
    expires_at: dt.datetime | None = None  # pointless from this moment on


@dataclass(frozen=True)
class PathState:
    stage: PairStage
    steps: dict  # "mentor" / "actor" → MemberStep (empty for a draft)
    due: tuple[Due, ...]
    next_change_at: dt.datetime | None  # None: nothing changes by the clock alone
    evaluation_due: bool


def published_key(pair_id, user_id) -> str:
    return f"pair_published:{pair_id}:{user_id}"


def _ts(moment: dt.datetime) -> int:
    return int(moment.timestamp())


class _Assessment:
    """One assessment: the derived facts, computed once, and the moments ahead."""

    def __init__(self, snap: PairSnapshot, now: dt.datetime):
        self.snap, self.now = snap, now
        self.moments: list[dt.datetime] = []
        self.accepted = next((a for a in snap.agreements if a.status == "accepted"), None)
        self.draft = next((a for a in snap.agreements if a.status == "draft"), None)
        meetings = sorted(snap.meetings, key=lambda m: m.starts_at)
        self.held = [m for m in meetings if m.held]
        self.booked = [m for m in meetings if m.booked]
        self.upcoming = [m for m in self.booked if m.starts_at > now]
        self.to_log = [m for m in meetings if m.loggable and m.ends_at <= now]
        for m in meetings:  # a meeting's start and end change what comes next and what is past
            self._ahead(m.starts_at, m.ends_at, m.approval_at)
        self.round_start = self._round_start()
        self.round_held = [
            m for m in self.held if self.round_start is None or m.starts_at > self.round_start
        ]
        self.evaluated = any(m.kind == "evaluation" for m in self.round_held)
        self.planned = (
            self.accepted.planned_meetings if self.accepted else None
        ) or snap.programme_planned_meetings
        self.evaluation_due_from = self._evaluation_due_from()
        self.evaluation_due = (
            self.evaluation_due_from is not None
            and self.evaluation_due_from <= now
            and not self.evaluated
        )
        self.misses, self.anchor, self.cadence = self._rhythm()
        self.lapsed = self.misses >= 1

    def _ahead(self, *moments: dt.datetime | None) -> None:
        """Remember moments at which something may change (only future ones count)."""
        self.moments.extend(m for m in moments if m is not None and m > self.now)

    # --- Rule 1: the round -------------------------------------------------------------

    def _round_start(self) -> dt.datetime | None:
        """The evaluation meeting the current round follows, if the pair continued."""
        evaluations = [m.starts_at for m in self.held if m.kind == "evaluation"]
        if not evaluations or self.accepted is None or self.accepted.accepted_at is None:
            return None
        last = max(evaluations)
        return last if self.accepted.accepted_at > last else None

    # --- Rule 2: evaluation due -------------------------------------------------------

    def _evaluation_due_from(self) -> dt.datetime | None:
        if self.accepted is None:
            return None
        notice = self.accepted.evaluation_date - dt.timedelta(days=conf.evaluation_notice_days())
        start_of_day = dt.time(working_hours()[0])  # the working day's start, in Helsinki
        triggers = [dt.datetime.combine(notice, start_of_day, tzinfo=HELSINKI)]
        regular = [m.ends_at for m in self.round_held if m.kind != "evaluation"]
        if self.planned and len(regular) >= self.planned:
            triggers.append(sorted(regular)[self.planned - 1])
        due_from = min(triggers)
        self._ahead(due_from)
        return due_from

    # --- Rule 3: the rhythm -----------------------------------------------------------

    def _rhythm(self) -> tuple[int, dt.datetime | None, dt.timedelta]:
        """(cadences missed, counted from when, the cadence)."""
        days = self.accepted.cadence_days if self.accepted else self.snap.cadence_max_days
        cadence = dt.timedelta(days=days)
        if self.snap.status not in RUNNING or self.upcoming:
            return 0, None, cadence
        past = [m.starts_at for m in self.held + self.booked if m.starts_at <= self.now]
        anchor = max(past) if past else self.snap.published_at
        if anchor is None:
            return 0, None, cadence
        misses = (self.now - anchor) // cadence
        if misses < max(conf.book_max_repeats(), 2):  # past that, the count no longer changes
            self._ahead(anchor + (misses + 1) * cadence)
        return misses, anchor, cadence

    # --- What the pages show ------------------------------------------------------------

    def stage(self) -> PairStage:
        status = self.snap.status
        if status == "draft":
            code = Stage.DRAFT
        elif status == "concluded":
            code = Stage.CONCLUDED
        elif self.accepted is None:
            code = Stage.PUBLISHED
        elif self.evaluated or self.evaluation_due:
            code = Stage.EVALUATION_DUE
        elif not self.round_held:
            code = Stage.AGREEMENT
        else:
            code = Stage.MEETINGS
        return PairStage(
            code=code,
            held=len(self.round_held),
            planned=self.planned,
            last_meeting_at=self.held[-1].starts_at if self.held else None,
            next_meeting_at=self.upcoming[0].starts_at if self.upcoming else None,
            lapsed=self.lapsed,
            held_minutes=sum(m.held_minutes or 0 for m in self.held),
        )

    def step(self, role: str, stage: PairStage) -> MemberStep:
        if stage.code == Stage.CONCLUDED:
            return MemberStep(Step.CONCLUDED)
        if self.to_log:
            first = self.to_log[0]
            return MemberStep(Step.LOG_MEETING, first, first.starts_at)
        if self.draft is not None and not self.draft.accepted_by(role):
            return MemberStep(Step.ACCEPT_AGREEMENT)
        upcoming = self.upcoming[0] if self.upcoming else None
        if stage.code == Stage.PUBLISHED and self.draft is None and upcoming:
            return MemberStep(Step.WRITE_AGREEMENT, upcoming, upcoming.starts_at)
        if upcoming:
            return MemberStep(Step.NEXT_MEETING, upcoming, upcoming.starts_at)
        if stage.code == Stage.EVALUATION_DUE:
            return MemberStep(Step.BOOK_EVALUATION)
        if stage.code == Stage.PUBLISHED:
            return MemberStep(Step.BOOK_FIRST)
        return MemberStep(Step.BOOK_NEXT)

    # --- What calls for a message -----------------------------------------------------

    def due(self) -> list[Due]:
        if self.snap.status not in RUNNING:
            return []
        return [
            *self._published(),
            *self._agreement_pending(),
            *self._upcoming(),
            *self._meetings_to_log(),
            *self._book_next(),
            *self._evaluation(),
            *self._approvals(),
        ]

    def _published(self) -> list[Due]:
        snap = self.snap
        if snap.status != "published" or not snap.published_at:
            return []
        until = snap.published_at + dt.timedelta(days=conf.published_lookback_days())
        self._ahead(until)
        if self.now > until:
            return []
        key = f"pair_published:{snap.id}"
        return [Due(Kind.PAIR_PUBLISHED, key, snap.published_at, snap.members)]

    def _agreement_pending(self) -> list[Due]:
        accepted, draft = self.accepted, self.draft
        if accepted is not None and draft is None:
            return []
        if accepted is None:
            # The first agreement is written at the first meeting: count from its end.
            base = min((m.ends_at for m in self.held), default=None)
        else:
            base = draft.created_at  # an amendment waits for acceptance
        if base is None:
            return []
        trigger = base + dt.timedelta(days=conf.agreement_after_days())
        self._ahead(trigger)
        if self.now < trigger:
            return []
        if draft is None:
            who = self.snap.members
        else:
            who = tuple(
                p
                for role, p in (("mentor", self.snap.mentor), ("actor", self.snap.actor))
                if not draft.accepted_by(role)
            )
        version = draft.version if draft else 1
        key = f"agreement:{self.snap.id}:v{version}"
        return [Due(Kind.AGREEMENT_PENDING, key, trigger, who)]

    def _upcoming(self) -> list[Due]:
        days = conf.upcoming_working_days_before()
        out = []
        for m in self.upcoming:
            trigger = working_day_start_before(m.starts_at.astimezone(HELSINKI).date(), days)
            self._ahead(trigger)
            if self.now < trigger:
                continue
            key = f"upcoming:{m.id}:{_ts(m.starts_at)}"
            out.append(
                Due(
                    Kind.UPCOMING_MEETING,
                    key,
                    trigger,
                    self.snap.members,
                    False,
                    m.id,
                    {},
                    m.starts_at,
                )
            )
        return out

    def _meetings_to_log(self) -> list[Due]:
        after = dt.timedelta(hours=conf.log_after_hours())
        lookback = dt.timedelta(days=conf.log_lookback_days())
        out = []
        for m in self.snap.meetings:
            if not m.loggable:
                continue
            self._ahead(m.ends_at + after, m.ends_at + lookback)
            if m.ends_at + after <= self.now <= m.ends_at + lookback:
                key = f"to_log:{m.id}"
                out.append(
                    Due(
                        Kind.MEETING_TO_LOG,
                        key,
                        m.ends_at + after,
                        self.snap.members,
                        meeting_id=m.id,
                    )
                )
        return out

    def _book_next(self) -> list[Due]:
        if not self.lapsed:
            return []
        snap, anchor, cadence = self.snap, self.anchor, self.cadence
        first = not any(m.starts_at <= self.now for m in self.held + self.booked)
        n = min(self.misses, conf.book_max_repeats())
        out = [
            Due(
                Kind.BOOK_NEXT,
                f"book:{snap.id}:{_ts(anchor)}:{n}",
                anchor + n * cadence,
                snap.members,
                payload={"misses": n, "first": first},
            )
        ]
        if self.misses >= 2:
            out.append(
                Due(
                    Kind.BOOK_NEXT_SUPERVISOR,
                    f"book_sup:{snap.id}:{_ts(anchor)}",
                    anchor + 2 * cadence,
                    to_supervisors=True,
                    payload={"misses": 2, "first": first},
                )
            )
        return out

    def _evaluation(self) -> list[Due]:
        if not self.evaluation_due:
            return []
        booked = any(
            m.kind == "evaluation" and (self.round_start is None or m.starts_at > self.round_start)
            for m in self.booked
        )
        if booked:
            return []
        key = f"evaluation:{self.snap.id}:{self.accepted.id}"
        return [Due(Kind.EVALUATION_DUE, key, self.evaluation_due_from, self.snap.members)]

    def _approvals(self) -> list[Due]:
        """A meeting time waiting for approval asks the supervisors (again after each move:
        ``times_moved`` is in the key); a decision tells both members. Neither once the
        meeting has started, nor for decisions older than the lookback."""
        lookback = dt.timedelta(days=conf.decided_lookback_days())
        out = []
        for m in self.snap.meetings:
            if m.status != "planned" or m.starts_at <= self.now:
                continue
            if m.approval == "pending" and self.snap.approval_required:
                key = f"approval_waiting:{m.id}:{m.times_moved}"
                out.append(
                    Due(Kind.APPROVAL_WAITING, key, self.now, (), True, m.id, {}, m.starts_at)
                )
                continue
            decided = m.approval in ("approved", "declined") and m.approval_at is not None
            if not decided:
                continue
            self._ahead(m.approval_at + lookback)
            if m.approval_at <= self.now <= m.approval_at + lookback:
                key = f"approval_decided:{m.id}:{m.approval}:{m.times_moved}"
                out.append(
                    Due(
                        Kind.APPROVAL_DECIDED,
                        key,
                        m.approval_at,
                        self.snap.members,
                        False,
                        m.id,
                        {"decision": m.approval},
                        m.starts_at,
                    )
                )
        return out


def assess(snapshot: PairSnapshot, now: dt.datetime) -> PathState:
    """The pair's place on the path at ``now``."""
    a = _Assessment(snapshot, now)
    stage = a.stage()
    steps = {}
    if snapshot.status != "draft":
        steps = {role: a.step(role, stage) for role in ("mentor", "actor")}
    due = tuple(a.due())
    return PathState(
        stage=stage,
        steps=steps,
        due=due,
        next_change_at=min(a.moments, default=None),
        evaluation_due=a.evaluation_due,
    )
