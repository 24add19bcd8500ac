"""What is due when: the rules of every kind on pair snapshots, at frozen moments.

2026-12-04 is a Friday; 2026-12-07 a Monday; 24–26 December are holidays.
"""

import datetime as dt

from mentoring.path.state import assess
from mentoring.reminders.due import attention_reasons, current_keys, pair_candidates
from tests.path.snapshots import (
    ACTOR,
    MENTOR,
    SUPERVISOR,
    SUPERVISORS,
    agreement,
    hki,
    meeting,
    pair,
)


def due(state, now, kind=None, supervisors=None):
    found = pair_candidates(state, now, supervisors)
    return [c for c in found if kind is None or c.kind == kind]


# --- pair published ---------------------------------------------------------------------------


def test_published_pair_introductions_go_to_both_members_at_once_in_working_time():
    state = pair(status="published", published=hki(2026, 12, 1, 10))
    found = due(state, hki(2026, 12, 1, 10, 5), "pair_published")
    assert {c.recipient_id for c in found} == {MENTOR, ACTOR}
    assert all(c.due_at == hki(2026, 12, 1, 10, 5) for c in found)
    assert found[0].dedupe_key == f"pair_published:{state.id}:{found[0].recipient_id}"


def test_published_on_friday_evening_goes_out_on_monday_morning():
    state = pair(status="published", published=hki(2026, 12, 4, 17, 30))
    found = due(state, hki(2026, 12, 4, 17, 31), "pair_published")
    assert {c.due_at for c in found} == {hki(2026, 12, 7, 8)}


def test_old_or_active_pairs_get_no_introduction_from_the_sweep():
    old = pair(status="published", published=hki(2026, 11, 1, 10))
    assert due(old, hki(2026, 12, 1, 10), "pair_published") == []
    active = pair(status="active", published=hki(2026, 12, 1, 10))
    assert due(active, hki(2026, 12, 1, 11), "pair_published") == []


def test_concluded_and_draft_pairs_get_nothing():
    for status in ("draft", "concluded"):
        state = pair(status=status, meetings=[meeting(hki(2026, 12, 1, 10), status="held")])
        assert due(state, hki(2026, 12, 30, 10)) == []


# --- agreement pending ----------------------------------------------------------------------


def test_agreement_reminder_three_days_after_the_first_meeting():
    first = meeting(hki(2026, 12, 1, 9), kind="first", status="held")  # Tue, ends 10:00
    state = pair(status="published", published=hki(2026, 11, 1, 9), meetings=[first])
    assert due(state, hki(2026, 12, 4, 9, 59), "agreement_pending") == []
    found = due(state, hki(2026, 12, 4, 10), "agreement_pending")
    assert {c.recipient_id for c in found} == {MENTOR, ACTOR}
    assert {c.due_at for c in found} == {hki(2026, 12, 4, 10)}
    assert found[0].dedupe_key.startswith(f"agreement:{state.id}:v1:")


def test_agreement_reminder_falling_on_a_weekend_waits_for_monday():
    first = meeting(hki(2026, 12, 3, 14), kind="first", status="held")  # Thu 14–15
    state = pair(status="published", published=hki(2026, 11, 1, 9), meetings=[first])
    found = due(state, hki(2026, 12, 6, 15, 30), "agreement_pending")  # Sunday
    assert {c.due_at for c in found} == {hki(2026, 12, 7, 8)}


def test_agreement_reminder_goes_only_to_who_has_not_accepted_the_draft():
    first = meeting(hki(2026, 12, 1, 9), kind="first", status="held")
    draft = agreement(status="draft", created=hki(2026, 12, 1, 9, 30), mentor_ok=hki(2026, 12, 1))
    state = pair(status="published", meetings=[first], agreements=[draft])
    found = due(state, hki(2026, 12, 7, 9), "agreement_pending")
    assert [c.recipient_id for c in found] == [ACTOR]


def test_an_accepted_agreement_stops_the_reminder_and_an_amendment_starts_a_new_one():
    first = meeting(hki(2026, 11, 3, 9), kind="first", status="held")
    v1 = agreement(created=hki(2026, 11, 3, 9, 30))
    state = pair(meetings=[first], agreements=[v1])
    assert due(state, hki(2026, 12, 7, 9), "agreement_pending") == []
    v2 = agreement(
        status="draft", version=2, created=hki(2026, 12, 1, 12), actor_ok=hki(2026, 12, 1)
    )
    state = pair(meetings=[first], agreements=[v1, v2])
    assert due(state, hki(2026, 12, 4, 11), "agreement_pending") == []
    found = due(state, hki(2026, 12, 4, 12), "agreement_pending")
    assert [c.recipient_id for c in found] == [MENTOR]
    assert ":v2:" in found[0].dedupe_key


