"""The pieces of a long list's rows made once per page (mentoring.core.rows) give what the
template tags they replace would give: the same URL as reverse(), the same date as the date
filter in each language, the same count text."""

import uuid
from datetime import date

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from mentoring.core.rows import Counted, date_text, row_link


@pytest.mark.parametrize(
    ("viewname", "kwarg"),
    [
        ("programmes:detail", "programme_id"),
        ("evaluations:report", "programme_id"),
        ("units:unit_detail", "unit_id"),
    ],
)
def test_a_row_link_is_the_url_reverse_gives(viewname, kwarg):
    link = row_link(viewname, kwarg)
    for pk in (uuid.uuid4(), uuid.uuid4()):
        assert link(pk) == reverse(viewname, kwargs={kwarg: pk})


DAYS = [date(2026, 1, 5), date(2026, 12, 31), date(999, 2, 3)]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("fmt", ["SHORT_DATE_FORMAT", "j.n.Y", "DATE_FORMAT", "D j.n.Y", "y-m-d"])
def test_a_date_text_is_what_the_date_filter_shows(language, fmt):
    with translation.override(language):
        day = date_text(fmt)
        for value in DAYS:
            assert day(value) == date_filter(value, fmt)
        assert day(None) == ""


def test_a_count_text_is_made_once_per_number():
    made = []

    def render(n):
        made.append(n)
        return ngettext("%(count)s worker", "%(count)s workers", n) % {"count": n}

    workers = Counted(render)
    assert [workers(n) for n in (1, 3, 1, 3, 0)] == [
        "1 worker",
        "3 workers",
        "1 worker",
        "3 workers",
        "0 workers",
    ]
    assert made == [1, 3, 0]
