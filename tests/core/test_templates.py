"""Template source rules that Django does not enforce itself."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATE_DIRS = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]


def _templates():
    for directory in TEMPLATE_DIRS:
        yield from sorted(directory.rglob("*.html"))
        yield from sorted(directory.rglob("*.txt"))


def test_no_comment_tag_spans_lines():
    """``{# … #}`` works on one line only: one that spans lines is printed on the page
    (it was, on every pair page). Longer comments use {% comment %}."""
    opened_not_closed = re.compile(r"\{#(?:(?!#\}).)*$", re.MULTILINE)
    offenders = [
        f"{path.relative_to(path.parents[1])}:{source[: match.start()].count(chr(10)) + 1}"
        for path in _templates()
        for source in [path.read_text(encoding="utf-8")]
        for match in opened_not_closed.finditer(source)
    ]
    assert not offenders, offenders