def test_no_agreement_reminder_before_the_first_meeting():
    state = pair(status="published", meetings=[meeting(hki(2026, 12, 10, 9))])
    assert due(state, hki(2026, 12, 7, 9), "agreement_pending") == []


# --- upcoming meeting -----------------------------------------------------------------------


def test_upcoming_meeting_on_the_working_day_before_at_eight():
    m = meeting(hki(2026, 12, 8, 10))  # Tuesday
    state = pair(meetings=[m])
    assert due(state, hki(2026, 12, 7, 7, 59), "upcoming_meeting") == []
    found = due(state, hki(2026, 12, 7, 8), "upcoming_meeting")
    assert {c.recipient_id for c in found} == {MENTOR, ACTOR}
    assert {c.meeting_id for c in found} == {m.id}
    assert {c.due_at for c in found} == {hki(2026, 12, 7, 8)}


def test_monday_meeting_is_announced_on_friday():
    state = pair(meetings=[meeting(hki(2026, 12, 7, 10))])
    assert due(state, hki(2026, 12, 3, 15), "upcoming_meeting") == []
    assert len(due(state, hki(2026, 12, 4, 8, 1), "upcoming_meeting")) == 2


def test_meeting_after_easter_is_announced_before_the_holidays():
    state = pair(meetings=[meeting(hki(2026, 4, 7, 10))])  # Tuesday after Easter Monday
    assert len(due(state, hki(2026, 4, 2, 8), "upcoming_meeting")) == 2  # Maundy Thursday
    assert due(state, hki(2026, 4, 1, 15), "upcoming_meeting") == []


def test_meeting_after_the_spring_dst_change_is_announced_at_eight_local_time():
    state = pair(meetings=[meeting(hki(2026, 3, 30, 10))])  # Monday after the change
    found = due(state, hki(2026, 3, 27, 8), "upcoming_meeting")
    assert {c.due_at for c in found} == {hki(2026, 3, 27, 8)}
    assert found[0].due_at.utcoffset() == dt.timedelta(hours=2)


def test_meeting_booked_at_the_weekend_for_monday_goes_out_monday_morning_if_still_useful():
    later = pair(meetings=[meeting(hki(2026, 12, 7, 9))])
    found = due(later, hki(2026, 12, 5, 12), "upcoming_meeting")
    assert {c.due_at for c in found} == {hki(2026, 12, 7, 8)}
    at_eight = pair(meetings=[meeting(hki(2026, 12, 7, 8))])
    assert due(at_eight, hki(2026, 12, 5, 12), "upcoming_meeting") == []


def test_moving_a_meeting_makes_a_new_reminder_and_declined_or_past_ones_get_none():
    m = meeting(hki(2026, 12, 8, 10))
    moved = meeting(hki(2026, 12, 9, 10))
    moved = type(m)(m.id, m.kind, m.status, moved.starts_at, moved.ends_at, m.approval)
    k1 = due(pair(meetings=[m]), hki(2026, 12, 7, 9), "upcoming_meeting")[0].dedupe_key
    k2 = due(pair(meetings=[moved]), hki(2026, 12, 8, 9), "upcoming_meeting")[0].dedupe_key
    assert k1 != k2
    declined = pair(meetings=[meeting(hki(2026, 12, 8, 10), approval="declined")])
    assert due(declined, hki(2026, 12, 7, 9), "upcoming_meeting") == []
    assert due(pair(meetings=[m]), hki(2026, 12, 8, 10, 1), "upcoming_meeting") == []


# --- meeting to log -------------------------------------------------------------------------


def test_meeting_to_log_two_hours_after_its_end_in_working_time():
    m = meeting(hki(2026, 12, 1, 10))  # ends 11:00
    state = pair(meetings=[m])
    assert due(state, hki(2026, 12, 1, 12, 59), "meeting_to_log") == []
    found = due(state, hki(2026, 12, 1, 13), "meeting_to_log")
    assert {c.due_at for c in found} == {hki(2026, 12, 1, 13)}
    assert found[0].dedupe_key == f"to_log:{m.id}:{found[0].recipient_id}"


