import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.programmes import services
from mentoring.programmes.models import Programme
from tests import factories as f
from units.models import Membership

from .conftest import details, terms

pytestmark = pytest.mark.django_db
today = timezone.localdate


def test_create_for_a_supervised_unit(cast):
    programme = services.programme_create(by=cast.sup_a, units=[cast.unit_a], **terms())
    assert programme.organisation == cast.organisation
    assert list(programme.units.all()) == [cast.unit_a]
    assert programme.planned_meetings == 3 and programme.planned_until is None
    assert len(programme.short_code) == 8
    assert AuditEntry.objects.filter(action="programme.create", object_id=str(programme.pk))


def test_create_for_two_units_of_the_same_organisation(cast):
    f.MembershipFactory(user=cast.sup_a, unit=cast.unit_b, role=Membership.Role.SUPERVISOR)
    cast.sup_a = type(cast.sup_a).objects.get(pk=cast.sup_a.pk)  # fresh roles
    programme = services.programme_create(
        by=cast.sup_a, units=[cast.unit_a, cast.unit_b], **terms()
    )
    assert set(programme.units.all()) == {cast.unit_a, cast.unit_b}


def test_until_date_mode_clears_the_count(cast):
    until = today() + dt.timedelta(days=90)
    programme = services.programme_create(
        by=cast.sup_a,
        units=[cast.unit_a],
        **terms(length_mode="until_date", planned_until=until, planned_meetings=3),
    )
    assert programme.planned_until == until and programme.planned_meetings is None


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": "  "}, "name"),
        ({"ends_on": today() + dt.timedelta(days=7)}, "ends_on"),
        ({"starts_on": today() - dt.timedelta(days=1)}, "starts_on"),
        ({"meeting_minutes_min": 70, "meeting_minutes_max": 60}, "meeting_minutes_max"),
        ({"meeting_minutes_min": 0}, "meeting_minutes_min"),
        ({"meeting_minutes_max": 5000}, "meeting_minutes_max"),
        ({"cadence_min_days": 30, "cadence_max_days": 14}, "cadence_max_days"),
        ({"cadence_min_days": 0}, "cadence_min_days"),
        ({"planned_meetings": 0}, "planned_meetings"),
        ({"planned_meetings": None}, "planned_meetings"),
        ({"length_mode": "until_date", "planned_until": None}, "planned_until"),
        (
            {"length_mode": "until_date", "planned_until": today() + dt.timedelta(days=400)},
            "planned_until",
        ),
        (
            {"length_mode": "until_date", "planned_until": today() + dt.timedelta(days=7)},
            "planned_until",
        ),
        ({"length_mode": "forever"}, "length_mode"),
        # Far-off days: longer than five years, or beyond the days the app accepts.
        ({"ends_on": today() + dt.timedelta(days=7) + dt.timedelta(days=5 * 366)}, "ends_on"),
        ({"ends_on": dt.date(9999, 12, 31)}, "ends_on"),
        ({"starts_on": dt.date(2101, 1, 1), "ends_on": dt.date(2101, 6, 1)}, "starts_on"),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_created(cast, changes, field):
    with pytest.raises(DomainError) as error:
        services.programme_create(by=cast.sup_a, units=[cast.unit_a], **terms(**changes))
    assert error.value.field == field
    assert error.value.message
    assert not Programme.objects.exists()


def test_units_must_be_chosen_and_supervised(cast):
    with pytest.raises(DomainError, match="at least one unit"):
        services.programme_create(by=cast.sup_a, units=[], **terms())
    with pytest.raises(DomainError, match="only units you supervise"):
        services.programme_create(by=cast.sup_a, units=[cast.unit_b], **terms())
    with pytest.raises(DomainError, match="only units you supervise"):
        services.programme_create(by=cast.admin, units=[cast.unit_a], **terms())
    assert not Programme.objects.exists()


def test_units_of_two_organisations_are_refused(cast):
    other = f.UnitFactory()
    f.MembershipFactory(user=cast.sup_a, unit=other, role=Membership.Role.SUPERVISOR)
    sup = type(cast.sup_a).objects.get(pk=cast.sup_a.pk)
    with pytest.raises(DomainError, match="same organisation"):
        services.programme_create(by=sup, units=[cast.unit_a, other], **terms())


def test_update_changes_terms_and_logs(cast, programme):
    services.programme_update(
        programme=programme,
        by=cast.sup_a,
        units=[cast.unit_a],
        **terms(name="Uusi nimi", starts_on=programme.starts_on, signup_open=False),
    )
    programme.refresh_from_db()
    assert programme.name == "Uusi nimi" and not programme.signup_open
    entry = AuditEntry.objects.get(action="programme.update")
    assert "name" in entry.data["changed"] and "signup_open" in entry.data["changed"]


