"""Celery tasks: thin wrappers that take ids and call a service."""

from celery import shared_task

from .run_work import suggestions_run_perform


@shared_task(name="mentoring.matching.tasks.suggestions_run", ignore_result=True)
def suggestions_run(run_id: str) -> None:
    suggestions_run_perform(run_id=run_id)
