"""What is due when for meeting-time approvals, on pair snapshots at fixed moments.

2026-12-01 is a Tuesday, 2026-12-04 a Friday, 2026-12-07 a Monday.
"""

from dataclasses import replace

from mentoring.path.snapshot import Person
from mentoring.reminders.due import current_keys, pair_candidates
from tests.path.snapshots import ACTOR, MENTOR, SUPERVISOR, SUPERVISORS, UNIT, hki, meeting, pair

WAITING, DECIDED = "approval_waiting", "approval_decided"


def due(state, now, kind, supervisors=SUPERVISORS):
    return [c for c in pair_candidates(state, now, supervisors) if c.kind == kind]


NEXT_THURSDAY = hki(2026, 12, 10, 13)


def pending(start=NEXT_THURSDAY, **kwargs):
    return meeting(start, approval="pending", **kwargs)


# --- a time waiting for approval -----------------------------------------------------------


def test_a_time_waiting_for_approval_asks_the_supervisors_at_once_in_working_time():
    m = pending()
    state = pair(meetings=[m], approval_required=True)
    found = due(state, hki(2026, 12, 1, 10, 5), WAITING)
    assert [(c.recipient_id, c.due_at) for c in found] == [(SUPERVISOR, hki(2026, 12, 1, 10, 5))]
    assert found[0].dedupe_key == f"approval_waiting:{m.id}:0:{SUPERVISOR}"
    assert found[0].meeting_id == m.id and found[0].pair_id == state.id


def test_a_time_proposed_on_friday_evening_is_asked_on_monday_morning():
    state = pair(meetings=[pending()], approval_required=True)
    found = due(state, hki(2026, 12, 4, 17, 30), WAITING)
    assert {c.due_at for c in found} == {hki(2026, 12, 7, 8)}


def test_a_moved_meeting_asks_again_under_a_new_key():
    m = pending()
    before = due(pair(meetings=[m], approval_required=True), hki(2026, 12, 1, 10), WAITING)
    moved = pending(hki(2026, 12, 11, 9), id=m.id, times_moved=1)
    after = due(pair(meetings=[moved], approval_required=True), hki(2026, 12, 2, 10), WAITING)
    assert before[0].dedupe_key.endswith(f":{m.id}:0:{SUPERVISOR}")
    assert after[0].dedupe_key.endswith(f":{m.id}:1:{SUPERVISOR}")


def test_nothing_to_ask_without_approval_or_once_decided_or_cancelled():
    now = hki(2026, 12, 1, 10)
    assert due(pair(meetings=[pending()]), now, WAITING) == []  # the programme asks none
    start = hki(2026, 12, 10, 13)
    for m in (
        meeting(start),
        meeting(start, approval="approved", approval_at=now),
        meeting(start, approval="declined", approval_at=now),
        pending(status="cancelled"),
        pending(status="held"),
    ):
        assert due(pair(meetings=[m], approval_required=True), now, WAITING) == [], m


def test_no_question_for_a_meeting_that_starts_before_the_next_working_moment():
    saturday = pending(hki(2026, 12, 5, 10))
    state = pair(meetings=[saturday], approval_required=True)
    assert due(state, hki(2026, 12, 4, 17), WAITING) == []  # Monday would be too late
    assert due(state, hki(2026, 12, 4, 15), WAITING) != []  # Friday afternoon still works
    started = pending(hki(2026, 12, 1, 9, 30))
    assert (
        due(pair(meetings=[started], approval_required=True), hki(2026, 12, 1, 10), WAITING) == []
    )


def test_each_supervisor_of_the_units_once_never_a_member_nor_one_who_turned_it_off():
    other_unit = "unit-b"
    supervisors = {
        UNIT: [Person(SUPERVISOR), Person(MENTOR), Person(7, (WAITING,)), Person(8, (), False)],
        other_unit: [Person(SUPERVISOR), Person(9)],
    }
    state = pair(meetings=[pending()], approval_required=True)
    state = replace(state, unit_ids=(UNIT, other_unit))
    found = due(state, hki(2026, 12, 1, 10), WAITING, supervisors)
    assert sorted(c.recipient_id for c in found) == [SUPERVISOR, 9]


# --- a decision ------------------------------------------------------------------------------


def test_a_decision_tells_both_members_in_working_time():
    decided_at = hki(2026, 12, 1, 10)
    m = meeting(hki(2026, 12, 10, 13), approval="approved", approval_at=decided_at)
    state = pair(meetings=[m], approval_required=True)
    assert due(state, hki(2026, 12, 1, 9, 59), DECIDED) == []  # not before it was made
    found = due(state, hki(2026, 12, 1, 10, 2), DECIDED)
    assert sorted(c.recipient_id for c in found) == [MENTOR, ACTOR]
    assert {c.due_at for c in found} == {hki(2026, 12, 1, 10, 2)}
    assert {c.dedupe_key for c in found} == {
        f"approval_decided:{m.id}:approved:0:{MENTOR}",
        f"approval_decided:{m.id}:approved:0:{ACTOR}",
    }
    assert found[0].payload == {"decision": "approved"}
    assert due(state, hki(2026, 12, 1, 10, 2), WAITING) == []


def test_a_decline_late_on_friday_goes_out_on_monday_morning_under_its_own_key():
    m = meeting(hki(2026, 12, 9, 13), approval="declined", approval_at=hki(2026, 12, 4, 18))
    found = due(pair(meetings=[m]), hki(2026, 12, 4, 18, 5), DECIDED)
    assert {c.due_at for c in found} == {hki(2026, 12, 7, 8)}
    assert all(f":{m.id}:declined:0:" in c.dedupe_key for c in found)


def test_old_decisions_and_meetings_that_have_started_are_not_news():
    start = hki(2026, 12, 20, 13)
    old = meeting(start, approval="approved", approval_at=hki(2026, 12, 1, 10))
    assert due(pair(meetings=[old]), hki(2026, 12, 8, 10, 1), DECIDED) == []  # > 7 days
    assert due(pair(meetings=[old]), hki(2026, 12, 7, 10), DECIDED) != []
    soon = meeting(hki(2026, 12, 5, 9), approval="approved", approval_at=hki(2026, 12, 4, 17))
    assert due(pair(meetings=[soon]), hki(2026, 12, 4, 17, 1), DECIDED) == []  # Monday is late


def test_a_member_who_turned_decisions_off_gets_none_the_other_does():
    m = meeting(hki(2026, 12, 10, 13), approval="approved", approval_at=hki(2026, 12, 1, 10))
    state = pair(meetings=[m], actor_muted=[DECIDED])
    assert [c.recipient_id for c in due(state, hki(2026, 12, 1, 10), DECIDED)] == [MENTOR]


def test_a_move_after_the_decision_makes_the_old_message_unneeded():
    decided = meeting(hki(2026, 12, 10, 13), approval="approved", approval_at=hki(2026, 12, 1, 9))
    state = pair(meetings=[decided], approval_required=True)
    now = hki(2026, 12, 1, 10)
    key = due(state, now, DECIDED)[0].dedupe_key
    assert key in current_keys(state, now, SUPERVISORS)
    moved = pending(hki(2026, 12, 11, 13), id=decided.id, times_moved=1)
    moved_state = pair(meetings=[moved], approval_required=True)
    keys = current_keys(moved_state, now, SUPERVISORS)
    assert key not in keys
    assert f"approval_waiting:{decided.id}:1:{SUPERVISOR}" in keys
