"""Reads of another person's data and exports are logged: who, what kind, which object.

A supervisor or the organisation admin opening a pair they are not in, downloading the hours
CSV, a meeting's .ics of someone else's pair, or a report: one audit entry each, with no
private text. A member reading their own pair, or an outsider turned away, logs nothing.
"""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from mentoring.core.audit import audit_read
from mentoring.core.models import AuditEntry
from tests.authz.world import build_world
from tests.utils import count_queries, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    return build_world(cast)


def _reads() -> list[tuple]:
    return [
        (e.actor_id, e.action, e.object_id, e.data)
        for e in AuditEntry.objects.order_by("id")
        if e.action.startswith(("pair.read", "meeting.export", "programme.", "organisation."))
    ]


def _get(world, who: str, url: str) -> int:
    return world.cast.client(who).get(url).status_code


def test_an_overseer_opening_a_pair_page_is_logged_in_their_role(world):
    pair = world.pair
    assert _get(world, "sup_a", reverse("pairs:detail", kwargs={"pair_id": pair.pk})) == 200
    assert _get(world, "admin", reverse("pairs:detail", kwargs={"pair_id": pair.pk})) == 200
    assert _get(world, "sup_a", reverse("meetings:list", kwargs={"pair_id": pair.pk})) == 200
    cast = world.cast
    assert _reads() == [
        (cast.sup_a.pk, "pair.read", str(pair.pk), {"role": "supervisor"}),
        (cast.admin.pk, "pair.read", str(pair.pk), {"role": "org_admin"}),
        (cast.sup_a.pk, "pair.read_meetings", str(pair.pk), {"role": "supervisor"}),
    ]


@pytest.mark.parametrize("who, status", [("mentor", 200), ("actor", 200), ("outsider", 404)])
def test_a_member_reading_their_pair_or_an_outsider_turned_away_logs_nothing(world, who, status):
    client = world.cast.client(None)
    sign_in(client, world.user(who))
    for name in ("pairs:detail", "meetings:list"):
        assert client.get(reverse(name, kwargs={"pair_id": world.pair.pk})).status_code == status
    ics = reverse("meetings:ics", kwargs={"meeting_id": world.planned_meeting.pk})
    assert client.get(ics).status_code == status
    assert _reads() == []


def test_exports_and_reports_are_logged(world):
    cast, programme = world.cast, world.programme
    meeting = world.planned_meeting
    hours = reverse("pairs:hours_csv", kwargs={"programme_id": programme.pk})
    ics = reverse("meetings:ics", kwargs={"meeting_id": meeting.pk})
    report = reverse("evaluations:report", kwargs={"programme_id": programme.pk})
    org_report = reverse("evaluations:org_report", kwargs={"organisation_id": cast.organisation.pk})
    assert _get(world, "sup_a", hours) == 200
    assert _get(world, "sup_a", ics) == 200
    assert _get(world, "sup_a", report) == 200
    assert _get(world, "admin", org_report) == 200
    assert _reads() == [
        (cast.sup_a.pk, "programme.export_hours", str(programme.pk), {}),
        (cast.sup_a.pk, "meeting.export_ics", str(meeting.pk), {}),
        (cast.sup_a.pk, "programme.read_report", str(programme.pk), {}),
        (cast.admin.pk, "organisation.read_report", str(cast.organisation.pk), {}),
    ]
    entry = AuditEntry.objects.get(action="meeting.export_ics")
    assert entry.content_type == ContentType.objects.get(app_label="meetings", model="meeting")
    # The world's notes, places and agreement texts are nowhere in the log.
    stored = json.dumps([[e.action, e.object_id, e.data] for e in AuditEntry.objects.all()])
    assert "SECRET" not in stored and "Taukotila" not in stored


def test_a_read_costs_one_insert_even_with_a_cold_cache(world):
    ContentType.objects.clear_cache()
    count, _ = count_queries(audit_read, actor=world.cast.sup_a, action="pair.read", obj=world.pair)
    assert count == 1
    entry = AuditEntry.objects.get(action="pair.read")
    assert entry.content_type == ContentType.objects.get_for_model(world.pair)
    with pytest.raises(ValueError):
        audit_read(actor=world.cast.sup_a, action="x", obj=world.pair, notes="…")
