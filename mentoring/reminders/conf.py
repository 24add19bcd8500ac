"""Tunables of sending reminders, read at call time (tests may override them).

Every value has a production default; set ``REMINDER_<NAME>`` in Django settings or in the
environment to change it (settings win): ``conf.claim_lease_seconds()`` reads
``REMINDER_CLAIM_LEASE_SECONDS``. When a reminder is due is the path's business
(``mentoring.path.conf``); working hours are core's (``mentoring.core.working_time``).
"""

from mentoring.core.tunables import tunable


def _get(name: str, default):
    return tunable(f"REMINDER_{name}", default)


def claim_lease_seconds() -> int:
    """How long a claimed reminder is left to its worker before another may retake it.
    Short, so that the rows of a worker killed after claiming them go out again at the next
    sweep: a message in the middle of its SMTP conversation is not retaken however long the
    server takes (its transaction locks the row and claims skip locked rows), and a retaken
    claim cannot send twice (see docs/reminders.md)."""
    return int(_get("CLAIM_LEASE_SECONDS", 60))


def requeue_after_seconds() -> int:
    """A pending reminder queued this long ago and still not sent is queued again. Shorter
    than the sweep's interval (5 minutes), so that whatever a lost task, an emptied broker
    or a dead worker held goes out again within one sweep interval of the fault ending."""
    return int(_get("REQUEUE_AFTER_SECONDS", 240))


def max_attempts() -> int:
    return int(_get("MAX_ATTEMPTS", 8))


def retry_base_seconds() -> float:
    """Backoff after the n-th failed try: base * 2**(n-1), at most retry_max_seconds()."""
    return float(_get("RETRY_BASE_SECONDS", 60))


def retry_max_seconds() -> float:
    return float(_get("RETRY_MAX_SECONDS", 3600))


def send_chunk() -> int:
    """Reminders per send task: one claim, one read of what they need and one SMTP connection
    serve the whole chunk. 50 rather than 20: the chunk's fixed cost per email fell from
    about 3.5 to 1.4 ms (``benchmark_reminders``), and 50 messages still go out well within
    the claim's lease (60 s) unless the server takes over a second for each, in which case a
    retaken row is sent once by its new claimant and skipped by the old (``sending.py``)."""
    return int(_get("SEND_CHUNK", 50))


def recheck_hours() -> float:
    """The sweep looks at every running pair at least this often, even if its path says
    nothing changes by the clock before then: a safety net for changes that reach the
    pair's reminders without a service of its own (a new supervisor, a programme's terms)."""
    return float(_get("RECHECK_HOURS", 24))


def sweep_batch() -> int:
    return int(_get("SWEEP_BATCH", 1000))


def queue_limit() -> int:
    """At most this many reminders are queued by one sweep; the next sweep takes the rest."""
    return int(_get("QUEUE_LIMIT", 20000))


def breaker_recipients() -> int:
    """This many different recipients refused for good (5xx) within
    ``breaker_window_seconds`` pause sending: the mail server is at fault, not them."""
    return int(_get("BREAKER_RECIPIENTS", 5))


def breaker_window_seconds() -> float:
    return float(_get("BREAKER_WINDOW_SECONDS", 120))


def breaker_pause_seconds() -> float:
    """How long sending pauses before one message probes the mail server again."""
    return float(_get("BREAKER_PAUSE_SECONDS", 60))
