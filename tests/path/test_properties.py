"""Properties of ``assess`` over random pair histories.

1. The pages and the reminders agree about every pair: what the stage and the next steps say
   and what the reminders are due for are one reading of the same snapshot.
2. ``next_change_at`` is honest: until that moment, nothing that ``assess`` says changes.
"""

import datetime as dt
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.path.kinds import Kind
from mentoring.path.state import Stage, Step, assess
from tests.path.snapshots import agreement, hki, meeting, pair

BASE = hki(2026, 9, 1, 9)
HOUR = dt.timedelta(hours=1)


def _at(hours: int) -> dt.datetime:
    return BASE + hours * HOUR


meetings = st.lists(
    st.builds(
        lambda h, minutes, kind, status, approval, decided, answered: meeting(
            _at(h),
            minutes=minutes,
            kind=kind,
            status=status,
            approval=approval if status == "planned" else "not_needed",
            approval_at=_at(h - decided) if approval in ("approved", "declined") else None,
            answered=answered if kind == "evaluation" else (),
        ),
        h=st.integers(0, 24 * 150),
        minutes=st.sampled_from([30, 60, 90]),
        kind=st.sampled_from(["first", "regular", "regular", "evaluation"]),
        status=st.sampled_from(["planned", "held"]),
        approval=st.sampled_from(["not_needed", "not_needed", "pending", "approved", "declined"]),
        decided=st.integers(1, 24 * 10),
        answered=st.sampled_from([(), ("mentor",), ("actor",), ("mentor", "actor")]),
    ),
    max_size=8,
)


@st.composite
def agreements(draw):
    out = []
    kinds = draw(st.sampled_from(["none", "accepted", "draft", "both"]))
    created = _at(draw(st.integers(0, 24 * 60)))
    evaluation = (created + dt.timedelta(days=draw(st.integers(20, 200)))).date()
    planned = draw(st.sampled_from([None, 1, 2, 3, 5]))
    cadence = draw(st.sampled_from([7, 14, 21]))
    if kinds in ("accepted", "both"):
        accepted_at = created + dt.timedelta(hours=draw(st.integers(0, 24 * 90)))
        out.append(
            agreement(
                created=created,
                cadence=cadence,
                planned=planned,
                evaluation_date=evaluation,
                mentor_ok=accepted_at,
                actor_ok=created,
            )
        )
    if kinds in ("draft", "both"):
        out.append(
            agreement(
                status="draft",
                version=2 if kinds == "both" else 1,
                created=created + dt.timedelta(days=draw(st.integers(1, 60))),
                cadence=cadence,
                planned=planned,
                evaluation_date=evaluation,
                mentor_ok=_at(24 * 100) if draw(st.booleans()) else None,
            )
        )
    return out


snapshots = st.builds(
    lambda status, published, ms, ags, approval, programme_planned: pair(
        status=status,
        published=_at(published),
        meetings=ms,
        agreements=ags,
        approval_required=approval,
        programme_planned=programme_planned,
    ),
    status=st.sampled_from(["draft", "published", "active", "active", "concluded"]),
    published=st.integers(-24 * 30, 24 * 30),
    ms=meetings,
    ags=agreements(),
    approval=st.booleans(),
    programme_planned=st.sampled_from([None, 3]),
)
moments = st.integers(-24 * 10, 24 * 200).map(_at)


def _reading(state) -> tuple:
    """Everything ``assess`` says that a person could notice."""
    return (
        state.stage,
        tuple(
            sorted((role, s.code, s.meeting and s.meeting.id) for role, s in state.steps.items())
        ),
        frozenset(d.key for d in state.due),
        state.evaluation_due,
    )


