"""Tunables of the path: when a situation calls for a message, and how long it stays news.

Read at call time, so tests may override them; the names keep their ``REMINDER_`` prefix
(settings or environment), as deployments already set them.
"""

from mentoring.core.tunables import tunable


def _get(name: str, default):
    return tunable(f"REMINDER_{name}", default)


def upcoming_working_days_before() -> int:
    return int(_get("UPCOMING_WORKING_DAYS_BEFORE", 1))


def agreement_after_days() -> int:
    return int(_get("AGREEMENT_AFTER_DAYS", 3))


def log_after_hours() -> int:
    return int(_get("LOG_AFTER_HOURS", 2))


def log_lookback_days() -> int:
    """Meetings that ended longer ago than this are not chased any more."""
    return int(_get("LOG_LOOKBACK_DAYS", 30))


def book_max_repeats() -> int:
    return int(_get("BOOK_MAX_REPEATS", 4))


def evaluation_notice_days() -> int:
    """The evaluation is due this many days before the agreed evaluation date (if the
    planned meetings have not made it due earlier)."""
    return int(_get("EVALUATION_NOTICE_DAYS", 14))


def published_lookback_days() -> int:
    """The sweep sends a missed introduction for pairs published at most this long ago."""
    return int(_get("PUBLISHED_LOOKBACK_DAYS", 7))


def decided_lookback_days() -> int:
    """A supervisor's decision on a meeting time is told to the pair if made at most this
    long ago (older ones are not news; e.g. when the kind is first turned on)."""
    return int(_get("DECIDED_LOOKBACK_DAYS", 7))
