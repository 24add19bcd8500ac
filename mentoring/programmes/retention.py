"""Retention of requests to take part (GDPR art. 5(1)(e)): a name and an email address from
someone without an account, kept only while a supervisor needs them."""

from django.db.models import Q

from mentoring.core.batches import delete_in_batches

from .models import ParticipationRequest


def participation_requests_delete_before(*, handled_before, made_before) -> int:
    """Delete requests handled (invited or declined) before ``handled_before``, and requests
    nobody handled made before ``made_before``. The number deleted (0 when run again)."""
    pending = ParticipationRequest.State.PENDING
    old = Q(handled_at__lt=handled_before) | Q(state=pending, created_at__lt=made_before)
    return delete_in_batches(ParticipationRequest.objects.filter(old))
