"""The hours export: a CSV a supervisor can open in Excel as it is.

UTF-8 with a byte-order mark (so Excel reads ä and ö right). The separator and the decimal
mark follow the language, as Excel does: Finnish and Swedish Excel split on ";" and write
"1,5"; English on "," and "1.5". Cells that a spreadsheet would run as a formula are quoted
with a leading apostrophe.
"""

import csv
import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .dashboard import HoursRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def hours_csv(rows: list[HoursRow], *, language: str | None = None) -> str:
    language = (language or get_language() or "en")[:2]
    delimiter, decimal = (",", ".") if language == "en" else (";", ",")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(
        [
            _("Person"),
            _("Email"),
            _("Unit"),
            _("Month"),
            _("Meetings held"),
            _("Minutes"),
            _("Hours"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                _cell(row.person),
                _cell(row.email),
                _cell(row.unit),
                row.month.strftime("%Y-%m"),
                row.meetings,
                row.minutes,
                str(row.hours).replace(".", decimal),
            ]
        )
    return "\ufeff" + out.getvalue()


def hours_csv_filename(programme) -> str:
    slug = slugify(programme.name) or "programme"
    return f"mentoring-hours-{slug}-{timezone.localdate():%Y-%m-%d}.csv"
