"""The doorbell: the task that sends reminders, and handing reminder rows to it.

The send task lives here, not in ``tasks.py`` with the sweep's tasks: the sweep queues sends,
so a send task next to the sweep task would make the modules import each other. ``tasks.py``
re-exports it under its registered name, ``mentoring.reminders.tasks.send_reminders``.
"""

import datetime as dt
import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from . import conf, sending, stopping
from .models import Reminder

logger = logging.getLogger(__name__)


@shared_task(
    name="mentoring.reminders.tasks.send_reminders",
    ignore_result=True,
    # The database out of reach (restarting, failing over): the task tries again, at most
    # 15, 30, 60, then 120 s later (a random wait up to that), 16 times (about a quarter of
    # an hour, half an hour at most) instead of being done with, so its reminders go out
    # soon after the database is back, not at the next sweep's requeue (4–9 minutes later).
    # A second try is harmless: rows are claimed.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=15,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=16,
)
def send_reminders(ids: list[int]) -> dict:
    with stopping.sending():  # told to stop, the worker finishes the message in flight
        outcome = sending.reminders_send(ids=ids)
    for delay, retry_ids in outcome.retry.items():
        try:
            # A second of slack: the row becomes claimable at next_try_at, not before.
            send_reminders.apply_async((retry_ids,), countdown=delay + 1, retry=False)
        except Exception:
            logger.warning("could not queue a retry; the sweep will pick it up")
    return {
        "sent": len(outcome.sent),
        "skipped": len(outcome.skipped),
        "failed": len(outcome.failed),
        "busy": len(outcome.busy),
        "retry": sum(len(v) for v in outcome.retry.values()),
        "deferred": len(outcome.deferred),
    }


_FAIL_FAST = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def reminders_queue(*, ids: list[int], now: dt.datetime | None = None) -> int:
    """Ring the doorbell: hand these reminders to send tasks, ``SEND_CHUNK`` per task.

    Never raises because the broker is down: the error is logged, the rows stay pending
    with no ``queued_at``, and the next sweep queues them again. A web request that
    queued reminders after its commit therefore still answers normally.
    """
    if not ids:
        return 0
    app = send_reminders.app
    now = now or timezone.now()
    for start in range(0, len(ids), 1000):
        Reminder.objects.filter(id__in=ids[start : start + 1000]).update(queued_at=now)
    size = conf.send_chunk()
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    done = 0
    try:
        if app.conf.task_always_eager:  # tests and single-process runs: send right here
            for chunk in chunks:
                send_reminders.apply_async((chunk,))
                done += len(chunk)
        else:
            # A connection of our own that gives up quickly: kombu's default would retry
            # for ever and hang the web request that published a pair.
            with app.connection_for_write(transport_options=_FAIL_FAST) as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
                for chunk in chunks:
                    send_reminders.apply_async((chunk,), retry=False, connection=conn)
                    done += len(chunk)
    except Exception:  # the broker is down or refused us: the sweep will catch up
        logger.warning("could not queue %d reminders; the sweep will retry", len(ids) - done)
        left = ids[done:]
        for start in range(0, len(left), 1000):
            Reminder.objects.filter(id__in=left[start : start + 1000]).update(queued_at=None)
    return done


def queue_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: reminders_queue(ids=ids))