@settings(max_examples=400, deadline=None)
@given(snapshots, moments)
def test_pages_and_reminders_agree(snap, now):
    state = assess(snap, now)
    kinds = {d.kind for d in state.due}
    steps = {role: s.code for role, s in state.steps.items()}

    # Only a running pair has anything due.
    if snap.status not in ("published", "active"):
        assert not state.due and not state.stage.lapsed
    # "Book the next meeting" is due exactly when the page says the rhythm has lapsed.
    assert (Kind.BOOK_NEXT in kinds) == state.stage.lapsed
    # A lapsed pair has nothing booked ahead, and each member is asked to book (unless a
    # meeting waits for its log or the agreement for their acceptance, which come first).
    if state.stage.lapsed:
        assert state.stage.next_meeting_at is None
        first_things = {Step.ANSWER_EVALUATION, Step.LOG_MEETING, Step.ACCEPT_AGREEMENT}
        books = {Step.BOOK_NEXT, Step.BOOK_FIRST, Step.BOOK_EVALUATION}
        assert set(steps.values()) <= first_things | books
    # The evaluation reminder comes only while the page says the evaluation is due.
    if Kind.EVALUATION_DUE in kinds:
        assert state.evaluation_due and state.stage.code == Stage.EVALUATION_DUE
    if state.evaluation_due and snap.status in ("published", "active"):
        assert state.stage.code == Stage.EVALUATION_DUE
    # A meeting the reminders ask to log is one the home page offers for logging.
    to_log = {d.meeting_id for d in state.due if d.kind == Kind.MEETING_TO_LOG}
    concluded = snap.status == "concluded"  # rule 4: a concluded pair logs what has started
    loggable = {
        m.id
        for m in snap.meetings
        if m.loggable and (m.starts_at if concluded else m.ends_at) <= now
    }
    assert to_log <= loggable
    if to_log:  # only answering an evaluation that has started comes before the log
        assert set(steps.values()) <= {Step.LOG_MEETING, Step.ANSWER_EVALUATION}
    for role, step in state.steps.items():
        if step.code == Step.LOG_MEETING:
            assert step.meeting.id in loggable
        if step.code == Step.ANSWER_EVALUATION:
            m = step.meeting
            assert snap.status == "active" and m.kind == "evaluation" and m.time_stands
            assert m.starts_at <= now and role not in m.answered
    # An upcoming-meeting reminder is for the meeting the page shows as next or a later one.
    for d in state.due:
        if d.kind == Kind.UPCOMING_MEETING:
            assert state.stage.next_meeting_at is not None
            starts = {m.id: m.starts_at for m in snap.meetings}
            assert starts[d.meeting_id] >= state.stage.next_meeting_at
    # The next step of a concluded pair says so, and nothing is coming up for it; a draft
    # pair has no step.
    if snap.status == "concluded":  # thanked, or asked to log the meeting where it ended
        assert set(steps.values()) in ({Step.CONCLUDED}, {Step.LOG_MEETING})
        assert state.stage.next_meeting_at is None
    if snap.status == "draft":
        assert steps == {}


@settings(max_examples=400, deadline=None)
@given(snapshots, moments, st.floats(0, 1, exclude_max=True))
def test_nothing_changes_before_next_change_at(snap, now, fraction):
    state = assess(snap, now)
    if state.next_change_at is None:
        later = now + dt.timedelta(days=400 * fraction)
    else:
        assert state.next_change_at > now
        later = now + (state.next_change_at - now) * fraction
        later = min(later, state.next_change_at - dt.timedelta(microseconds=1))  # rounding
    assert _reading(assess(snap, later)) == _reading(state)


def test_next_change_at_is_the_moment_something_changes():
    """It is not merely a safe bound: at a planned meeting's start, the next meeting changes."""
    start = hki(2026, 10, 5, 10)
    snap = pair(meetings=[meeting(start, id=uuid.UUID(int=1))], agreements=[agreement()])
    state = assess(snap, hki(2026, 10, 5, 9))
    assert state.next_change_at == start
    assert assess(snap, start + dt.timedelta(seconds=1)).stage.next_meeting_at is None
