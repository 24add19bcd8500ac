"""Tunables of the reminders, read at call time (tests may override them).

Every value has a production default; set ``REMINDER_<NAME>`` in Django settings or in the
environment to change it (settings win): ``conf.claim_lease_seconds()`` reads
``REMINDER_CLAIM_LEASE_SECONDS``. Each value is looked up once and cached until a test
changes a setting.
"""

import environ
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_env = environ.Env()


_cache: dict = {}


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _cache.clear()


def _get(name: str, default):
    """The value, looked up once (the sweep asks thousands of times per batch)."""
    try:
        return _cache[name]
    except KeyError:
        pass
    key = f"REMINDER_{name}"
    if hasattr(settings, key):
        value = getattr(settings, key)
    elif key not in _env.ENVIRON:
        value = default
    elif isinstance(default, bool):
        value = _env.bool(key)
    elif isinstance(default, tuple):
        value = tuple(int(v) for v in _env.list(key))
    else:
        value = type(default)(_env.str(key))
    _cache[name] = value
    return value


def respect_working_hours() -> bool:
    """Off only for the service tests that run a real worker at any hour."""
    return bool(_get("RESPECT_WORKING_HOURS", True))


def working_hours() -> tuple[int, int]:
    return tuple(_get("WORKING_HOURS", (8, 16)))


def claim_lease_seconds() -> int:
    """How long a claimed reminder is left to its worker before another may retake it.
    Longer than a render + SMTP conversation (EMAIL_TIMEOUT is 20 s per step), so that a
    retake rarely has to wait; a shorter lease cannot send twice (see docs/reminders.md)."""
    return int(_get("CLAIM_LEASE_SECONDS", 300))


def requeue_after_seconds() -> int:
    """A pending reminder queued this long ago and still not sent is queued again."""
    return int(_get("REQUEUE_AFTER_SECONDS", 600))


def max_attempts() -> int:
    return int(_get("MAX_ATTEMPTS", 8))


def retry_base_seconds() -> float:
    """Backoff after the n-th failed try: base * 2**(n-1), at most retry_max_seconds()."""
    return float(_get("RETRY_BASE_SECONDS", 60))


def retry_max_seconds() -> float:
    return float(_get("RETRY_MAX_SECONDS", 3600))


def send_chunk() -> int:
    """Reminders per send task: one SMTP connection serves the whole chunk."""
    return int(_get("SEND_CHUNK", 20))


def sweep_batch() -> int:
    return int(_get("SWEEP_BATCH", 1000))


def queue_limit() -> int:
    """At most this many reminders are queued by one sweep; the next sweep takes the rest."""
    return int(_get("QUEUE_LIMIT", 20000))


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
    return int(_get("EVALUATION_NOTICE_DAYS", 14))


def published_lookback_days() -> int:
    """The sweep sends a missed introduction for pairs published at most this long ago."""
    return int(_get("PUBLISHED_LOOKBACK_DAYS", 7))


def decided_lookback_days() -> int:
    """A supervisor's decision on a meeting time is told to the pair if made at most this
    long ago (older ones are not news; e.g. when the kind is first turned on)."""
    return int(_get("DECIDED_LOOKBACK_DAYS", 7))
