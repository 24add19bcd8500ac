"""The browser title: the page's own title, a separator, the site's name."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests import factories as f


@pytest.mark.django_db
def test_a_page_title_is_followed_by_a_separator_and_the_site_name(cast):
    body = cast.client("worker_a").get(reverse("site:home")).content.decode()
    assert "<title>Home · Mentorpolku</title>" in body


@pytest.mark.django_db
def test_a_title_is_escaped_once(cast):
    programme = f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], name="Kevät & syksy"
    )
    body = cast.client("sup_a").get(reverse("pairs:dashboard", args=[programme.pk])).content
    title = body.decode().split("<title>")[1].split("</title>")[0]
    assert "Kevät &amp; syksy" in title and "&amp;amp;" not in title
    assert title.endswith(" · Mentorpolku")


def test_a_page_without_a_title_shows_only_the_site_name():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string("base.html", request=request)
    assert "<title>Mentorpolku</title>" in html
