"""What a row of an organisation admin's long lists shows, as rendered: the rows are made
once per page in Python (``core.rows``, issue 13), so each page is checked for every value
its row promises, not only that the page answers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, translation

from mentoring.evaluations.figures import programme_figures_recompute_all
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    programme = f.ProgrammeFactory(
        organisation=cast.organisation,
        units=[cast.unit_a, cast.unit_b],
        name="Rivien ohjelma",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2027, 5, 31),
    )
    f.SignUpFactory(programme=programme, mentor=True)
    f.SignUpFactory(programme=programme, mentor=True)
    f.SignUpFactory(programme=programme)
    return programme


def _dates(response, programme) -> str:
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        day = [
            formats.date_format(d, "SHORT_DATE_FORMAT")
            for d in (programme.starts_on, programme.ends_on)
        ]
    return "–".join(day)


def test_a_programme_row_shows_its_link_dates_units_and_counts(cast, programme):
    response = cast.client("admin").get(reverse("programmes:list"), {"q": programme.name})
    html = response.content.decode()
    assert reverse("programmes:detail", args=[programme.pk]) in html
    assert "1.9.2026–31.5.2027" in html  # the list's own format in every language
    assert f"{cast.unit_a.name}, {cast.unit_b.name}" in html
    assert "2 mentors, 1 actor" in html


def test_a_report_row_shows_its_link_and_dates(cast, programme):
    response = cast.client("admin").get(reverse("evaluations:reports"), {"q": programme.name})
    html = response.content.decode()
    assert reverse("evaluations:report", args=[programme.pk]) in html
    assert _dates(response, programme) in html


def test_an_organisation_report_line_links_to_its_programme_report(cast, programme):
    programme_figures_recompute_all()  # the factories write outside the services
    url = reverse("evaluations:org_report", args=[cast.organisation.pk])
    html = cast.client("admin").get(url, {"q": programme.name}).content.decode()
    assert (
        f'<a href="{reverse("evaluations:report", args=[programme.pk])}">Rivien ohjelma</a>' in html
    )


def test_a_unit_row_shows_its_link_supervisors_and_workers(cast):
    url = reverse("units:organisation", args=[cast.organisation.pk])
    html = cast.client("admin").get(url).content.decode()
    assert reverse("units:unit_detail", args=[cast.unit_a.pk]) in html
    assert cast.sup_a.name in html and cast.sup_b.name in html
    assert "2 workers" in html  # Yksikkö A: worker_a and another (tests/site: the cast)
