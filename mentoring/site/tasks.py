"""Celery tasks of the top floor: thin wrappers around a service."""

from celery import shared_task

from .retention import retention_run


@shared_task(name="mentoring.site.tasks.retention", ignore_result=True)
def retention() -> dict:
    """The nightly removal of personal data kept long enough (see site/retention.py)."""
    return retention_run().as_dict()
