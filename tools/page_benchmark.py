"""The page benchmark: the same pages of a small and a large generated organisation, through
Django's test client and the real middleware (issue 13).

The people are picked the same way in both organisations (the first unit's supervisor, a mentor
of its first programme, the organisation admin), and every unit of a generated organisation has
the same shape, so a page should cost the same in both: the ratio says how much it grows with
the rest of the organisation.
"""

import statistics
import time
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.accounts.signin.mfa import mark_mfa_verified
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme
from units.models import Membership, Organisation, OrganisationAdmin

from .organisation import NAME_PREFIX


@dataclass
class Cast:
    """Who opens the pages of one organisation, and what they open."""

    organisation: Organisation
    admin: object
    supervisor: object
    worker: object
    unit: object
    programme: Programme
    pair: Pair


def generated_organisations() -> list[Organisation]:
    return list(Organisation.objects.filter(name__startswith=NAME_PREFIX))


def people(organisation: Organisation) -> int:
    return int(organisation.name.removeprefix(NAME_PREFIX).strip())


def cast_of(organisation: Organisation, *, unit_index: int = 0) -> Cast:
    """The cast of the organisation's ``unit_index``-th unit (the load test takes a different
    unit for each simulated user, so that no two sign in as the same person)."""
    unit = organisation.units.order_by("name")[unit_index]
    programme = Programme.objects.filter(units=unit).order_by("name").first()
    pair = (
        Pair.objects.filter(programme=programme, status=Pair.Status.ACTIVE)
        .select_related("mentor__user")
        .order_by("mentor__user__email")
        .first()
    )
    return Cast(
        organisation=organisation,
        admin=OrganisationAdmin.objects.get(organisation=organisation).user,
        supervisor=Membership.objects.get(unit=unit, role=Membership.Role.SUPERVISOR).user,
        worker=pair.mentor.user,
        unit=unit,
        programme=programme,
        pair=pair,
    )


# (page, who opens it, the URL) for each main page.
def pages(cast: Cast) -> list[tuple[str, object, str]]:
    p, pair, unit = {"programme_id": cast.programme.pk}, {"pair_id": cast.pair.pk}, cast.unit
    org = {"organisation_id": cast.organisation.pk}
    return [
        ("worker home", cast.worker, reverse("site:home")),
        ("pair page (member)", cast.worker, reverse("pairs:detail", kwargs=pair)),
        ("meetings of a pair", cast.worker, reverse("meetings:list", kwargs=pair)),
        ("supervisor home, to-do", cast.supervisor, reverse("site:home")),
        ("unit calendar", cast.supervisor, reverse("meetings:calendar", args=[unit.pk])),
        ("pairs board", cast.supervisor, reverse("pairs:board", kwargs=p)),
        ("dashboard", cast.supervisor, reverse("pairs:dashboard", kwargs=p)),
        ("approvals", cast.supervisor, reverse("meetings:approvals", kwargs=p)),
        ("pair page (supervisor)", cast.supervisor, reverse("pairs:detail", kwargs=pair)),
        ("programme report", cast.supervisor, reverse("evaluations:report", kwargs=p)),
        ("org admin home", cast.admin, reverse("site:home")),
        ("organisation report", cast.admin, reverse("evaluations:org_report", kwargs=org)),
        ("organisation's units", cast.admin, reverse("units:organisation", kwargs=org)),
        ("programmes (admin)", cast.admin, reverse("programmes:list")),
        ("reports (admin)", cast.admin, reverse("evaluations:reports")),
    ]


def signed_in(user) -> Client:
    """A client with a session as after a complete sign-in (second factor included)."""
    client = Client()
    client.force_login(user)
    session = client.session
    mark_mfa_verified(SimpleNamespace(session=session), user=user, how="totp")
    session.save()
    return client


@dataclass
class Measure:
    median_ms: float
    queries: int
    kilobytes: float
    status: int


def _count(client: Client, url: str) -> tuple[int, object]:
    reset_queries()  # the log of earlier requests would hide this one's queries
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return len(ctx.captured_queries), response


def _seconds(client: Client, url: str) -> float:
    started = time.perf_counter()
    client.get(url)
    reset_queries()
    return time.perf_counter() - started


def measure_pair(small: tuple, large: tuple, *, repeat: int) -> tuple[Measure, Measure]:
    """One request each to warm up and count queries, then ``repeat`` timed ones of each,
    small and large in turn (so that the machine's other load falls on both alike)."""
    counted = [_count(*small), _count(*large)]
    times: list[list[float]] = [[], []]
    for _ in range(repeat):
        times[0].append(_seconds(*small))
        times[1].append(_seconds(*large))
    return tuple(
        Measure(
            median_ms=statistics.median(seconds) * 1000,
            queries=queries,
            kilobytes=len(response.content) / 1024,
            status=response.status_code,
        )
        for (queries, response), seconds in zip(counted, times, strict=True)
    )
