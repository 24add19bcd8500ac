"""Cheap pieces for the rows of long lists (issue 13): an organisation admin's lists show a
full page of programmes or units at a county (``core.paging.PER_PAGE``) against one or two
at a single unit, so whatever a row costs is paid on every row. In a template, ``{% url %}`` costs about as much as the rest of a
row together (Django's ``reverse()`` matches the URL patterns each time), and the ``date``
filter and ``{% blocktranslate count %}`` a good part of the rest. These are done once per
page here, and a row only fills in its own values.
"""

import re
import uuid
from collections.abc import Callable
from datetime import date

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format

# Stands for the row's id in the one reverse() of a page: a UUID that no row has.
_MARK = str(uuid.UUID(int=0))


def row_link(viewname: str, kwarg: str) -> Callable[[object], str]:
    """The URL of ``viewname`` for each row: ``row_link("programmes:detail",
    "programme_id")(programme.pk)``. One ``reverse()`` for the page (with ``_MARK`` for the
    id), then string joins; the same URL as ``reverse()`` would give for a UUID id."""
    prefix, suffix = reverse(viewname, kwargs={kwarg: _MARK}).split(_MARK)
    return lambda pk: f"{prefix}{pk}{suffix}"


# The date format letters of a short date in digits, as str.format fields; any other letter
# goes through django.utils.dateformat.
_FIELDS = {"j": "{0.day}", "d": "{0.day:02}", "n": "{0.month}", "m": "{0.month:02}"}
_FIELDS["Y"] = "{0.year:04}"
_DIGITS_ONLY = re.compile(r"[jdnmY.\-/ ]+")


def date_text(format_name: str = "SHORT_DATE_FORMAT") -> Callable[[date], str]:
    """Formats dates (not datetimes) as the ``date`` filter does with ``format_name`` (a format setting or a
    format string such as ``"j.n.Y"``) in the active language, looked up once for the page.
    A date of digits and separators (Finnish ``j.n.Y``, Swedish ``Y-m-d``) is one
    ``str.format``; any other format is Django's own formatting."""
    fmt = get_format(format_name)
    if not _DIGITS_ONLY.fullmatch(fmt):
        return lambda value: dateformat.format(value, fmt) if value else ""
    template = "".join(_FIELDS.get(c, c) for c in fmt)
    return lambda value: template.format(value) if value else ""


class Counted:
    """A count's text (``ngettext``) for a page's rows, made once per number: the same few
    counts recur down a list."""

    def __init__(self, render: Callable[[int], str]):
        self._render = render
        self._texts: dict[int, str] = {}

    def __call__(self, n: int) -> str:
        text = self._texts.get(n)
        if text is None:
            text = self._texts[n] = self._render(n)
        return text
