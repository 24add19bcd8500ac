"""Programmes: creating one, changing its terms, opening and closing its sign-up."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.core.limits import (
    FIRST_DAY,
    LAST_DAY,
    PROGRAMME_MAX_YEARS,
    outside_days_message,
    years_after,
)
from units.access import supervises_any_unit, supervises_unit
from units.models import Unit

from ..access import require_supervisor
from ..hooks import days_taken
from ..models import Programme, SignUp

# Bounds that keep the terms sensible (and inside the columns).
MINUTES_RANGE = (10, 240)
CADENCE_RANGE = (1, 180)
PLANNED_MEETINGS_RANGE = (1, 50)

TERM_FIELDS = (
    "name",
    "description",
    "starts_on",
    "ends_on",
    "meetings_in_working_time",
    "meeting_minutes_min",
    "meeting_minutes_max",
    "cadence_min_days",
    "cadence_max_days",
    "length_mode",
    "planned_meetings",
    "planned_until",
    "approval_required",
    "signup_open",
)


def check_range(value, bounds, field, message):
    if value is None or not bounds[0] <= value <= bounds[1]:
        raise DomainError(message % {"min": bounds[0], "max": bounds[1]}, field=field)


def _validate_terms(terms: dict) -> dict:
    terms = {key: terms.get(key) for key in TERM_FIELDS}
    terms["name"] = (terms["name"] or "").strip()
    terms["description"] = (terms["description"] or "").strip()
    if not terms["name"]:
        raise DomainError(_("Give the programme a name."), field="name")
    starts, ends = terms["starts_on"], terms["ends_on"]
    if starts is None:
        raise DomainError(_("Give the day the programme starts."), field="starts_on")
    if ends is None:
        raise DomainError(_("Give the day the programme ends."), field="ends_on")
    for field in ("starts_on", "ends_on"):
        if not FIRST_DAY <= terms[field] <= LAST_DAY:
            raise DomainError(outside_days_message(), field=field)
    if ends <= starts:
        raise DomainError(_("The programme must end after it starts."), field="ends_on")
    if ends > years_after(starts, PROGRAMME_MAX_YEARS):
        raise DomainError(
            _("A programme can last at most %(years)d years. Choose an earlier end.")
            % {"years": PROGRAMME_MAX_YEARS},
            field="ends_on",
        )
    check_range(
        terms["meeting_minutes_min"],
        MINUTES_RANGE,
        "meeting_minutes_min",
        _("A meeting lasts between %(min)s and %(max)s minutes."),
    )
    check_range(
        terms["meeting_minutes_max"],
        MINUTES_RANGE,
        "meeting_minutes_max",
        _("A meeting lasts between %(min)s and %(max)s minutes."),
    )
    if terms["meeting_minutes_min"] > terms["meeting_minutes_max"]:
        raise DomainError(
            _("The shortest meeting cannot be longer than the longest."),
            field="meeting_minutes_max",
        )
    for field in ("cadence_min_days", "cadence_max_days"):
        check_range(
            terms[field],
            CADENCE_RANGE,
            field,
            _("Meetings are between %(min)s and %(max)s days apart."),
        )
    if terms["cadence_min_days"] > terms["cadence_max_days"]:
        raise DomainError(
            _("The shortest gap between meetings cannot be longer than the longest."),
            field="cadence_max_days",
        )
    if terms["length_mode"] == Programme.LengthMode.MEETINGS:
        check_range(
            terms["planned_meetings"],
            PLANNED_MEETINGS_RANGE,
            "planned_meetings",
            _("Plan between %(min)s and %(max)s meetings before the pair decides."),
        )
        terms["planned_until"] = None
    elif terms["length_mode"] == Programme.LengthMode.UNTIL_DATE:
        until = terms["planned_until"]
        if until is None:
            raise DomainError(_("Give the date the pairs meet until."), field="planned_until")
        if not starts < until <= ends:
            raise DomainError(
                _("The date the pairs meet until must fall within the programme."),
                field="planned_until",
            )
        terms["planned_meetings"] = None
    else:
        raise DomainError(_("Choose how long the pairs meet."), field="length_mode")
    for flag in ("meetings_in_working_time", "approval_required", "signup_open"):
        terms[flag] = bool(terms[flag])
    return terms


def _checked_units(*, units: Iterable[Unit], by, keep: Iterable[Unit] = ()) -> list[Unit]:
    """The programme's units: those chosen (each supervised by ``by``) plus ``keep`` (units
    someone else supervises that the programme already had), all of one organisation."""
    chosen = list(units)
    if not chosen:
        raise DomainError(_("Choose at least one unit."), field="units")
    if not all(supervises_unit(user=by, unit_id=unit.id) for unit in chosen):
        raise DomainError(_("You can choose only units you supervise."), field="units")
    result = {unit.id: unit for unit in [*chosen, *keep]}
    if len({unit.organisation_id for unit in result.values()}) != 1:
        raise DomainError(
            _("All units of a programme must belong to the same organisation."), field="units"
        )
    return list(result.values())


def _new_short_code() -> str:
    while True:
        code = Programme.new_short_code()
        if not Programme.objects.filter(short_code=code).exists():
            return code


def programme_create(*, by, units: Iterable[Unit], **terms) -> Programme:
    """Start a programme for units the user supervises."""
    unit_list = _checked_units(units=units, by=by)
    terms = _validate_terms(terms)
    if terms["starts_on"] < timezone.localdate():
        raise DomainError(_("A new programme cannot start in the past."), field="starts_on")
    with transaction.atomic():
        programme = Programme.objects.create(
            organisation_id=unit_list[0].organisation_id,
            short_code=_new_short_code(),
            created_by=by,
            **terms,
        )
        programme.units.set(unit_list)
        audit_log(
            actor=by,
            action="programme.create",
            obj=programme,
            units=sorted(str(u.id) for u in unit_list),
        )
    return programme


def programme_update(*, programme: Programme, by, units: Iterable[Unit], **terms) -> Programme:
    """Change the programme's name, dates, terms or units.

    A unit another supervisor runs stays; a unit whose workers have signed up stays too.
    The dates cannot move inwards past what the pairs already have: their planned and held
    meetings and the evaluation dates of their accepted agreements stay within the programme.
    """
    current = list(programme.units.all())
    # The same rule as require_supervisor, asked of the units already read.
    if not supervises_any_unit(user=by, unit_ids=[unit.id for unit in current]):
        raise DomainError(_("Only the supervisor of the programme's unit can do this."))
    unit_list = _checked_units(
        units=units,
        by=by,
        keep=[unit for unit in current if not supervises_unit(user=by, unit_id=unit.id)],
    )
    if unit_list[0].organisation_id != programme.organisation_id:
        raise DomainError(_("You can choose only units you supervise."), field="units")
    terms = _validate_terms(terms)
    if terms["starts_on"] != programme.starts_on and terms["starts_on"] < timezone.localdate():
        raise DomainError(_("Do not move the start date into the past."), field="starts_on")
    removed = {u.id for u in current} - {u.id for u in unit_list}
    if SignUp.objects.filter(
        programme=programme, unit_id__in=removed, status=SignUp.Status.ACTIVE
    ).exists():
        raise DomainError(
            _("Workers of a unit you removed have signed up. Keep the unit in the programme."),
            field="units",
        )
    changed = sorted(k for k, v in terms.items() if getattr(programme, k) != v)
    with transaction.atomic():
        if terms["starts_on"] > programme.starts_on or terms["ends_on"] < programme.ends_on:
            taken = days_taken(programme)  # planned and held meetings, evaluation dates
            firsts, lasts = ([taken[0]], [taken[1]]) if taken else ([], [])
            if firsts and terms["starts_on"] > min(firsts):
                raise DomainError(
                    _(
                        "The pairs have meetings or an evaluation date from %(date)s on, so "
                        "the programme can start on %(date)s at the latest."
                    )
                    % {"date": date_format(min(firsts), "SHORT_DATE_FORMAT")},
                    field="starts_on",
                )
            if lasts and terms["ends_on"] < max(lasts):
                raise DomainError(
                    _(
                        "The pairs have meetings or an evaluation date until %(date)s, so "
                        "the programme can end on %(date)s at the earliest."
                    )
                    % {"date": date_format(max(lasts), "SHORT_DATE_FORMAT")},
                    field="ends_on",
                )
        for key, value in terms.items():
            setattr(programme, key, value)
        programme.save()
        programme.units.set(unit_list)
        audit_log(actor=by, action="programme.update", obj=programme, changed=changed)
    return programme


def signup_can_open(programme: Programme) -> bool:
    """Sign-up can be (re)opened until the programme's last day."""
    return programme.ends_on >= timezone.localdate()


def _signup_set(*, programme: Programme, open_: bool, by) -> Programme:
    require_supervisor(user=by, programme=programme)
    if open_ and not signup_can_open(programme):
        raise DomainError(_("The programme has ended: its sign-up cannot be opened again."))
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if locked.signup_open != open_:  # pressing the button twice changes nothing
            locked.signup_open = open_
            locked.save(update_fields=["signup_open"])
            action = "programme.signup_open" if open_ else "programme.signup_close"
            audit_log(actor=by, action=action, obj=locked)
    programme.signup_open = open_
    return programme


def programme_signup_open(*, programme: Programme, by) -> Programme:
    """Let the workers of the programme's units sign up themselves again."""
    return _signup_set(programme=programme, open_=True, by=by)


def programme_signup_close(*, programme: Programme, by) -> Programme:
    """Stop self-service sign-up; the supervisor can still enter sign-ups for workers."""
    return _signup_set(programme=programme, open_=False, by=by)


def default_dates(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """A new programme starts today and runs half a year: a pair formed at once can book its
    first meeting at once (meetings are booked from the programme's first day)."""
    today = today or timezone.localdate()
    return today, today + dt.timedelta(days=182)
