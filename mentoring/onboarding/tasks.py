"""Celery tasks of the onboarding part: thin wrappers around a service."""

from celery import shared_task

from .services import staff_import_send_invitations


@shared_task(name="mentoring.onboarding.tasks.send_invitations", ignore_result=True)
def send_invitations(batch_id: str) -> None:
    """Send a confirmed import's invitations, a step at a time (each step commits, so the
    progress page moves and a task started again goes on where the last one stopped)."""
    while not staff_import_send_invitations(batch_id=batch_id):
        pass
