"""Every URL pattern of the project, for every member of the cast, has an expected answer."""

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import authz
from tests.utils import sign_in

from .world import MEMBERS, build_world


def _all_route_names(resolver=None, namespace: str = "") -> list[str]:
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "admin":  # Django's admin guards itself; see test_admin_is_for_staff_only
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            names.extend(_all_route_names(entry, prefix))
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>")
    return names


def _declared_routes() -> dict:
    routes = {}
    for info in pkgutil.iter_modules(authz.__path__):
        if info.name.startswith("routes_"):
            module = importlib.import_module(f"tests.authz.{info.name}")
            routes.update(module.ROUTES)
    return routes


ROUTES = _declared_routes()


def test_every_url_pattern_has_an_expected_answer():
    missing = sorted(set(_all_route_names()) - set(ROUTES))
    assert not missing, f"Routes without an entry in tests/authz/routes_*.py: {missing}"
    stale = sorted(set(ROUTES) - set(_all_route_names()))
    assert not stale, f"Entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_as_expected_for_every_member(name, cast):
    route = ROUTES[name]
    for member in MEMBERS:
        assert route.expected_for(member) is not None, f"{name}: no answer for {member}"
    world = build_world(cast)
    failures = []
    for member in MEMBERS:
        client = Client()
        user = world.user(member)
        if user is not None:
            sign_in(client, user)
        url = reverse(name, kwargs=route.kwargs(world)) + route.query
        if route.method == "post":
            response = client.post(url, route.data(world))
        else:
            response = client.get(url)
        expected = route.expected_for(member)
        if response.status_code != expected:
            failures.append(f"{member}: got {response.status_code}, expected {expected}")
        if member == "anon" and expected == 302 and route.expect.get("anon") == 302:
            location = response.headers.get("Location", "")
            if name not in ("set_language", "accounts:logout") and "login" not in location:
                failures.append(f"anon: redirected to {location}, not to the login page")
    assert not failures, f"{name}: " + "; ".join(failures)


@pytest.mark.django_db
def test_admin_is_for_staff_only(cast):
    client = cast.client("sup_a")
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
