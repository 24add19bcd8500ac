"""The personal calendar feed: exactly the person's meetings, reached by the secret address
alone (no login), nothing private beyond what that person may see; a replaced or stopped
address answers 404; a constant number of queries whatever the data."""

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.calendar_feed import feed_token
from mentoring.accounts.services import calendar_feed_renew, calendar_feed_stop
from mentoring.meetings.models import Meeting
from tests import factories as f
from tests.utils import assert_constant_queries, sign_in

pytestmark = pytest.mark.django_db


def _url(user) -> str:
    feed = calendar_feed_renew(user=user, by=user)
    return reverse("meetings:calendar_feed", kwargs={"token": feed_token(feed)})


def _events(url) -> tuple[icalendar.Calendar, dict]:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def _uid(meeting) -> str:
    return str(meeting.pk)


def test_a_member_sees_their_pairs_meetings_with_place_but_not_cancelled_ones(world, cast):
    cancelled = f.MeetingFactory(
        pair=world.pair, days=8, status=Meeting.Status.CANCELLED, cancel_reason="SECRET-REASON"
    )
    calendar, events = _events(_url(cast.worker_a))
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    own = (world.first_meeting, world.planned_meeting, world.evaluation_meeting)
    assert set(events) == {_uid(m) for m in own}
    planned = events[_uid(world.planned_meeting)]
    assert str(planned["LOCATION"]) == "Taukotila"
    assert cast.worker_a2.name in str(planned["SUMMARY"])
    assert int(planned["SEQUENCE"]) == 0 and str(planned["STATUS"]) == "CONFIRMED"
    text = calendar.to_ical().decode()
    for secret in ("SECRET-NOTE-TEXT", "SECRET-PROGRESS", "SECRET-REASON"):
        assert secret not in text
    assert _uid(cancelled) not in events


def test_the_other_member_sees_the_same_meetings_under_her_own_words(world, cast):
    _, events = _events(_url(cast.worker_a2))
    assert _uid(world.planned_meeting) in events
    assert cast.worker_a.name in str(events[_uid(world.planned_meeting)]["SUMMARY"])


def test_a_supervisor_sees_her_units_standing_times_without_names_or_places(world, cast):
    other = f.MeetingFactory(pair=world.other_pair, days=6, place="SECRET-PLACE")
    pending = f.MeetingFactory(pair=world.pair, days=9, approval=Meeting.Approval.PENDING)
    declined = f.MeetingFactory(
        pair=world.pair, days=10, approval=Meeting.Approval.DECLINED, approval_comment="Ei käy"
    )
    approved = f.MeetingFactory(pair=world.pair, days=11, approval=Meeting.Approval.APPROVED)
    calendar, events = _events(_url(cast.sup_a))
    assert _uid(other) in events and _uid(approved) in events
    assert _uid(world.planned_meeting) in events and _uid(world.first_meeting) in events
    assert _uid(pending) not in events and _uid(declined) not in events
    text = calendar.to_ical().decode()
    for private in ("Taukotila", "SECRET-PLACE", "SECRET-NOTE-TEXT", "Ei käy"):
        assert private not in text
    for person in (cast.worker_a, cast.worker_a2, world.users["other_member"]):
        assert person.name not in text
    assert all("LOCATION" not in e for e in events.values())
    assert cast.sup_a.language == "fi"  # the feed speaks its owner's language
    assert str(events[_uid(approved)]["SUMMARY"]) == "Mentorointi: tapaaminen"


def test_someone_with_no_meetings_gets_a_valid_empty_calendar(world, cast):
    for user in (cast.sup_b, cast.outsider, cast.worker_b):
        calendar, events = _events(_url(user))
        assert events == {} and str(calendar["PRODID"])


def test_a_replaced_or_stopped_address_answers_404(world, cast):
    old = _url(cast.worker_a)
    new = _url(cast.worker_a)  # making a new address replaces the old one
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    calendar_feed_stop(user=cast.worker_a, by=cast.worker_a)
    assert Client().get(new).status_code == 404


def test_guessed_or_forged_addresses_answer_404(world, cast):
    real = _url(cast.worker_a).rsplit("/", 1)[1].removesuffix(".ics")
    key = real[:32]
    for token in ("x", key, key + "0" * 32, "0" * 64, real[:-1], real + "0", real.upper()):
        url = reverse("meetings:calendar_feed", kwargs={"token": token})
        assert Client().get(url).status_code == 404, token


def test_a_deactivated_person_s_address_answers_404(world, cast):
    url = _url(cast.worker_a)
    cast.worker_a.is_active = False
    cast.worker_a.save()
    assert Client().get(url).status_code == 404


def test_it_needs_no_login_and_ignores_who_is_logged_in(world, cast):
    url = _url(cast.worker_a)
    client = Client()
    sign_in(client, cast.sup_b)
    _, events = _events(url)
    response = client.get(url)
    assert response.status_code == 200
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == len(events)


def _grow(pair, state={"n": 0}):  # noqa: B006 — a counter shared by the calls of one test
    def grow(n):
        base = timezone.now() + dt.timedelta(days=1)
        Meeting.objects.bulk_create(
            Meeting(
                pair=pair,
                starts_at=base + dt.timedelta(hours=3 * (state["n"] + i)),
                ends_at=base + dt.timedelta(hours=3 * (state["n"] + i), minutes=45),
                status=("planned", "held", "cancelled")[i % 3],
                held_minutes=45 if i % 3 == 1 else None,
                cancel_reason="x" if i % 3 == 2 else "",
                place="Taukotila",
            )
            for i in range(n)
        )
        state["n"] += n

    return grow


@pytest.mark.parametrize("who", ["worker_a", "sup_a"])
def test_a_constant_number_of_queries_whatever_the_number_of_meetings(world, cast, who):
    url = _url(getattr(cast, who))
    assert_constant_queries(Client(), url, _grow(world.pair, {"n": 0}))
