"""Thin Celery tasks: take ids, load, call a service."""

import smtplib

from celery import shared_task

from .models import Pair
from .services import pair_send_introduction


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_introduction(pair_id: str, side: str) -> None:
    """Tell one member of a published pair about the other. An undone or unknown pair is
    skipped quietly: there is nobody to tell."""
    pair = (
        Pair.objects.select_related(
            "programme", "mentor__user", "mentor__unit", "actor__user", "actor__unit"
        )
        .exclude(status=Pair.Status.DRAFT)
        .filter(pk=pair_id)
        .first()
    )
    if pair is not None:
        pair_send_introduction(pair=pair, side=side)
