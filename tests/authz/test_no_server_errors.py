"""No input gives a 500: every route, as each kind of member, with GET and with a POST of
nonsense in every commonly named field. Answers may be 200, 302, 400, 404 or 405: never an error."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.utils import sign_in

from .test_matrix import ROUTES
from .world import build_world

NONSENSE = {
    field: value
    for field, value in [
        ("name", "x" * 5000),
        ("email", "not an email"),
        ("starts_on", "31.2.2026"),
        ("ends_on", "yesterday"),
        ("date", "2026-13-45"),
        ("start", "25:99"),
        ("starts_at", "soon"),
        ("minutes", "-5"),
        ("duration", "a lot"),
        ("held_minutes", "99999999999"),
        ("capacity", "0"),
        ("role", "boss"),
        ("mentor", "not-a-uuid"),
        ("actor", "00000000-0000-0000-0000-000000000000"),
        ("language", "xx"),
        ("kind", "party"),
        ("decision", "maybe"),
        ("learning", "6"),
        ("revision", "-1"),
        ("version", "abc"),
        ("cadence_days", "1000"),
        ("evaluation_date", "1999-01-01"),
        ("goals", "\x00"),
        ("reason", ""),
        ("comment", "<script>alert(1)</script>"),
        ("shifts", "moon"),
        ("themes", "not-an-id"),
        ("units", "nope"),
        ("month", "2026-99"),
    ]
}
MEMBERS = ["mentor", "actor", "sup_a", "admin", "outsider"]


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_nonsense_never_gives_a_server_error(name, cast):
    world = build_world(cast)
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    for member in MEMBERS:
        client = Client(raise_request_exception=True)
        sign_in(client, world.user(member))
        for response in (
            client.get(url + "?month=2026-99&version=abc&format=zip"),
            client.post(url, NONSENSE),
        ):
            assert response.status_code < 500, (name, member, response.status_code)
