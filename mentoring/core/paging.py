"""Long lists a page at a time, with a search by name: an organisation admin's lists of
programmes grow with the organisation (2,000 at a county), so a page shows PER_PAGE of them
and the count, never all (issue 13). Two queries whatever the length: the count and the page.

25 a page: on a phone a programme or unit takes three or four lines, so 25 rows are already
several screens, and a county's admin finds one by its name (the search) rather than by
paging through 40 or 80 pages alike. With 50, a county's page still cost 1.2–1.5× a single
unit's page of one or two rows even with the rows made cheap (``core.rows``); with 25 three
of the five admin pages are within 1.3× (``benchmark_pages``), the organisation report and
the programme list at 1.2–1.5 (README, *Scale*).
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from .limits import SEARCH_LENGTH

PER_PAGE = 25


@dataclass
class Listing:
    page: Page
    query: str  # the search as typed (trimmed), "" for none

    @property
    def items(self) -> list:
        return list(self.page.object_list)


def search_text(params) -> str:
    """The search words of a GET request, trimmed and cut to SEARCH_LENGTH."""
    return (params.get("q") or "").strip()[:SEARCH_LENGTH]


def listing(
    params, queryset: QuerySet, *, field: str = "name", per_page: int = PER_PAGE
) -> Listing:
    """The page asked for in ``params`` (``page``, ``q``) of ``queryset``, searched by
    ``field``. A page number out of range or not a number gives the nearest page, never an
    error."""
    query = search_text(params)
    if query:
        queryset = queryset.filter(**{f"{field}__icontains": query})
    paginator = Paginator(queryset, per_page)
    return Listing(page=paginator.get_page(params.get("page")), query=query)
