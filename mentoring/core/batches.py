"""Changing or deleting many rows a batch at a time, so memory and locks stay small.

The rows are walked in primary-key order (keyset, never OFFSET): a run always ends, even if
a row still matches the filter after its change, and each batch is its own transaction, so
a run stopped halfway keeps what it did and the next run takes the rest.
"""

from django.db import models, transaction

BATCH_SIZE = 500


def _batches(queryset: models.QuerySet, batch_size: int):
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        ids = list(page.values_list("pk", flat=True)[:batch_size])
        if not ids:
            return
        last = ids[-1]
        yield ids


def update_in_batches(queryset: models.QuerySet, *, batch_size: int = BATCH_SIZE, **values) -> int:
    """``queryset.update(**values)`` a batch at a time; the number of rows changed."""
    changed = 0
    for ids in _batches(queryset, batch_size):
        with transaction.atomic():
            changed += queryset.model.objects.filter(pk__in=ids).update(**values)
    return changed


def delete_in_batches(queryset: models.QuerySet, *, batch_size: int = BATCH_SIZE) -> int:
    """``queryset.delete()`` a batch at a time; the number of the model's own rows deleted
    (rows removed with them by a cascade are not counted)."""
    deleted = 0
    label = queryset.model._meta.label
    for ids in _batches(queryset, batch_size):
        with transaction.atomic():
            _total, per_model = queryset.model.objects.filter(pk__in=ids).delete()
        deleted += per_model.get(label, 0)
    return deleted
