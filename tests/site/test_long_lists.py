"""An organisation admin's lists of programmes come a page at a time with a search by name,
and the home page shows the newest few: a county has thousands (issue 13). The organisation
report's figures still count every programme."""

import pytest
from django.urls import reverse

from mentoring.core.paging import PER_PAGE
from mentoring.evaluations.figures import programme_figures_recompute_all
from mentoring.site.home import HOME_PROGRAMMES
from tests import factories as f

pytestmark = pytest.mark.django_db


def _programmes(cast, n, *, name="Ohjelma"):
    return [
        f.ProgrammeFactory(
            organisation=cast.organisation, units=[cast.unit_a], name=f"{name} {i:03d}"
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("route", ["programmes:list", "evaluations:reports"])
def test_the_programme_lists_come_a_page_at_a_time(cast, route):
    _programmes(cast, PER_PAGE + 3)
    client = cast.client("admin")

    first = client.get(reverse(route))
    second = client.get(reverse(route), {"page": 2})

    assert len(first.context["programmes"]) == PER_PAGE
    assert len(second.context["programmes"]) == 3
    assert f"{PER_PAGE + 3} found" in first.content.decode()
    assert "page 1 of 2" in first.content.decode() and "?page=2" in first.content.decode()


@pytest.mark.parametrize("route", ["programmes:list", "evaluations:reports"])
def test_a_search_finds_programmes_by_name(cast, route):
    _programmes(cast, 3)
    _programmes(cast, 2, name="Kotihoidon polku")

    response = cast.client("admin").get(reverse(route), {"q": "  kotihoidon "})

    names = [p.name for p in response.context["programmes"]]
    assert names == ["Kotihoidon polku 000", "Kotihoidon polku 001"]
    assert 'value="kotihoidon"' in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_a_page_out_of_range_gives_the_nearest_page(cast, page):
    _programmes(cast, PER_PAGE + 1)
    response = cast.client("admin").get(reverse("programmes:list"), {"page": page})
    assert response.status_code == 200 and response.context["programmes"]


def test_a_search_that_finds_nothing_says_so(cast):
    _programmes(cast, 2)
    response = cast.client("admin").get(reverse("programmes:list"), {"q": "ei löydy"})
    assert "No programme has that in its name." in response.content.decode()


def test_the_organisation_report_lists_a_page_but_counts_every_programme(cast):
    programmes = _programmes(cast, PER_PAGE + 2)
    oldest = min(programmes, key=lambda p: (p.starts_on, p.name))
    f.PairFactory(programme=oldest)  # on the last page
    programme_figures_recompute_all()  # the factory writes outside the services
    url = reverse("evaluations:org_report", args=[cast.organisation.pk])
    client = cast.client("admin")

    first = client.get(url).context["report"]
    searched = client.get(url, {"q": oldest.name}).context["report"]

    assert len(first.programmes) == PER_PAGE
    assert first.stages.formed == 1  # the organisation's figures: every programme
    assert [line.programme for line in searched.programmes] == [oldest]
    assert searched.programmes[0].stages.formed == 1


def test_the_admin_home_shows_the_newest_programmes_and_a_link_to_all(cast):
    _programmes(cast, HOME_PROGRAMMES + 2)

    response = cast.client("admin").get(reverse("site:home"))

    assert len(response.context["programmes"]) == HOME_PROGRAMMES
    assert "All programmes, with a search" in response.content.decode()


def test_a_supervisor_with_few_programmes_sees_them_all_without_the_link(cast):
    _programmes(cast, 2)
    response = cast.client("sup_a").get(reverse("site:home"))
    assert len(response.context["programmes"]) == 2
    assert "All programmes, with a search" not in response.content.decode()


def test_the_organisations_units_come_a_page_at_a_time_with_a_search(cast):
    for i in range(PER_PAGE + 1):
        f.UnitFactory(organisation=cast.organisation, name=f"Palvelutalo {i:03d}")
    url = reverse("units:organisation", args=[cast.organisation.pk])
    client = cast.client("admin")

    first = client.get(url)
    last = f"Palvelutalo {PER_PAGE:03d}"  # the last one, not on the first page
    searched = client.get(url, {"q": last.lower()})

    assert len(first.context["units"]) == PER_PAGE
    assert first.context["listing"].page.paginator.count == PER_PAGE + 3  # with cast's two
    assert [u.name for u in searched.context["units"]] == [last]
