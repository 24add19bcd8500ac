"""The fault drill's report: one line per scenario and its verdict against "fault end →
drained ≤ one sweep interval + the no-fault drain". (The drill itself starts its own
PostgreSQL, Redis and Celery and takes minutes per scenario: it is run by hand.)"""

import pytest

from tools import fault_drill


def result(**changes):
    base = {
        "scenario": "redis",
        "due": 3600,
        "sent": 3600,
        "duplicated": 0,
        "lost": 0,
        "skipped": 0,
        "failed": 0,
        "total": 500.0,
        "after_fault": 350.0,
    }
    return {**base, **changes}


def test_a_scenario_within_the_sweep_interval_and_the_no_fault_drain_meets_the_target():
    assert fault_drill.verdict(result(), baseline=120.0) == "meets ≤ 420 s"


def test_a_late_drain_or_a_lost_reminder_misses_it():
    assert fault_drill.verdict(result(after_fault=421.0), baseline=120.0).startswith("MISSES")
    assert fault_drill.verdict(result(lost=1), baseline=120.0).startswith("MISSES")
    assert fault_drill.verdict(result(after_fault=None, total=None), baseline=120.0) == (
        "NOT DRAINED within the timeout"
    )


def test_the_line_gives_the_counts_and_both_times():
    text = fault_drill.line(result(duplicated=2))
    assert text.startswith("redis")
    assert "due 3600, sent 3600, duplicated 2, lost 0" in text
    assert "start → drained 500 s, fault end → drained 350 s" in text


def test_an_unknown_scenario_is_refused():
    with pytest.raises(SystemExit):
        fault_drill.main(["--scenarios", "none,flood"])
