"""Celery tasks of the evaluations part: thin wrappers around a service."""

from celery import shared_task

from .figures import programme_figures_recompute_all


@shared_task(name="mentoring.evaluations.tasks.recount_programmes", ignore_result=True)
def recount_programmes() -> int:
    """Nightly: every programme's figures again, for data written outside the services."""
    return programme_figures_recompute_all()
