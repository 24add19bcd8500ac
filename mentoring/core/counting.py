"""Counts per row shown, as a subquery: a page of 50 rows counts for those 50, where a
``Count`` over a join would group every related row of the whole table first (issue 13)."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_per_row(rows: QuerySet, *, link: str) -> Coalesce:
    """How many of ``rows`` point at the outer row through ``link`` (a foreign key to it):
    an expression to ``annotate`` the outer queryset with, 0 where there are none."""
    counted = (
        rows.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
