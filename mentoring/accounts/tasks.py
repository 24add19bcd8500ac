"""Celery tasks of accounts: sending invitations made many at once."""

import logging

from celery import shared_task

from .services import invitations_send_waiting

logger = logging.getLogger(__name__)

# Invitations per task: a failing mail server holds back at most this many at a time.
CHUNK = 50


@shared_task(
    name="mentoring.accounts.tasks.send_invitations",
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=5,
)
def send_invitations(ids: list[int]) -> int:
    return invitations_send_waiting(ids=ids)


def queue_invitations(ids: list[int]) -> None:
    """Hand the invitations to send tasks. With the broker down they stay unsent: the lists
    show "not sent yet", and "Send again" sends one."""
    for start in range(0, len(ids), CHUNK):
        try:
            send_invitations.apply_async((ids[start : start + CHUNK],), retry=False)
        except Exception:
            logger.warning("could not queue %d invitations", len(ids) - start)
            return
