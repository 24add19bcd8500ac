"""Programmes, sign-ups and themes. Every rule and change lives here: each function checks
who acts and what is allowed, runs in a transaction and leaves an audit entry."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.pairs.models import Pair
from units.models import Membership, Shift, Unit
from units.selectors import user_roles

from .models import BUILTIN_THEMES, MAX_CAPACITY, Language, Programme, SignUp, Theme

# Bounds that keep the terms sensible (and inside the columns).
MINUTES_RANGE = (10, 240)
CADENCE_RANGE = (1, 180)
PLANNED_MEETINGS_RANGE = (1, 50)
YEARS_RANGE = (0, 60)

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


# --- Programmes ---------------------------------------------------------------------------


def _check_range(value, bounds, field, message):
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
    if ends <= starts:
        raise DomainError(_("The programme must end after it starts."), field="ends_on")
    _check_range(
        terms["meeting_minutes_min"],
        MINUTES_RANGE,
        "meeting_minutes_min",
        _("A meeting lasts between %(min)s and %(max)s minutes."),
    )
    _check_range(
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
        _check_range(
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
        _check_range(
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
    supervised = user_roles(by).supervised_unit_ids
    if any(unit.id not in supervised for unit in chosen):
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
    """
    supervised = user_roles(by).supervised_unit_ids
    current = list(programme.units.all())
    if not any(unit.id in supervised for unit in current):
        raise DomainError(_("Only the supervisor of the programme's unit can do this."))
    unit_list = _checked_units(
        units=units, by=by, keep=[u for u in current if u.id not in supervised]
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
        for key, value in terms.items():
            setattr(programme, key, value)
        programme.save()
        programme.units.set(unit_list)
        audit_log(actor=by, action="programme.update", obj=programme, changed=changed)
    return programme


# --- Sign-ups ------------------------------------------------------------------------------


def years_in_field(membership: Membership | None) -> int | None:
    """Whole years since the worker started in the field (from the membership), if known."""
    if membership is None or membership.started_in_field is None:
        return None
    return max(0, timezone.localdate().year - membership.started_in_field)


def _worker_membership(*, user, programme: Programme) -> Membership:
    membership = (
        Membership.objects.filter(
            user=user, role=Membership.Role.WORKER, unit__in=programme.units.all()
        )
        .select_related("unit")
        .order_by("unit__name")
        .first()
    )
    if membership is None:
        raise DomainError(_("Only workers of the programme's units can sign up."))
    return membership


def _signup_details(*, programme: Programme, membership: Membership, details: dict) -> dict:
    """Check what the person told about themselves; returns the values to store."""
    role = details.get("role")
    if role not in SignUp.Role.values:
        raise DomainError(_("Choose whether you sign up as a mentor or as an actor."), field="role")
    years = details.get("experience_years")
    if years is None:
        years = years_in_field(membership)
    _check_range(
        years,
        YEARS_RANGE,
        "experience_years",
        _("Give your years in the field as a number from %(min)s to %(max)s."),
    )
    shifts = list(dict.fromkeys(details.get("shifts") or []))
    if any(s not in Shift.values for s in shifts):
        raise DomainError(_("Choose shifts from the list."), field="shifts")
    languages = list(dict.fromkeys(details.get("languages") or []))
    if any(lang not in Language.values for lang in languages):
        raise DomainError(_("Choose languages from the list."), field="languages")
    themes = list(details.get("themes") or [])
    allowed = Q(organisation__isnull=True) | Q(organisation_id=programme.organisation_id)
    if Theme.objects.filter(pk__in=[t.pk for t in themes]).filter(allowed).count() != len(
        {t.pk for t in themes}
    ):
        raise DomainError(_("Choose themes from the list."), field="themes")
    capacity = details.get("capacity")
    if role == SignUp.Role.MENTOR:
        if capacity is None:
            raise DomainError(_("Say how many actors you can take."), field="capacity")
        _check_range(
            capacity,
            (1, MAX_CAPACITY),
            "capacity",
            _("A mentor can take from %(min)s to %(max)s actors."),
        )
    else:
        capacity = None
    return {
        "role": role,
        "experience_years": years,
        "shifts": shifts,
        "languages": languages,
        "themes": themes,
        "themes_text": (details.get("themes_text") or "").strip(),
        "capacity": capacity,
    }


def _require_supervisor(*, user, programme: Programme) -> None:
    if not programme.units.filter(id__in=user_roles(user).supervised_unit_ids).exists():
        raise DomainError(_("Only the supervisor of the programme's unit can do this."))


def signup_create(*, programme: Programme, user, by, **details) -> SignUp:
    """Sign a worker up, by themselves (``by == user``) or entered by their supervisor.

    A worker can sign up only while sign-up is open; the supervisor may enter one later.
    """
    on_behalf = by.pk != user.pk
    if on_behalf:
        _require_supervisor(user=by, programme=programme)
    membership = _worker_membership(user=user, programme=programme)
    if on_behalf and membership.unit_id not in user_roles(by).supervised_unit_ids:
        raise DomainError(_("You can enter sign-ups only for workers of units you supervise."))
    if not on_behalf and not programme.signup_open:
        raise DomainError(_("Sign-up for this programme is closed."))
    if programme.ends_on < timezone.localdate():
        raise DomainError(_("This programme has ended."))
    values = _signup_details(programme=programme, membership=membership, details=details)
    themes = values.pop("themes")
    already = _("%(name)s has already signed up for this programme.") % {"name": user}
    try:
        with transaction.atomic():
            if SignUp.objects.filter(
                programme=programme, user=user, status=SignUp.Status.ACTIVE
            ).exists():
                raise DomainError(already)
            signup = SignUp.objects.create(
                programme=programme,
                user=user,
                unit=membership.unit,
                entered_by=by if on_behalf else None,
                **values,
            )
            signup.themes.set(themes)
            audit_log(
                actor=by, action="signup.create", obj=signup, role=signup.role, on_behalf=on_behalf
            )
    except IntegrityError as exc:  # the same person, twice at the same moment
        raise DomainError(already) from exc
    return signup


def _lock_unpaired(signup: SignUp, *, by) -> SignUp:
    """Lock the active sign-up row; refuse if it is withdrawn or already in a pair.

    Pairing locks the same row, so an edit and a pairing never cross each other."""
    locked = SignUp.objects.select_for_update().filter(pk=signup.pk).first()
    if locked is None or locked.status != SignUp.Status.ACTIVE:
        raise DomainError(_("This sign-up has been withdrawn."))
    live = Pair.objects.filter(Q(mentor=locked) | Q(actor=locked), status__in=Pair.LIVE)
    if live.exists():
        if by.pk == locked.user_id:
            raise DomainError(
                _(
                    "You are already in a pair, so the sign-up can no longer be changed. "
                    "Talk to your supervisor."
                )
            )
        raise DomainError(
            _("%(name)s is already in a pair, so the sign-up can no longer be changed.")
            % {"name": signup.user}
        )
    return locked


def _require_owner_or_supervisor(*, signup: SignUp, by) -> None:
    if signup.user_id != by.pk:
        _require_supervisor(user=by, programme=signup.programme)


def signup_update(*, signup: SignUp, by, **details) -> SignUp:
    """Change a sign-up before its person is in a pair (the worker or their supervisor)."""
    _require_owner_or_supervisor(signup=signup, by=by)
    programme = signup.programme
    membership = Membership.objects.filter(user_id=signup.user_id, unit_id=signup.unit_id).first()
    values = _signup_details(programme=programme, membership=membership, details=details)
    themes = values.pop("themes")
    with transaction.atomic():
        locked = _lock_unpaired(signup, by=by)
        changed = sorted(k for k, v in values.items() if getattr(locked, k) != v)
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
        locked.themes.set(themes)
        audit_log(actor=by, action="signup.update", obj=locked, changed=changed)
    return locked


def signup_withdraw(*, signup: SignUp, by) -> SignUp:
    """Withdraw a sign-up before its person is in a pair. The row stays, marked withdrawn."""
    _require_owner_or_supervisor(signup=signup, by=by)
    with transaction.atomic():
        locked = _lock_unpaired(signup, by=by)
        locked.status = SignUp.Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_log(actor=by, action="signup.withdraw", obj=locked, on_behalf=by.pk != locked.user_id)
    return locked


# --- Themes --------------------------------------------------------------------------------


def _builtin_labels() -> set[str]:
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels |= {str(label).casefold() for label in BUILTIN_THEMES.values()}
    return labels


def theme_create(*, organisation, name: str, by) -> Theme:
    """Add a theme to the organisation's own list (its supervisors and admins)."""
    roles = user_roles(by)
    supervises = Unit.objects.filter(
        id__in=roles.supervised_unit_ids, organisation=organisation
    ).exists()
    if not supervises and organisation.id not in roles.admin_organisation_ids:
        raise DomainError(_("Only the organisation's supervisors and admins can add themes."))
    name = " ".join((name or "").split())
    if len(name) < 2:
        raise DomainError(_("Write the theme's name."), field="name")
    if len(name) > 120:
        raise DomainError(_("Keep the theme's name under 120 characters."), field="name")
    exists = _("The theme “%(name)s” is already on the list.") % {"name": name}
    if name.casefold() in _builtin_labels():
        raise DomainError(exists, field="name")
    try:
        with transaction.atomic():
            # Compared in Python: SQLite folds the case of ASCII letters only (not ä, ö, å).
            own = Theme.objects.filter(organisation=organisation).values_list("name", flat=True)
            if name.casefold() in {existing.casefold() for existing in own}:
                raise DomainError(exists, field="name")
            theme = Theme.objects.create(organisation=organisation, name=name)
            audit_log(actor=by, action="theme.create", obj=theme, name=name)
    except IntegrityError as exc:  # added by someone else at the same moment
        raise DomainError(exists, field="name") from exc
    return theme


def default_dates(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """A new programme starts in a week and runs half a year."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=7), today + dt.timedelta(days=7 + 182)
