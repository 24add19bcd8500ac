"""What a pair writes about a meeting (notes, progress, themes, goals touched) is for the pair.

Supervisors and the organisation admin see kinds, times, states, lengths and approvals only.
"""

import icalendar
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.meetings.selectors import pair_page_context
from mentoring.pairs.access import PairAccess
from mentoring.programmes.models import Theme
from tests import factories as f

from .conftest import local

pytestmark = pytest.mark.django_db

SECRETS = ("SECRET-NOTE-TEXT", "SECRET-PROGRESS", "SECRET-THEME", "Lääkehoidon varmuus")


@pytest.fixture
def secret_world(world):
    """The held first meeting's log also names a theme and the goal."""
    log = MeetingLog.objects.get(meeting=world.first_meeting)
    log.themes.add(Theme.objects.create(organisation=world.cast.organisation, name="SECRET-THEME"))
    log.goals.add(world.goal)
    # A time waiting for approval, so the approvals page has a row to show.
    world.programme.approval_required = True
    world.programme.save()
    f.MeetingFactory(
        pair=world.pair,
        pending=True,
        starts_at=local(10),
        place="SECRET-PLACE",
        log__notes="SECRET-NOTE-TEXT",  # must never leak
    )
    return world


def _assert_clean(text: str) -> None:
    for secret in (*SECRETS, "SECRET-PLACE"):
        assert secret not in text, secret


@pytest.mark.parametrize("role", ["supervisor", "org_admin"])
def test_pair_section_for_overseers_holds_no_log(secret_world, role):
    context = pair_page_context(access=PairAccess(secret_world.pair, role))
    section = context["meetings_section"]
    rows = section.upcoming + section.to_log + section.past
    assert rows and all(row.log is None and row.place == "" for row in rows)
    _assert_clean(render_to_string("meetings/_pair_section.html", context))


def test_pair_section_for_members_shows_the_log(secret_world):
    context = pair_page_context(access=PairAccess(secret_world.pair, "actor"))
    html = render_to_string("meetings/_pair_section.html", context)
    for secret in SECRETS:
        assert secret in html


@pytest.mark.parametrize("who", ["sup_a", "admin"])
def test_meeting_list_page_for_overseers(secret_world, who):
    response = secret_world.cast.client(who).get(
        reverse("meetings:list", kwargs={"pair_id": secret_world.pair.pk})
    )
    assert response.status_code == 200
    _assert_clean(response.content.decode())


def test_approvals_and_calendar_hold_no_log(secret_world):
    client = secret_world.cast.client("sup_a")
    approvals = client.get(
        reverse("meetings:approvals", kwargs={"programme_id": secret_world.programme.pk})
    )
    assert len(approvals.context["pending"]) == 1
    _assert_clean(approvals.content.decode())
    for who in ("sup_a", "admin"):
        for days in (-20, 0, 5):
            month = local(days).strftime("%Y-%m")
            url = reverse("meetings:calendar", kwargs={"unit_id": secret_world.cast.unit_a.pk})
            _assert_clean(
                secret_world.cast.client(who).get(f"{url}?month={month}").content.decode()
            )


@pytest.mark.parametrize("who", ["worker_a", "worker_a2", "sup_a"])
def test_ics_holds_no_log(secret_world, who):
    for meeting in Meeting.objects.filter(pair=secret_world.pair):
        response = secret_world.cast.client(who).get(
            reverse("meetings:ics", kwargs={"meeting_id": meeting.pk})
        )
        assert response.status_code == 200
        text = icalendar.Calendar.from_ical(response.content).to_ical().decode()
        for secret in SECRETS:
            assert secret not in text
        if who == "sup_a":
            assert "SECRET-PLACE" not in text and "Taukotila" not in text


def test_audit_log_holds_no_notes(world):
    from mentoring.core.models import AuditEntry
    from mentoring.meetings import services

    services.meeting_log(
        meeting=world.evaluation_meeting,
        minutes=50,
        progress="SECRET-PROGRESS",
        notes="SECRET-NOTE-TEXT",
        by=world.cast.worker_a,
    )
    for entry in AuditEntry.objects.all():
        _assert_clean(str(entry.data))
