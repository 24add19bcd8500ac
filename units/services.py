"""What an organisation admin changes in their organisation: units and who belongs to them.

Every function checks that ``by`` administers the organisation (the views have already
fetched the object through the user; the check here keeps the rule in one place for any other
caller), changes inside a transaction and writes the audit log.

A unit may be left without a supervisor: an organisation admin reorganising units needs that
freedom, and nothing in the product breaks — the unit's programmes simply have nobody to run
them until someone is made supervisor again.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError

from .access import administers_organisation
from .models import Membership, Organisation, Unit

NAME_MAX_LENGTH = Unit._meta.get_field("name").max_length


def _require_admin(*, by, organisation_id) -> None:
    if not administers_organisation(user=by, organisation_id=organisation_id):
        raise DomainError(_("Only the organisation's admin can change its units and members."))


def _clean_unit_name(*, organisation_id, name: str, unit: Unit | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the unit a name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("A unit name can be at most %(count)d characters long.") % {"count": NAME_MAX_LENGTH},
            field="name",
        )
    # Compared in Python: SQLite folds the case of ASCII letters only ("Ö" vs "ö").
    others = Unit.objects.filter(organisation_id=organisation_id)
    if unit is not None:
        others = others.exclude(pk=unit.pk)
    if name.casefold() in {other.casefold() for other in others.values_list("name", flat=True)}:
        raise _name_taken(name)
    return name


def _name_taken(name: str) -> DomainError:
    return DomainError(
        _("The organisation already has a unit called “%(name)s”. Choose another name.")
        % {"name": name},
        field="name",
    )


def unit_create(*, organisation: Organisation, name: str, by) -> Unit:
    _require_admin(by=by, organisation_id=organisation.pk)
    name = _clean_unit_name(organisation_id=organisation.pk, name=name)
    try:
        with transaction.atomic():
            unit = Unit.objects.create(organisation=organisation, name=name)
            audit_log(actor=by, action="unit.create", obj=unit, name=name)
    except IntegrityError as exc:  # the same name added at the same moment
        raise _name_taken(name) from exc
    return unit


def unit_rename(*, unit: Unit, name: str, by) -> Unit:
    _require_admin(by=by, organisation_id=unit.organisation_id)
    name = _clean_unit_name(organisation_id=unit.organisation_id, name=name, unit=unit)
    if name == unit.name:
        return unit
    old = unit.name
    try:
        with transaction.atomic():
            unit.name = name
            unit.save(update_fields=["name"])
            audit_log(actor=by, action="unit.rename", obj=unit, old=old, new=name)
    except IntegrityError as exc:
        unit.name = old
        raise _name_taken(name) from exc
    return unit


def membership_role_set(*, membership: Membership, role: str, by) -> Membership:
    """Make a member the unit's supervisor, or a worker again. Setting the role it already has
    changes nothing and logs nothing."""
    _require_admin(by=by, organisation_id=membership.unit.organisation_id)
    if role not in Membership.Role.values:
        raise DomainError(_("Choose supervisor or worker."), field="role")
    with transaction.atomic():
        # Lock the row and read the role as it is now, not as the page showed it.
        current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if current is None:
            raise DomainError(_("This person is no longer a member of the unit."))
        if current.role == role:
            membership.role = role
            return membership
        Membership.objects.filter(pk=membership.pk).update(role=role)
        audit_log(
            actor=by,
            action="membership.role",
            obj=membership,
            unit=str(membership.unit_id),
            user=membership.user_id,
            old=current.role,
            new=role,
        )
    membership.role = role
    return membership


def membership_remove(*, membership: Membership, by, confirm_self: bool = False) -> None:
    """Take a person out of a unit. Their account, sign-ups and pairs stay as they are.

    Removing one's own membership needs ``confirm_self``: an admin who also supervises a unit
    should not lose that role by a slip of the finger.
    """
    _require_admin(by=by, organisation_id=membership.unit.organisation_id)
    if membership.user_id == by.pk and not confirm_self:
        raise DomainError(
            _("This is your own membership. Tick the box to confirm that you want to leave."),
            field="confirm_self",
        )
    with transaction.atomic():
        audit_log(
            actor=by,
            action="membership.remove",
            obj=membership,
            unit=str(membership.unit_id),
            user=membership.user_id,
            role=membership.role,
        )
        deleted, _rows = Membership.objects.filter(pk=membership.pk).delete()
        if not deleted:
            raise DomainError(_("This person is no longer a member of the unit."))


CONTACT_FIELDS = (
    "controller_name",
    "controller_address",
    "controller_email",
    "dpo_contact",
    "accessibility_contact",
)


def organisation_contacts_update(*, organisation: Organisation, by, **values: str) -> list[str]:
    """Set the controller's contact details (the fields of ``CONTACT_FIELDS``; others are
    refused). Returns the names of the fields that changed; the audit entry names them,
    not their values."""
    _require_admin(by=by, organisation_id=organisation.pk)
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    cleaned = {name: " ".join((value or "").split()) for name, value in values.items()}
    for name, value in cleaned.items():
        limit = Organisation._meta.get_field(name).max_length
        if len(value) > limit:
            raise DomainError(_("At most %(count)d characters.") % {"count": limit}, field=name)
    changed = [name for name, value in cleaned.items() if getattr(organisation, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(organisation, name, cleaned[name])
        organisation.save(update_fields=changed)
        audit_log(actor=by, action="organisation.contacts", obj=organisation, changed=changed)
    return changed