def test_friday_afternoon_meeting_to_log_waits_for_monday():
    state = pair(meetings=[meeting(hki(2026, 12, 4, 14))])  # ends 15:00 → 17:00
    found = due(state, hki(2026, 12, 4, 17, 5), "meeting_to_log")
    assert {c.due_at for c in found} == {hki(2026, 12, 7, 8)}


def test_logged_cancelled_or_old_meetings_need_no_log_reminder():
    now = hki(2026, 12, 7, 9)
    for m in (
        meeting(hki(2026, 12, 1, 10), status="held"),
        meeting(hki(2026, 12, 1, 10), status="cancelled"),
        meeting(hki(2026, 10, 1, 10)),  # longer ago than the lookback
    ):
        assert due(pair(meetings=[m]), now, "meeting_to_log") == []


# --- book the next meeting ------------------------------------------------------------------


def test_book_next_once_per_agreed_cadence_then_the_supervisor_hears_of_it():
    last = hki(2026, 11, 2, 10)  # Monday
    state = pair(meetings=[meeting(last, status="held")], agreements=[agreement(cadence=14)])
    assert due(state, hki(2026, 11, 16, 9, 59), "book_next", SUPERVISORS) == []
    first = due(state, hki(2026, 11, 16, 10), "book_next", SUPERVISORS)
    assert {c.recipient_id for c in first} == {MENTOR, ACTOR}
    assert first[0].payload == {"misses": 1, "first": False}
    assert due(state, hki(2026, 11, 20, 10), "book_next_supervisor", SUPERVISORS) == []
    second = due(state, hki(2026, 11, 30, 10), "book_next", SUPERVISORS)
    assert second[0].dedupe_key != first[0].dedupe_key
    sup = due(state, hki(2026, 11, 30, 10), "book_next_supervisor", SUPERVISORS)
    assert [c.recipient_id for c in sup] == [SUPERVISOR]
    later = due(state, hki(2026, 12, 14, 10), "book_next_supervisor", SUPERVISORS)
    assert later[0].dedupe_key == sup[0].dedupe_key  # the supervisor hears once per gap


def test_book_next_uses_the_programme_cadence_without_an_agreement():
    state = pair(meetings=[meeting(hki(2026, 11, 2, 10), status="held")], cadence_max=21)
    assert due(state, hki(2026, 11, 20, 10), "book_next") == []
    assert len(due(state, hki(2026, 11, 23, 10), "book_next")) == 2


def test_a_booked_meeting_stops_book_next():
    state = pair(
        meetings=[
            meeting(hki(2026, 11, 2, 10), status="held"),
            meeting(hki(2026, 12, 20, 10)),
        ],
        agreements=[agreement(cadence=14)],
    )
    assert due(state, hki(2026, 12, 7, 10), "book_next", SUPERVISORS) == []


def test_a_published_pair_without_meetings_is_asked_to_book_the_first_one():
    state = pair(status="published", published=hki(2026, 11, 2, 10), cadence_max=21)
    found = due(state, hki(2026, 11, 23, 10), "book_next")
    assert found and found[0].payload["first"] is True


def test_book_next_stops_repeating_after_the_limit():
    state = pair(meetings=[meeting(hki(2026, 1, 5, 10), status="held")], agreements=[agreement()])
    found = due(state, hki(2026, 12, 7, 10), "book_next")
    assert {c.payload["misses"] for c in found} == {4}
    later = due(state, hki(2026, 12, 21, 10), "book_next")
    assert {c.dedupe_key for c in found} == {c.dedupe_key for c in later}


def test_book_next_due_on_christmas_eve_waits_for_the_next_working_day():
    state = pair(meetings=[meeting(hki(2026, 12, 10, 10), status="held")], agreements=[agreement()])
    found = due(state, hki(2026, 12, 24, 10), "book_next")
    assert {c.due_at for c in found} == {hki(2026, 12, 28, 8)}


# --- evaluation due -------------------------------------------------------------------------


