"""Celery tasks: thin wrappers that take ids, call a service and schedule retries."""

import logging

from celery import shared_task

from . import sending
from . import sweep as sweep_service

logger = logging.getLogger(__name__)


@shared_task(name="mentoring.reminders.tasks.sweep", ignore_result=True)
def sweep() -> dict:
    return sweep_service.reminders_sweep().as_dict()


@shared_task(name="mentoring.reminders.tasks.weekly_digest", ignore_result=True)
def weekly_digest() -> dict:
    """Monday's digest right on time; the regular sweep writes it later if this is missed."""
    return sweep_service.reminders_sweep(reminders=False).as_dict()


@shared_task(name="mentoring.reminders.tasks.send_reminders", ignore_result=True)
def send_reminders(ids: list[int]) -> dict:
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
