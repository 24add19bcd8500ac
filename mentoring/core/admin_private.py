"""The Django admin never filters by a private field, not even through a typed-in URL.

Hiding ``core.private.PRIVATE_FIELDS`` from lists, filters and pages is not enough: the
changelist accepts lookups from the query string (``?notes__icontains=a``), and a list that
shrinks or not would tell staff, letter by letter, what a pair wrote. Every project ModelAdmin
mixes this in, so a lookup that ends on or passes through a private field is refused (Django
answers it with a 400) before any query runs.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from .private import private_fields


def lookup_reaches_private(model, lookup: str) -> bool:
    """Whether a lookup like ``meeting__log__notes__icontains`` names a private field of the
    model it starts on or of any model it passes through on the way."""
    for part in lookup.split(LOOKUP_SEP):
        if model is None:
            return False
        if part in private_fields(model._meta.label):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform or a lookup (icontains, year, …): the path ended
        if not field.is_relation:
            return False
        model = field.related_model
    return False


class PrivateLookupsRefused:
    """For every project ModelAdmin: no lookup reaches a private field."""

    def lookup_allowed(self, lookup, value, request=None):
        if lookup_reaches_private(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)
