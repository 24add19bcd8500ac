"""Celery tasks: thin wrappers that take ids and call a service."""

from celery import shared_task


@shared_task(name="mentoring.matching.tasks.suggestions_run", ignore_result=True)
def suggestions_run(run_id: str) -> None:
    # Late: runs.py queues this task, so it imports this module.
    from .runs import suggestions_run_perform

    suggestions_run_perform(run_id=run_id)
