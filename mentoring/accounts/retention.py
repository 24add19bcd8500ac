"""Retention of invitations and sign-in records (GDPR art. 5(1)(e)): old rows are deleted.

Sign-in records are django-axes' tables: failed attempts (``AccessAttempt``, which also
drives the cool-off, and ``AccessFailureLog``) and the log of sign-ins and sign-outs
(``AccessLog``). Each holds an email address, an IP address and a browser's description.
The cool-off lasts minutes, so a record months old serves nobody.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q

from mentoring.core.batches import delete_in_batches

from .models import Invitation


def invitations_delete_closed_before(*, before, batch_size: int = 500) -> int:
    """Delete invitations accepted, withdrawn, or expired unused, before the moment; a
    pending one stays. The number deleted (0 when run again)."""
    closed = (
        Q(accepted_at__lt=before)
        | Q(accepted_at__isnull=True, withdrawn_at__lt=before)
        | Q(accepted_at__isnull=True, expires_at__lt=before)
    )
    return delete_in_batches(Invitation.objects.filter(closed), batch_size=batch_size)


def sign_in_records_delete_before(*, before, batch_size: int = 500) -> dict:
    """Delete failed sign-in attempts and sign-in log entries made before the moment."""
    return {
        model.__name__: delete_in_batches(
            model.objects.filter(attempt_time__lt=before), batch_size=batch_size
        )
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    }
