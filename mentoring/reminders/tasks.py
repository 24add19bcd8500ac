"""Celery tasks: thin wrappers that take ids, call a service and schedule retries."""

from celery import shared_task

from . import sweep as sweep_service
from .queueing import send_reminders

# The worker finds tasks by importing this module; the send task is defined in queueing.py.
__all__ = ["send_reminders", "sweep", "weekly_digest"]


@shared_task(name="mentoring.reminders.tasks.sweep", ignore_result=True)
def sweep() -> dict:
    return sweep_service.reminders_sweep().as_dict()


@shared_task(name="mentoring.reminders.tasks.weekly_digest", ignore_result=True)
def weekly_digest() -> dict:
    """Monday's digest right on time; the regular sweep writes it later if this is missed."""
    return sweep_service.reminders_sweep(reminders=False).as_dict()