def test_update_keeps_a_past_start_but_refuses_moving_it_into_the_past(cast, programme):
    # The factory's programme started a month ago: keeping that date is fine.
    services.programme_update(
        programme=programme,
        by=cast.sup_a,
        units=[cast.unit_a],
        **terms(starts_on=programme.starts_on),
    )
    with pytest.raises(DomainError) as error:
        services.programme_update(
            programme=programme,
            by=cast.sup_a,
            units=[cast.unit_a],
            **terms(starts_on=programme.starts_on - dt.timedelta(days=1)),
        )
    assert error.value.field == "starts_on"


def test_update_by_another_supervisor_is_refused(cast, programme):
    with pytest.raises(DomainError):
        services.programme_update(
            programme=programme, by=cast.sup_b, units=[cast.unit_b], **terms()
        )
    programme.refresh_from_db()
    assert programme.name == "Yksikön A mentorointi"


def test_update_keeps_a_unit_another_supervisor_runs(cast):
    programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a, cast.unit_b])
    services.programme_update(
        programme=programme,
        by=cast.sup_a,
        units=[cast.unit_a],
        **terms(starts_on=programme.starts_on),
    )
    assert set(programme.units.all()) == {cast.unit_a, cast.unit_b}


def test_a_unit_with_signups_cannot_be_removed(cast):
    f.MembershipFactory(user=cast.sup_a, unit=cast.unit_b, role=Membership.Role.SUPERVISOR)
    sup = type(cast.sup_a).objects.get(pk=cast.sup_a.pk)
    programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a, cast.unit_b])
    f.SignUpFactory(programme=programme, user=cast.worker_b, unit=cast.unit_b)
    with pytest.raises(DomainError) as error:
        services.programme_update(
            programme=programme, by=sup, units=[cast.unit_a], **terms(starts_on=programme.starts_on)
        )
    assert error.value.field == "units"
    assert set(programme.units.all()) == {cast.unit_a, cast.unit_b}


# --- opening and closing the sign-up ---------------------------------------------------------


def _signup_audit(programme) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_id=str(programme.pk), action__startswith="programme.signup"
        )
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_the_supervisor_closes_and_reopens_the_sign_up(cast, programme):
    services.programme_signup_close(programme=programme, by=cast.sup_a)
    assert Programme.objects.get(pk=programme.pk).signup_open is False
    assert programme.signup_open is False
    services.programme_signup_open(programme=programme, by=cast.sup_a)
    assert Programme.objects.get(pk=programme.pk).signup_open is True
    assert _signup_audit(programme) == ["programme.signup_close", "programme.signup_open"]


def test_pressing_the_same_button_twice_changes_nothing_more(cast, programme):
    services.programme_signup_close(programme=programme, by=cast.sup_a)
    services.programme_signup_close(programme=programme, by=cast.sup_a)
    services.programme_signup_open(programme=Programme.objects.get(pk=programme.pk), by=cast.sup_a)
    services.programme_signup_open(programme=Programme.objects.get(pk=programme.pk), by=cast.sup_a)
    assert _signup_audit(programme) == ["programme.signup_close", "programme.signup_open"]


@pytest.mark.parametrize("who", ["sup_b", "admin", "worker_a", "outsider"])
def test_only_the_programmes_supervisor_opens_or_closes_it(cast, programme, who):
    for switch in (services.programme_signup_close, services.programme_signup_open):
        with pytest.raises(DomainError):
            switch(programme=programme, by=getattr(cast, who))
    assert Programme.objects.get(pk=programme.pk).signup_open is True
    assert _signup_audit(programme) == []


def test_an_ended_programme_can_be_closed_but_not_reopened(cast, programme):
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=today() - dt.timedelta(days=60), ends_on=today() - dt.timedelta(days=1)
    )
    programme.refresh_from_db()
    assert services.signup_can_open(programme) is False
    services.programme_signup_close(programme=programme, by=cast.sup_a)
    with pytest.raises(DomainError) as error:
        services.programme_signup_open(programme=programme, by=cast.sup_a)
    assert "has ended" in error.value.message
    assert Programme.objects.get(pk=programme.pk).signup_open is False


def test_a_closed_sign_up_turns_workers_away_but_not_their_supervisor(cast, programme):
    services.programme_signup_close(programme=programme, by=cast.sup_a)
    programme.refresh_from_db()
    with pytest.raises(DomainError):
        services.signup_create(
            programme=programme, user=cast.worker_a, by=cast.worker_a, **details()
        )
    signup = services.signup_create(
        programme=programme, user=cast.worker_a, by=cast.sup_a, **details()
    )
    assert signup.entered_by == cast.sup_a


