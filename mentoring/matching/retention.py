"""Retention of suggestion runs (GDPR art. 5(1)(e)): a run's result names people whose
locks it dropped, and it is only a note for the supervisor who waited for it, so it goes
after a day (``site/retention.py`` holds the period); accepting the suggestions removes
the programme's finished runs at once."""

from mentoring.core.batches import delete_in_batches

from .models import SuggestionRun


def suggestion_runs_delete_before(*, before, batch_size: int = 500) -> int:
    """Delete runs started before the moment; the number deleted (0 when run again)."""
    return delete_in_batches(
        SuggestionRun.objects.filter(created_at__lt=before), batch_size=batch_size
    )
