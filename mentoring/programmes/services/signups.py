"""Sign-ups: a worker signs up (or their supervisor for them), changes it or withdraws,
until the person is in a pair."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from units.access import supervises_unit
from units.models import Membership, Shift

from ..access import require_supervisor
from ..hooks import signup_held
from ..models import MAX_CAPACITY, Language, Programme, SignUp, Theme
from ..selectors import worker_membership
from .programmes import check_range

YEARS_RANGE = (0, 60)


def years_in_field(membership: Membership | None) -> int | None:
    """Whole years since the worker started in the field (from the membership), if known."""
    if membership is None or membership.started_in_field is None:
        return None
    return max(0, timezone.localdate().year - membership.started_in_field)


def _worker_membership(*, user, programme: Programme) -> Membership:
    membership = worker_membership(user=user, programme=programme)
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
    check_range(
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
        check_range(
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


def signup_create(*, programme: Programme, user, by, **details) -> SignUp:
    """Sign a worker up, by themselves (``by == user``) or entered by their supervisor.

    A worker can sign up only while sign-up is open; the supervisor may enter one later.
    """
    on_behalf = by.pk != user.pk
    if on_behalf:
        require_supervisor(user=by, programme=programme)
    membership = _worker_membership(user=user, programme=programme)
    if on_behalf and not supervises_unit(user=by, unit_id=membership.unit_id):
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
    if signup_held(locked.pk):
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
    """The worker themselves, or a supervisor who runs the programme: a programme shared by
    units is run jointly, so a supervisor of any of its units acts for every sign-up in it
    (docs/architecture.md, "Who may see what")."""
    if signup.user_id != by.pk:
        require_supervisor(user=by, programme=signup.programme)


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