# --- dates under running pairs -------------------------------------------------------------


def _update_dates(programme, by, **dates):
    programme.refresh_from_db()
    services.programme_update(
        programme=programme,
        by=by,
        units=[programme.units.get()],
        **terms(
            starts_on=dates.get("starts_on", programme.starts_on),
            ends_on=dates.get("ends_on", programme.ends_on),
        ),
    )


def test_the_end_date_cannot_leave_meetings_or_an_evaluation_date_outside(cast):
    from mentoring.meetings.models import Meeting
    from tests.authz.world import build_world

    world = build_world(cast)  # planned meeting in 5 days, evaluation date in 60 days
    programme, original = world.programme, world.programme.ends_on
    evaluation_date = world.agreement.evaluation_date
    with pytest.raises(DomainError) as error:
        _update_dates(programme, cast.sup_a, ends_on=evaluation_date - dt.timedelta(days=1))
    assert error.value.field == "ends_on"
    assert date_format(evaluation_date, "SHORT_DATE_FORMAT") in error.value.message
    assert "at the earliest" in error.value.message
    programme.refresh_from_db()
    assert programme.ends_on == original
    _update_dates(programme, cast.sup_a, ends_on=evaluation_date)  # the latest one fits
    programme.refresh_from_db()
    assert programme.ends_on == evaluation_date

    # a planned meeting after the evaluation date counts too; a cancelled one does not
    later = timezone.now() + dt.timedelta(days=50)
    Meeting.objects.filter(pk=world.planned_meeting.pk).update(
        starts_at=later, ends_at=later + dt.timedelta(hours=1)
    )
    f.MeetingFactory(
        pair=world.pair, cancelled=True, cancel_reason="x", starts_at=later + dt.timedelta(days=9)
    )
    world.agreement.evaluation_date = today() + dt.timedelta(days=20)
    world.agreement.save()
    with pytest.raises(DomainError) as error:
        _update_dates(programme, cast.sup_a, ends_on=today() + dt.timedelta(days=30))
    # The whole meeting must fit: the day it ends (late in the evening, that is the next day).
    meeting_day = timezone.localtime(later + dt.timedelta(hours=1)).date()
    assert date_format(meeting_day, "SHORT_DATE_FORMAT") in error.value.message
    _update_dates(programme, cast.sup_a, ends_on=meeting_day)


def test_the_start_date_cannot_leave_a_planned_meeting_before_the_programme(cast, programme):
    programme.starts_on = today() + dt.timedelta(days=7)
    programme.save()
    pair = f.PairFactory(
        programme=programme,
        published=True,
        mentor__user=cast.worker_a,
        actor__user=cast.worker_a2,
    )
    start = timezone.now() + dt.timedelta(days=10)
    f.MeetingFactory(pair=pair, starts_at=start)
    first_day = timezone.localtime(start).date()
    with pytest.raises(DomainError) as error:
        _update_dates(programme, cast.sup_a, starts_on=first_day + dt.timedelta(days=1))
    assert error.value.field == "starts_on"
    assert date_format(first_day, "SHORT_DATE_FORMAT") in error.value.message
    assert "at the latest" in error.value.message
    _update_dates(programme, cast.sup_a, starts_on=first_day)
    programme.refresh_from_db()
    assert programme.starts_on == first_day


def test_a_meeting_that_ends_after_midnight_counts_on_the_day_it_ends(cast):
    import zoneinfo

    import time_machine

    from mentoring.meetings.models import Meeting
    from tests.authz.world import build_world

    late = dt.datetime(2026, 12, 9, 23, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))
    with time_machine.travel(late - dt.timedelta(days=30), tick=False):
        world = build_world(cast)
        Meeting.objects.filter(pk=world.planned_meeting.pk).update(
            starts_at=late, ends_at=late + dt.timedelta(hours=1)
        )
        world.agreement.evaluation_date = late.date() - dt.timedelta(days=1)
        world.agreement.save()
        with pytest.raises(DomainError) as error:
            _update_dates(world.programme, cast.sup_a, ends_on=late.date())
        assert date_format(dt.date(2026, 12, 10), "SHORT_DATE_FORMAT") in error.value.message


def test_a_programme_may_last_five_years_to_the_day(cast):
    starts = today() + dt.timedelta(days=7)
    programme = services.programme_create(
        by=cast.sup_a,
        units=[cast.unit_a],
        **terms(starts_on=starts, ends_on=starts.replace(year=starts.year + 5)),
    )
    assert programme.ends_on.year == starts.year + 5


def test_the_database_keeps_a_programme_within_the_days_of_the_app(cast):
    programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    programme.ends_on = dt.date(9999, 12, 31)
    with pytest.raises(IntegrityError), transaction.atomic():
        programme.save()
