"""What a row of a programme list shows (the programme list and the home page), made once per
page and filled in per row, so a full page of programmes costs little more than a page of
two (issue 13; see ``mentoring.core.rows``)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.core.rows import Counted, date_text, row_link

from .models import Programme


def programme_rows(
    programmes: list[Programme],
    *,
    links: tuple[str, ...] = ("detail",),
    date_format: str = "SHORT_DATE_FORMAT",
    units: bool = False,
) -> list[Programme]:
    """Gives each programme (from ``with_signup_counts``) what its row shows:
    ``url_<name>`` for each of ``links`` (views of ``programmes`` taking ``programme_id``),
    ``dates`` ("1.9.2026–31.5.2027" in ``date_format``), ``signup_text``, ``counts_text``
    ("3 mentors, 4 actors") and with ``units`` (prefetched as ``unit_list``) ``unit_names``. Returns the
    same list."""
    if not programmes:
        return programmes
    urls = {name: row_link(f"programmes:{name}", "programme_id") for name in links}
    day = date_text(date_format)
    open_text, closed_text = _("sign-up open"), _("sign-up closed")
    mentors = Counted(
        lambda n: ngettext("%(counter)s mentor", "%(counter)s mentors", n) % {"counter": n}
    )
    actors = Counted(
        lambda n: ngettext("%(counter)s actor", "%(counter)s actors", n) % {"counter": n}
    )
    for programme in programmes:
        pk = programme.pk
        for name, url in urls.items():
            setattr(programme, f"url_{name}", url(pk))
        programme.dates = f"{day(programme.starts_on)}–{day(programme.ends_on)}"
        programme.signup_text = open_text if programme.signup_open else closed_text
        programme.counts_text = (
            f"{mentors(programme.mentor_count)}, {actors(programme.actor_count)}"
        )
        if units:
            programme.unit_names = ", ".join(unit.name for unit in programme.unit_list)
    return programmes
