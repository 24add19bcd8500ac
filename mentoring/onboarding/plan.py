"""What importing a staff file would do, row by row: a new person (an invitation goes out),
an update (the changed fields), unchanged, or an error with its reason in words.

The same plan is shown on the preview and applied at confirmation, computed afresh each
time from the stored rows and the database as it is then. It runs a fixed number of queries
whatever the number of rows: the units, the memberships and the pending invitations of the
file's email addresses are each read in one query.

A person is the email address, compared case-insensitively: a row for an email that
already belongs to the unit (a member, or a pending invitation) updates it, never adds a
second one. The person's own details on their account (name, phone, language) are theirs to
change on their profile: the import fills them in only for people it invites.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.accounts.models import Invitation
from units.access import administers_organisation, units_supervised_among
from units.models import Membership, Organisation, Unit

from .columns import LABELS, clean_row

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
# What a row may change on a membership, and on a pending invitation.
MEMBERSHIP_FIELDS = ("role", "job_title", "started_in_field", "shifts")
INVITATION_FIELDS = ("name", "phone", "language", *MEMBERSHIP_FIELDS)


@dataclass
class RowPlan:
    line: int
    values: dict
    action: str = NEW
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    unit: Unit | None = None
    # What the row updates (a membership or a pending invitation), or None.
    target: Membership | Invitation | None = None

    @property
    def changed_labels(self) -> list[str]:
        return [str(LABELS[name]) for name in self.changes]


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    # Names of units an organisation admin's import adds (in the order the file names them).
    new_units: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.action for row in self.rows)
        return {action: counts.get(action, 0) for action in (NEW, UPDATE, UNCHANGED, ERROR)}

    def of(self, action: str) -> list[RowPlan]:
        return [row for row in self.rows if row.action == action]


def import_plan(
    *, organisation: Organisation, by, rows: list[dict], create_units: bool
) -> ImportPlan:
    """The plan for ``rows`` (as stored by the upload) when ``by`` imports them."""
    this_year = timezone.localdate().year
    plans = [_cleaned(raw, this_year) for raw in rows]
    _refuse_duplicates(plans)
    is_admin = administers_organisation(user=by, organisation_id=organisation.pk)
    units = {u.name.casefold(): u for u in Unit.objects.filter(organisation=organisation)}
    allowed = _units_allowed(by=by, units=units.values(), is_admin=is_admin)
    new_units = _place_in_units(
        plans, units=units, allowed=allowed, may_create=is_admin and create_units
    )
    emails = {plan.values["email"] for plan in plans if not plan.errors}
    members = _memberships(organisation=organisation, emails=emails)
    pending = _pending_invitations(organisation=organisation, emails=emails)
    for plan in plans:
        if plan.errors:
            plan.action = ERROR
            continue
        key = (plan.values["email"], plan.unit.pk if plan.unit else None)
        _compare(plan, members.get(key), pending.get(key), is_admin=is_admin)
    return ImportPlan(rows=plans, new_units=new_units)


def _cleaned(raw: dict, this_year: int) -> RowPlan:
    values, errors = clean_row(raw, this_year=this_year)
    return RowPlan(line=raw.get("line", 0), values=values, errors=errors)


def _refuse_duplicates(plans: list[RowPlan]) -> None:
    """Two rows for the same person in the same unit: neither is imported (which is right is
    for the user to say)."""
    lines: dict[tuple, list[int]] = {}
    for plan in plans:
        if "email" in plan.values and "unit" in plan.values:
            key = (plan.values["email"], plan.values["unit"].casefold())
            lines.setdefault(key, []).append(plan.line)
    for plan in plans:
        key = (plan.values.get("email"), plan.values.get("unit", "").casefold())
        same = lines.get(key, [])
        if len(same) > 1:
            plan.errors.append(
                _("Rows %(lines)s have the same email for the same unit.")
                % {"lines": ", ".join(str(line) for line in same)}
            )


def _units_allowed(*, by, units, is_admin: bool) -> set:
    ids = {unit.pk for unit in units}
    return ids if is_admin else set(units_supervised_among(user=by, unit_ids=ids))


def _place_in_units(plans, *, units: dict, allowed: set, may_create: bool) -> list[str]:
    new_units: dict[str, str] = {}
    for plan in plans:
        name = plan.values.get("unit")
        if not name:
            continue
        unit = units.get(name.casefold())
        if unit is None and may_create:
            new_units.setdefault(name.casefold(), name)
        elif unit is None:
            plan.errors.append(
                _("The unit “%(unit)s” is not in your organisation.") % {"unit": name}
            )
        elif unit.pk not in allowed:
            plan.errors.append(_("You do not supervise the unit “%(unit)s”.") % {"unit": name})
        else:
            plan.unit = unit
    return list(new_units.values())


def _memberships(*, organisation, emails: set[str]) -> dict[tuple, Membership]:
    """The organisation's memberships of the file's people. Read for the whole organisation
    and matched here: comparing lower-cased emails in the database would need an IN list as
    long as the file, which no index serves."""
    found = (
        Membership.objects.filter(unit__organisation=organisation)
        .only("id", "user_id", "unit_id", *MEMBERSHIP_FIELDS)
        .annotate(email=Lower("user__email"))
    )
    return {(m.email, m.unit_id): m for m in found.iterator(2000) if m.email in emails}


def _pending_invitations(*, organisation, emails: set[str]) -> dict[tuple, Invitation]:
    """The usable invitations to the organisation's units for the file's people (the oldest
    first, so that a later one of the same person and unit is the one compared)."""
    found = (
        Invitation.objects.usable()
        .filter(unit__organisation=organisation)
        .annotate(email_lower=Lower("email"))
        .order_by("created_at")
    )
    return {(i.email_lower, i.unit_id): i for i in found if i.email_lower in emails}


def _compare(plan: RowPlan, member: Membership | None, pending, *, is_admin: bool) -> None:
    target, fields = (member, MEMBERSHIP_FIELDS) if member else (pending, INVITATION_FIELDS)
    role = plan.values.get("role")
    if not is_admin and Membership.Role.SUPERVISOR in (role, getattr(target, "role", None)):
        plan.action = ERROR
        plan.errors.append(_("Only the organisation's admin can import supervisors."))
        return
    if target is None:
        plan.action = NEW
        return
    plan.target = target
    plan.changes = [
        name
        for name in fields
        if name in plan.values and plan.values[name] != _stored(target, name)
    ]
    plan.action = UPDATE if plan.changes else UNCHANGED


def _stored(target, name: str):
    """The target's value as the file's cleaned value is written (shifts sorted: the same
    shifts saved elsewhere in another order are no change)."""
    value = getattr(target, name)
    return sorted(value) if isinstance(value, list) else value
