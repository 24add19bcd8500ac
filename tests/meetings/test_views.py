import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.meetings.models import Meeting, MeetingChange, MeetingLog
from mentoring.programmes.models import Theme
from tests import factories as f

from .conftest import local

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- propose -------------------------------------------------------------------------------


def test_propose_form_suggests_the_next_day_from_the_cadence(world):
    client = world.cast.client("worker_a")
    response = client.get(reverse("meetings:propose", kwargs={"pair_id": world.pair.pk}))
    assert response.status_code == 200
    form = response.context["form"]
    # latest meeting planned in 5 days + the agreement's 14-day cadence
    planned_day = timezone.localtime(world.planned_meeting.starts_at).date()
    assert form.initial["date"] == planned_day + dt.timedelta(days=14)
    assert [k for k, _ in form.fields["kind"].choices] == ["regular", "evaluation"]
    assert form.initial["minutes"] == world.programme.meeting_minutes_max


def _time_post(days, *, hour="10:00", minutes="60", **extra):
    day = timezone.localdate() + dt.timedelta(days=days)
    return {
        "date": day.isoformat(),
        "start_time": hour,
        "minutes": minutes,
        "place": "Kahvio",
        **extra,
    }


def test_propose_happy_path(world):
    client = world.cast.client("worker_a2")
    url = reverse("meetings:propose", kwargs={"pair_id": world.pair.pk})
    response = client.post(url, _time_post(20, kind="regular"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "meetings:list", kwargs={"pair_id": world.pair.pk}
    )
    meeting = Meeting.objects.get(pair=world.pair, place="Kahvio")
    assert timezone.localtime(meeting.starts_at).time() == dt.time(10, 0)
    assert meeting.planned_minutes == 60 and meeting.proposed_by == world.cast.worker_a2
    assert "Kahvio" in response.content.decode()


@pytest.mark.parametrize(
    "data,field",
    [
        (_time_post(-2, kind="regular"), "date"),  # in the past
        (_time_post(400, kind="regular"), "date"),  # outside the programme
        (_time_post(20, kind="regular", minutes="0"), "minutes"),  # 0 minutes
        (_time_post(20, kind="regular", minutes="-45"), "minutes"),  # ends before it starts
        (_time_post(20, kind="regular", minutes="abc"), "minutes"),
        (_time_post(20, kind="first"), "kind"),  # already met
        ({"kind": "regular", "date": "not-a-date", "start_time": "25:99", "minutes": ""}, "date"),
    ],
)
def test_propose_bad_input_shows_a_message_and_changes_nothing(world, data, field):
    client = world.cast.client("worker_a")
    before = Meeting.objects.count()
    response = client.post(reverse("meetings:propose", kwargs={"pair_id": world.pair.pk}), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert "invalid-feedback" in response.content.decode()
    assert Meeting.objects.count() == before


def test_propose_for_a_concluded_pair_is_refused(world):
    world.pair.status = "concluded"
    world.pair.save()
    client = world.cast.client("worker_a")
    url = reverse("meetings:propose", kwargs={"pair_id": world.pair.pk})
    response = client.post(url, _time_post(20, kind="regular"))
    assert response.status_code == 302
    assert not Meeting.objects.filter(place="Kahvio").exists()


def test_a_concluded_pair_gets_no_log_button_and_a_log_post_changes_nothing(world):
    past = f.MeetingFactory(pair=world.pair, starts_at=local(-2))
    world.pair.status = "concluded"
    world.pair.save()
    client = world.cast.client("worker_a")
    page = client.get(reverse("meetings:list", kwargs={"pair_id": world.pair.pk})).content
    for meeting in (past, world.first_meeting):
        assert reverse("meetings:log", kwargs={"meeting_id": meeting.pk}) not in page.decode()
    response = client.post(
        reverse("meetings:log", kwargs={"meeting_id": past.pk}), {"minutes": "30"}
    )
    assert response.status_code == 200
    assert "has concluded" in response.content.decode()
    past.refresh_from_db()
    assert past.status == Meeting.Status.PLANNED


# --- move and cancel -----------------------------------------------------------------------


def test_move_page_shows_the_agreed_practice_and_moves(world):
    client = world.cast.client("worker_a")
    url = reverse("meetings:move", kwargs={"meeting_id": world.planned_meeting.pk})
    assert "Viestillä päivää ennen" in client.get(url).content.decode()
    response = client.post(url, _time_post(7, hour="13:30", minutes="45", reason="Vuoro"))
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=world.planned_meeting.pk)
    assert meeting.times_moved == 1 and meeting.planned_minutes == 45
    assert MeetingChange.objects.filter(meeting=meeting, reason="Vuoro").exists()
    # the history is shown on the next visit
    assert "Vuoro" in client.get(url).content.decode()


def test_move_bad_input_changes_nothing(world):
    client = world.cast.client("worker_a")
    url = reverse("meetings:move", kwargs={"meeting_id": world.planned_meeting.pk})
    for data, field in [
        (_time_post(-1, reason="x"), "date"),
        (_time_post(7, minutes="0", reason="x"), "minutes"),
        (_time_post(7, reason=""), "reason"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200 and response.context["form"].errors.get(field)
    assert Meeting.objects.get(pk=world.planned_meeting.pk).times_moved == 0
    assert not MeetingChange.objects.exists()


def test_cancel(world):
    client = world.cast.client("worker_a2")
    url = reverse("meetings:cancel", kwargs={"meeting_id": world.planned_meeting.pk})
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors.get("reason")
    assert client.post(url, {"reason": "Sairaana"}).status_code == 302
    meeting = Meeting.objects.get(pk=world.planned_meeting.pk)
    assert meeting.status == "cancelled" and meeting.cancel_reason == "Sairaana"
    # a cancelled meeting cannot be cancelled or moved again: back to the list with a message
    response = client.get(url, follow=True)
    assert "no longer planned" in " ".join(_messages(response))


# --- log -----------------------------------------------------------------------------------


def test_log_a_meeting(world):
    meeting = f.MeetingFactory(pair=world.pair, starts_at=local(-2))
    theme = Theme.objects.filter(organisation__isnull=True).first()
    client = world.cast.client("worker_a")
    url = reverse("meetings:log", kwargs={"meeting_id": meeting.pk})
    form = client.get(url).context["form"]
    assert world.goal in form.fields["goals"].queryset
    assert form.initial["minutes"] == 60
    response = client.post(
        url,
        {
            "minutes": "55",
            "themes": [theme.pk],
            "goals": [world.goal.pk],
            "progress": "Hyvä",
            "notes": "Omat muistiinpanot",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_minutes) == ("held", 55)
    assert MeetingLog.objects.get(meeting=meeting).notes == "Omat muistiinpanot"


def test_log_edit_shows_the_existing_log_to_members(world):
    client = world.cast.client("worker_a2")
    url = reverse("meetings:log", kwargs={"meeting_id": world.first_meeting.pk})
    assert "SECRET-NOTE-TEXT" in client.get(url).content.decode()


def test_log_bad_input_changes_nothing(world):
    meeting = f.MeetingFactory(pair=world.pair, starts_at=local(-2))
    client = world.cast.client("worker_a")
    url = reverse("meetings:log", kwargs={"meeting_id": meeting.pk})
    for minutes in ("0", "241", "", "x"):
        response = client.post(url, {"minutes": minutes, "notes": "n"})
        assert response.status_code == 200 and response.context["form"].errors.get("minutes")
    # a meeting that has not started yet
    future = world.planned_meeting
    response = client.post(
        reverse("meetings:log", kwargs={"meeting_id": future.pk}), {"minutes": "30"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not MeetingLog.objects.filter(meeting__in=[meeting, future]).exists()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


# --- ics -----------------------------------------------------------------------------------


def test_ics_download(world):
    response = world.cast.client("worker_a").get(
        reverse("meetings:ics", kwargs={"meeting_id": world.planned_meeting.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert (
        "attachment" in response["Content-Disposition"]
        and ".ics" in response["Content-Disposition"]
    )
    assert b"BEGIN:VEVENT" in response.content


# --- approvals -----------------------------------------------------------------------------


@pytest.fixture
def pending(world):
    world.programme.approval_required = True
    world.programme.save()
    return f.MeetingFactory(pair=world.pair, starts_at=local(9), approval=Meeting.Approval.PENDING)


def test_approvals_list_and_approve(world, pending):
    client = world.cast.client("sup_a")
    page = client.get(reverse("meetings:approvals", kwargs={"programme_id": world.programme.pk}))
    assert pending in page.context["pending"]
    assert world.cast.worker_a2.name in page.content.decode()
    home = client.get(reverse("meetings:approvals_home"))
    assert home.context["programmes"][0].pending == 1
    url = reverse("meetings:decide", kwargs={"meeting_id": pending.pk})
    response = client.post(url, {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.approval == "approved"


def test_a_time_waiting_for_approval_has_no_log_button_and_a_post_is_refused(world, pending):
    Meeting.objects.filter(pk=pending.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    client = world.cast.client("worker_a")
    log_url = reverse("meetings:log", kwargs={"meeting_id": pending.pk})
    page = client.get(reverse("meetings:list", kwargs={"pair_id": world.pair.pk}))
    assert log_url not in page.content.decode()
    response = client.post(log_url, {"minutes": "60", "notes": "x"})
    assert response.status_code == 200
    assert "has not approved this meeting time yet" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Meeting.Status.PLANNED
    # the supervisor still sees it and may approve it now
    sup = world.cast.client("sup_a")
    page = sup.get(reverse("meetings:approvals", kwargs={"programme_id": world.programme.pk}))
    assert pending in page.context["pending"]
    assert "This time has already passed" in page.content.decode()
    sup.post(reverse("meetings:decide", kwargs={"meeting_id": pending.pk}), {"decision": "approve"})
    pending.refresh_from_db()
    assert pending.approval == "approved"
    assert client.post(log_url, {"minutes": "60"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Meeting.Status.HELD


def test_decline_without_comment_is_refused_next_to_the_field(world, pending):
    client = world.cast.client("sup_a")
    url = reverse("meetings:decide", kwargs={"meeting_id": pending.pk})
    response = client.post(url, {"decision": "decline", "comment": ""})
    assert response.status_code == 400
    assert f'id="comment-error-{pending.pk}"' in response.content.decode()
    pending.refresh_from_db()
    assert pending.approval == "pending"
    assert client.post(url, {"decision": "nonsense"}).status_code == 302
    pending.refresh_from_db()
    assert pending.approval == "pending"
    client.post(url, {"decision": "decline", "comment": "Vuorolista on täynnä"})
    pending.refresh_from_db()
    assert pending.approval == "declined"
    # the pair sees the decision and the comment
    page = world.cast.client("worker_a").get(
        reverse("meetings:list", kwargs={"pair_id": world.pair.pk})
    )
    assert "Vuorolista on täynnä" in page.content.decode()


# --- calendar ------------------------------------------------------------------------------


def test_calendar_shows_approved_and_free_meetings_of_the_month(world):
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=100)).replace(day=1)
    in_month = timezone.make_aware(dt.datetime.combine(month.replace(day=10), dt.time(9)))

    def at(day, **extra):
        start = in_month.replace(day=day)
        return f.MeetingFactory(pair=world.pair, starts_at=start, **extra)

    shown = [at(10, approval="approved"), at(10, approval="not_needed"), at(12)]
    hidden = [
        at(13, approval="pending"),
        at(14, approval="declined", approval_comment="x"),
        at(15, status="cancelled", cancel_reason="x"),
    ]
    client = world.cast.client("sup_a")
    url = reverse("meetings:calendar", kwargs={"unit_id": world.cast.unit_a.pk})
    response = client.get(url + f"?month={month:%Y-%m}")
    days = response.context["days"]
    assert [d.date.day for d in days] == [10, 12]
    listed = [m.pk for d in days for m in d.meetings]
    assert listed == [m.pk for m in shown]
    assert not set(listed) & {m.pk for m in hidden}
    # a month without meetings is empty
    other = client.get(
        reverse("meetings:calendar", kwargs={"unit_id": world.cast.unit_a.pk}) + "?month=2000-01"
    )
    assert other.context["days"] == []


def test_calendar_bad_month_falls_back_to_this_month(world):
    client = world.cast.client("admin")
    url = reverse("meetings:calendar", kwargs={"unit_id": world.cast.unit_a.pk})
    for bad in ("2026-13", "abc", "", "99999-01", "0001-01", "9999-12", "1999-12", "2101-01"):
        response = client.get(url + f"?month={bad}")
        assert response.status_code == 200
        assert response.context["month"] == timezone.localdate().replace(day=1)


def test_calendar_pages_from_2000_to_2100_with_no_links_beyond(world):
    client = world.cast.client("sup_a")
    url = reverse("meetings:calendar", kwargs={"unit_id": world.cast.unit_a.pk})
    first = client.get(url + "?month=2000-01")
    assert first.context["month"] == dt.date(2000, 1, 1)
    assert 'rel="prev"' not in first.content.decode()
    assert "?month=2000-02" in first.content.decode()
    last = client.get(url + "?month=2100-12")
    assert last.context["month"] == dt.date(2100, 12, 1)
    assert 'rel="next"' not in last.content.decode()
    assert "?month=2100-11" in last.content.decode()


def test_calendar_home_redirects_to_the_first_unit(world):
    response = world.cast.client("sup_a").get(reverse("meetings:calendar_home"))
    assert response["Location"] == reverse(
        "meetings:calendar", kwargs={"unit_id": world.cast.unit_a.pk}
    )


def test_calendar_of_a_unit_by_member_unit(world, cast):
    """A pair shows in the calendar of the units its members belong to, not elsewhere."""
    planned = world.planned_meeting
    month = f"?month={timezone.localtime(planned.starts_at):%Y-%m}"
    client = cast.client("admin")

    def listed(unit):
        url = reverse("meetings:calendar", kwargs={"unit_id": unit.pk}) + month
        return [m.pk for d in client.get(url).context["days"] for m in d.meetings]

    assert planned.pk in listed(cast.unit_a)
    assert listed(cast.unit_b) == []


def test_the_suggested_day_fills_the_date_field_in_finnish(cast):
    """A date input takes only yyyy-mm-dd: a localised "17.12.2026" would leave it empty."""
    from django.conf import settings as dj_settings

    from tests.authz.world import build_world

    world = build_world(cast)
    client = cast.client("worker_a")
    client.cookies[dj_settings.LANGUAGE_COOKIE_NAME] = "fi"
    html = client.get(
        reverse("meetings:propose", kwargs={"pair_id": world.pair.pk})
    ).content.decode()
    import re

    value = re.search(r'<input type="date" name="date" value="([^"]*)"', html)
    assert value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.group(1)), value