def test_evaluation_due_when_the_planned_meetings_are_held():
    v1 = agreement(created=hki(2026, 9, 1, 9), planned=3)
    held = [meeting(hki(2026, m, 2, 10), status="held") for m in (9, 10, 11)]
    state = pair(meetings=held[:2], agreements=[v1])
    assert due(state, hki(2026, 11, 3, 10), "evaluation_due") == []
    state = pair(meetings=held, agreements=[v1])
    found = due(state, hki(2026, 11, 2, 11, 30), "evaluation_due")
    assert {c.recipient_id for c in found} == {MENTOR, ACTOR}
    assert {c.due_at for c in found} == {hki(2026, 11, 2, 11, 30)}


def test_evaluation_due_two_weeks_before_the_evaluation_date():
    v1 = agreement(created=hki(2026, 9, 1, 9), planned=None, evaluation_date=dt.date(2026, 12, 21))
    state = pair(agreements=[v1], programme_planned=None)
    assert due(state, hki(2026, 12, 7, 7, 59), "evaluation_due") == []
    assert len(due(state, hki(2026, 12, 7, 8), "evaluation_due")) == 2


def test_a_booked_or_held_evaluation_meeting_stops_the_reminder():
    v1 = agreement(created=hki(2026, 9, 1, 9), planned=1)
    held = meeting(hki(2026, 9, 2, 10), status="held")
    booked = meeting(hki(2026, 12, 20, 10), kind="evaluation")
    assert due(pair(meetings=[held, booked], agreements=[v1]), hki(2026, 12, 7, 9)) == []
    done = meeting(hki(2026, 10, 2, 10), kind="evaluation", status="held")
    assert (
        due(pair(meetings=[held, done], agreements=[v1]), hki(2026, 12, 7, 9), "evaluation_due")
        == []
    )


def test_continuing_with_a_new_agreement_counts_meetings_from_the_evaluation():
    v2 = agreement(version=2, created=hki(2026, 10, 2, 11), planned=2)
    meetings = [
        meeting(hki(2026, 9, 2, 10), status="held"),
        meeting(hki(2026, 10, 2, 10), kind="evaluation", status="held"),
        meeting(hki(2026, 10, 20, 10), status="held"),
    ]
    state = pair(meetings=meetings, agreements=[v2])
    assert due(state, hki(2026, 11, 2, 10), "evaluation_due") == []
    meetings.append(meeting(hki(2026, 11, 3, 10), status="held"))
    state = pair(meetings=meetings, agreements=[v2])
    assert len(due(state, hki(2026, 11, 3, 12), "evaluation_due")) == 2


# --- preferences ----------------------------------------------------------------------------


def test_muted_optional_kinds_are_not_due_but_essentials_are():
    state = pair(
        status="published",
        published=hki(2026, 11, 30, 9),
        meetings=[meeting(hki(2026, 12, 1, 10)), meeting(hki(2026, 12, 8, 10))],
        actor_muted=["meeting_to_log", "upcoming_meeting", "pair_published"],
    )
    now = hki(2026, 12, 7, 9)
    assert {c.recipient_id for c in due(state, now, "meeting_to_log")} == {MENTOR}
    assert {c.recipient_id for c in due(state, now, "upcoming_meeting")} == {MENTOR, ACTOR}
    assert {c.recipient_id for c in due(state, now, "pair_published")} == {MENTOR, ACTOR}


def test_inactive_users_get_nothing():
    state = pair(status="published", published=hki(2026, 12, 1, 9), actor_active=False)
    assert {c.recipient_id for c in due(state, hki(2026, 12, 1, 10))} == {MENTOR}


# --- digest and relevance -------------------------------------------------------------------


def test_attention_reasons_for_the_digest():
    state = pair(
        meetings=[meeting(hki(2026, 11, 2, 10)), meeting(hki(2026, 10, 1, 10), status="held")],
        agreements=[agreement(cadence=14)],
    )
    assert attention_reasons(assess(state, hki(2026, 11, 30, 9)).due) == ["book", "to_log"]
    assert (
        attention_reasons(
            assess(pair(meetings=[meeting(hki(2026, 12, 20, 10))]), hki(2026, 12, 7, 9)).due
        )
        == []
    )


def test_current_keys_match_the_candidates_regardless_of_preferences():
    state = pair(meetings=[meeting(hki(2026, 12, 1, 10))], actor_muted=["meeting_to_log"])
    now = hki(2026, 12, 7, 9)
    keys = current_keys(state, now)
    assert {c.dedupe_key for c in due(state, now)} < keys
    assert any(k.endswith(f":{ACTOR}") and k.startswith("to_log:") for k in keys)
