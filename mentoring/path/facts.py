"""The rules of the path, each defined once: the facts ``assess`` derives from a snapshot.

1. **A round** runs from the accepted agreement to its evaluation meeting. A pair that
   continues after an evaluation accepts a new agreement version: a new round begins, and
   its meetings are counted afresh from that evaluation meeting.
2. **Evaluation due**: in the current round, the planned number of regular meetings has been
   held (the moment the last of them ended), or the agreed evaluation date is
   ``evaluation_notice_days`` away (from that working day's start), whichever comes first —
   until the round's evaluation meeting is held.
3. **Lapsed**: a running pair has no booked meeting ahead, and a full cadence (the agreed
   one; before an agreement, the programme's longest gap) has passed since its last meeting
   (held, or booked and past: it probably took place) or, with none, since publishing.
4. **To log**: a planned meeting whose time stands (approved, or needing no approval) has
   ended; for a concluded pair, has started. A concluded pair has no upcoming meeting.
5. **To answer**: the round's latest evaluation meeting has started, its time stands, the
   pair is active, and the member has not answered its evaluation yet.

Every rule also notes the moments ahead at which its answer can change by the clock alone;
the earliest of them is the pair's ``next_change_at``.
"""

import datetime as dt

from mentoring.core.working_time import HELSINKI, working_hours

from . import conf
from .snapshot import MeetingRow, PairSnapshot

RUNNING = ("published", "active")


class Facts:
    """What a snapshot means at ``now``: the derived facts, computed once, and the moments
    ahead at which they may change."""

    def __init__(self, snap: PairSnapshot, now: dt.datetime):
        self.snap, self.now = snap, now
        self.moments: list[dt.datetime] = []
        self.accepted = next((a for a in snap.agreements if a.status == "accepted"), None)
        self.draft = next((a for a in snap.agreements if a.status == "draft"), None)
        meetings = sorted(snap.meetings, key=lambda m: m.starts_at)
        self.held = [m for m in meetings if m.held]
        self.booked = [m for m in meetings if m.booked]
        # A concluded pair meets no more: nothing is upcoming, and the evaluation meeting at
        # which it concluded is to log from its start (it may still be under way).
        concluded = snap.status == "concluded"
        self.upcoming = [] if concluded else [m for m in self.booked if m.starts_at > now]
        self.to_log = [
            m
            for m in meetings
            if m.loggable and (m.starts_at <= now if concluded else m.ends_at <= now)
        ]
        for m in meetings:  # a meeting's start and end change what comes next and what is past
            self.ahead(m.starts_at, m.ends_at, m.approval_at)
        self.round_start = self._round_start()
        self.round_held = [
            m for m in self.held if self.round_start is None or m.starts_at > self.round_start
        ]
        self.to_answer = self._to_answer(meetings)
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

    def ahead(self, *moments: dt.datetime | None) -> None:
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

    # --- Rule 5: to answer ------------------------------------------------------------

    def _to_answer(self, meetings) -> MeetingRow | None:
        """The round's latest evaluation meeting that has started, if its time stands and
        the pair is active (the members answer there; an earlier one is past)."""
        if self.snap.status != "active":
            return None
        started = [
            m
            for m in meetings
            if m.kind == "evaluation"
            and m.status in ("planned", "held")
            and m.starts_at <= self.now
            and (self.round_start is None or m.starts_at > self.round_start)
        ]
        latest = started[-1] if started else None
        return latest if latest is not None and latest.time_stands else None

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
        self.ahead(due_from)
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
            self.ahead(anchor + (misses + 1) * cadence)
        return misses, anchor, cadence
