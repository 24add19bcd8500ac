"""The page for a meeting held without booking, and its entry points."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Theme

from .conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world):
    """The world's pair, published a month ago (it met 20 days ago)."""
    Pair.objects.filter(pk=world.pair.pk).update(
        published_at=timezone.now() - dt.timedelta(days=30)
    )
    world.pair.refresh_from_db()
    return world


def _url(world):
    return reverse("meetings:record", kwargs={"pair_id": world.pair.pk})


def _post(days, *, hour="14:30", minutes="40", **extra):
    day = timezone.localdate() + dt.timedelta(days=days)
    return {
        "kind": "regular",
        "date": day.isoformat(),
        "start_time": hour,
        "minutes": minutes,
        "place": "Vuoronvaihto",
        **extra,
    }


def _client(world, who="worker_a2"):
    client = world.cast.client(who)
    client.cookies["django_language"] = "en"
    return client


def test_the_pair_page_and_the_propose_form_lead_to_it(world):
    client = _client(world)
    for page in (
        reverse("pairs:detail", kwargs={"pair_id": world.pair.pk}),
        reverse("meetings:list", kwargs={"pair_id": world.pair.pk}),
        reverse("meetings:propose", kwargs={"pair_id": world.pair.pk}),
    ):
        html = client.get(page).content.decode()
        assert _url(world) in html and "Record a meeting that already took place" in html
    # ...but not for the supervisor, who records nothing
    html = (
        _client(world, "sup_a")
        .get(reverse("pairs:detail", kwargs={"pair_id": world.pair.pk}))
        .content.decode()
    )
    assert _url(world) not in html


def test_the_form_starts_today_with_the_kinds_still_open(world):
    response = _client(world).get(_url(world))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["date"] == timezone.localdate()
    assert [k for k, _ in form.fields["kind"].choices] == ["regular", "evaluation"]
    assert form.fields["date"].widget.attrs["max"] == timezone.localdate().isoformat()
    assert world.goal in form.fields["goals"].queryset


def test_recording_a_meeting_held_at_a_shift_change(world):
    theme = Theme.objects.filter(organisation__isnull=True).first()
    response = _client(world).post(
        _url(world),
        # Two days ago: the world's evaluation meeting was held yesterday at this hour.
        _post(-2, themes=[theme.pk], goals=[world.goal.pk], notes="Lyhyt vaihto"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "meetings:list", kwargs={"pair_id": world.pair.pk}
    )
    assert "Meeting recorded." in [str(m) for m in response.context["messages"]]
    meeting = Meeting.objects.get(pair=world.pair, place="Vuoronvaihto")
    assert (meeting.status, meeting.held_minutes) == ("held", 40)
    assert timezone.localtime(meeting.starts_at).time() == dt.time(14, 30)
    assert MeetingLog.objects.get(meeting=meeting).notes == "Lyhyt vaihto"
    section = response.context["meetings_section"]
    assert meeting.pk in [row.id for row in section.past]


def test_earlier_today_is_recorded_and_later_today_is_refused(world):
    now = timezone.localtime()
    if now.hour < 1:
        pytest.skip("needs an hour of today behind")
    client = _client(world)
    earlier = (now - dt.timedelta(minutes=50)).strftime("%H:%M")
    if (now - dt.timedelta(minutes=50)).date() == now.date():
        response = client.post(_url(world), _post(0, hour=earlier, minutes="30"))
        assert response.status_code == 302
    later = now + dt.timedelta(hours=1)
    if later.date() == now.date():
        response = client.post(_url(world), _post(0, hour=later.strftime("%H:%M")))
        assert response.status_code == 200
        assert "To plan a meeting ahead, propose it." in str(response.context["form"].errors)


@pytest.mark.parametrize(
    "data,field",
    [
        (_post(1), "date"),  # tomorrow
        (_post(-45), "date"),  # before the programme (30 days ago)
        (_post(-1, minutes="0"), "minutes"),
        (_post(-1, minutes="241"), "minutes"),
        (_post(-1, minutes="9223372036854775808"), "minutes"),
        (_post(-1, minutes="-9223372036854775809"), "minutes"),
        (_post(-1, minutes="lots"), "minutes"),
        (_post(-1, kind="first"), "kind"),  # they have met already
        (_post(-1, kind="party"), "kind"),
        (_post(-1, date="0001-01-01", start_time="00:00"), "date"),
        (_post(-1, date="9999-12-31", start_time="23:59"), "date"),
        (_post(-1, date="2026-13-45"), "date"),
        (_post(-1, themes=["not-an-id"]), "themes"),
    ],
)
def test_bad_input_shows_a_message_next_to_the_field_and_changes_nothing(world, data, field):
    before = (Meeting.objects.count(), MeetingLog.objects.count())
    response = _client(world).post(_url(world), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert "invalid-feedback" in response.content.decode()
    assert (Meeting.objects.count(), MeetingLog.objects.count()) == before


def test_a_meeting_over_one_already_held_is_refused(world):
    start = timezone.localtime(world.first_meeting.starts_at) + dt.timedelta(minutes=10)
    data = _post(-1, date=start.date().isoformat(), hour=start.strftime("%H:%M"))
    response = _client(world).post(_url(world), data)
    assert response.status_code == 200
    assert "Log it (or edit its log)" in str(response.context["form"].errors["start_time"])
    assert Meeting.objects.filter(pair=world.pair).count() == 3


def test_a_concluded_pair_records_what_happened_before_it_concluded(world):
    Pair.objects.filter(pk=world.pair.pk).update(
        status=Pair.Status.CONCLUDED, concluded_at=local(-2, 12)
    )
    client = _client(world)
    response = client.post(_url(world), _post(-1))
    assert response.status_code == 200
    assert "choose an earlier time" in str(response.context["form"].errors["date"])
    assert client.post(_url(world), _post(-3)).status_code == 302
    assert Meeting.objects.filter(pair=world.pair, place="Vuoronvaihto").count() == 1


def test_a_propose_for_a_time_already_passed_points_to_recording(world):
    response = _client(world).post(
        reverse("meetings:propose", kwargs={"pair_id": world.pair.pk}), _post(-1)
    )
    assert response.status_code == 200 and response.context["form"].errors.get("date")
    assert _url(world) in response.content.decode()


def test_propose_with_an_overflowing_length_is_refused_not_a_server_error(world):
    response = _client(world).post(
        reverse("meetings:propose", kwargs={"pair_id": world.pair.pk}),
        _post(20, minutes="9223372036854775808"),
    )
    assert response.status_code == 200 and response.context["form"].errors.get("minutes")
