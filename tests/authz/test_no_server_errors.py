"""No input gives a 500: every route, as each kind of member, with GET and with POSTs of
nonsense in every commonly named field. Answers may be 200, 302, 400, 404 or 405: never an error.

``NONSENSE`` is malformed input; ``OUT_OF_RANGE`` is well-formed input far beyond any sensible
bound (numbers past 64 bits, days in the year 9999, texts of 100 000 characters), with the
other fields of a meeting's time valid, so that it reaches the arithmetic behind the forms."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
        ("server_url", "ftp://\x00"),
        ("client_id", "x" * 5000),
        ("email_domains", "not a domain, @"),
    ]
}
HUGE = "9223372036854775808"  # 2**63: past every integer column and timedelta
FAR = "9999-12-31"
LONG = "x" * 100_000
OUT_OF_RANGE = {
    "date": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    "start_time": "10:00",
    "minutes": HUGE,
    "place": LONG,
    "kind": "regular",
    "held_minutes": HUGE,
    "capacity": HUGE,
    "experience_years": HUGE,
    "cadence_days": HUGE,
    "planned_meetings": HUGE,
    "meeting_minutes_min": HUGE,
    "meeting_minutes_max": HUGE,
    "cadence_min_days": HUGE,
    "cadence_max_days": HUGE,
    "revision": HUGE,
    "version": HUGE,
    "learning": HUGE,
    "starts_on": "0001-01-01",
    "ends_on": FAR,
    "planned_until": FAR,
    "evaluation_date": FAR,
    "name": LONG,
    "description": LONG,
    "themes_text": LONG,
    "moving_practice": LONG,
    "confidentiality": LONG,
    "goal_1": LONG,
    "progress": LONG,
    "notes": LONG,
    "own_work": LONG,
    "unit_work": LONG,
    "new_goals": LONG,
    "reason": LONG,
    "comment": LONG,
    "phone": LONG,
    "job_title": LONG,
}
FAR_DAY = {**OUT_OF_RANGE, "date": FAR, "start_time": "23:30", "minutes": "60"}
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
            client.post(url, OUT_OF_RANGE),
            client.post(url, FAR_DAY),
        ):
            assert response.status_code < 500, (name, member, response.status_code)
