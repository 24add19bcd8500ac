"""The fixed cast every test can use.

An organisation with units A and B. ``admin`` is the organisation admin, ``sup_a`` and
``sup_b`` supervise A and B, ``worker_a`` and ``worker_b`` work in them, ``outsider`` belongs to
another organisation, and ``anon`` is nobody. All passwords are ``password-123``.
"""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests import factories as f
from tests.utils import sign_in
from units.models import Membership

pytest_plugins = ["tests.browser.harness", "tests.oidc_provider.fixture"]


def pytest_sessionstart(session):
    """With REQUIRE_SERVICES=1 (CI), a missing PostgreSQL or Redis fails the run at once
    instead of letting tests fall back or skip.

    TEST_CLOCK=2026-11-28T00:30+02:00 runs the suite as if it started then (the clock keeps
    running): for finding tests that fail only near midnight, a weekend or a DST change."""
    clock = os.environ.get("TEST_CLOCK")
    if clock:
        import datetime as dt

        import time_machine

        time_machine.travel(dt.datetime.fromisoformat(clock), tick=True).start()
    if os.environ.get("REQUIRE_SERVICES") != "1":
        return
    from tests.services import service_problems

    problems = service_problems()
    if problems:
        pytest.exit(
            "REQUIRE_SERVICES=1 but: " + "; ".join(problems),
            returncode=pytest.ExitCode.TESTS_FAILED,
        )


@dataclass
class Cast:
    organisation: object
    unit_a: object
    unit_b: object
    admin: object
    sup_a: object
    sup_b: object
    worker_a: object
    worker_a2: object
    worker_b: object
    outsider: object

    def client(self, who: str | None) -> Client:
        client = Client()
        if who and who != "anon":
            sign_in(client, getattr(self, who))
        return client


@pytest.fixture
def cast(db) -> Cast:
    org = f.OrganisationFactory(name="Testin hyvinvointialue")
    unit_a = f.UnitFactory(organisation=org, name="Yksikkö A")
    unit_b = f.UnitFactory(organisation=org, name="Yksikkö B")
    admin = f.UserFactory(email="admin@example.test", name="Aila Admin")
    f.OrganisationAdminFactory(user=admin, organisation=org)

    def member(email, name, unit, role, started=2015):
        user = f.UserFactory(email=email, name=name)
        f.MembershipFactory(user=user, unit=unit, role=role, started_in_field=started)
        return user

    other_unit = f.UnitFactory(name="Muu yksikkö")
    return Cast(
        organisation=org,
        unit_a=unit_a,
        unit_b=unit_b,
        admin=admin,
        sup_a=member("sup.a@example.test", "Saara Esihenkilö", unit_a, Membership.Role.SUPERVISOR),
        sup_b=member("sup.b@example.test", "Bertta Esihenkilö", unit_b, Membership.Role.SUPERVISOR),
        worker_a=member("worker.a@example.test", "Wille Työntekijä", unit_a, "worker", 2005),
        worker_a2=member("worker.a2@example.test", "Wilma Aloittaja", unit_a, "worker", 2024),
        worker_b=member("worker.b@example.test", "Veera Työntekijä", unit_b, "worker"),
        outsider=member("outsider@example.test", "Otto Ulkopuolinen", other_unit, "supervisor"),
    )


@pytest.fixture
def working_hours():
    """The clock on a Wednesday at 10:00 in Helsinki (and running), so that emails held for
    working hours (see mentoring.reminders.working_time) go out at once."""
    import datetime as dt
    import zoneinfo

    import time_machine

    moment = dt.datetime(2026, 12, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: allauth keeps its rate limits and spent TOTP
    codes there, and one test's failed logins must not count against the next."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _source_language():
    """Every test starts in the source language (English), whatever an earlier test or
    request activated in this thread, so no test depends on the order it runs in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
