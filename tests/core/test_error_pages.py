"""Error pages with DEBUG off: the app's own look, in the visitor's language."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults


@pytest.mark.django_db
def test_an_unknown_address_answers_the_apps_404_in_finnish(client, settings):
    settings.DEBUG = False
    response = client.get("/ei-tallaista/", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="fi">' in body
    assert "<title>Sivua ei löydy · Mentorpolku</title>" in body
    assert "css/app.css" in body and 'class="navbar-brand' in body


def test_the_500_page_renders_without_a_request_or_the_database():
    # No django_db mark: pytest-django refuses any query, so this proves the page needs none.
    with translation.override("sv"):
        response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="sv">' in body and "Något gick fel" in body
    assert "css/app.css" in body


@pytest.mark.parametrize(
    "view, exception, status, heading",
    [
        (defaults.page_not_found, Http404(), 404, "Page not found"),
        (defaults.permission_denied, PermissionDenied(), 403, "No access"),
        (defaults.bad_request, SuspiciousOperation(), 400, "Bad request"),
    ],
)
def test_each_error_page_is_the_apps_own(view, exception, status, heading):
    with translation.override("en"):
        response = view(RequestFactory().get("/"), exception)
    assert response.status_code == status
    body = response.content.decode()
    assert f"<h1>{heading}</h1>" in body and "Mentorpolku" in body
