"""Bringing an organisation and its staff in: the organisation's start with its first admin,
and the staff import (upload → preview → confirm → invitations in the background).

Each function takes the acting user, refuses with a DomainError in words, changes inside a
transaction and writes the audit log (the entries hold counts and ids, never the rows).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.accounts.invitations import invitations_write_waiting
from mentoring.accounts.models import Invitation
from mentoring.accounts.services import organisation_admin_invite
from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from units.access import administers_organisation, is_site_staff, oversees_organisation
from units.models import Membership, Organisation
from units.services import unit_create

from .models import StaffImport
from .plan import INVITATION_FIELDS, MEMBERSHIP_FIELDS, NEW, UPDATE, ImportPlan, import_plan
from .reading import read_staff_file

ORGANISATION_NAME_MAX = Organisation._meta.get_field("name").max_length
INVITATIONS_PER_STEP = 50


# --- Starting an organisation -----------------------------------------------------------------


def organisation_start(
    *, name: str, admin_email: str, by=None, admin_name: str = "", language: str = ""
) -> tuple[Organisation, bool, Invitation | None]:
    """Create the organisation (or find it by its name) and invite its first admin.

    Idempotent: run again, it creates nothing and sends nothing (the admin already has a
    pending invitation or the role). ``by`` is site staff, or None for the command line.
    Returns the organisation, whether it was created, and the invitation sent (or None).
    """
    if by is not None and not is_site_staff(by):
        raise DomainError(_("Only the site's staff can start an organisation."))
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the organisation a name."), field="name")
    if len(name) > ORGANISATION_NAME_MAX:
        raise DomainError(
            _("An organisation's name can be at most %(count)d characters long.")
            % {"count": ORGANISATION_NAME_MAX},
            field="name",
        )
    with transaction.atomic():
        organisation = Organisation.objects.filter(name__iexact=name).first()
        created = organisation is None
        if created:
            organisation = Organisation.objects.create(name=name)
            audit_log(actor=by, action="organisation.create", obj=organisation, name=name)
        invitation = organisation_admin_invite(
            organisation=organisation,
            email=admin_email,
            by=by,
            name=admin_name,
            language=language,
        )
    return organisation, created, invitation


# --- The staff import -------------------------------------------------------------------------


def staff_import_upload(
    *, by, organisation: Organisation, name: str, content: bytes, create_units: bool = False
) -> StaffImport:
    """Read the file and keep its rows for the preview; nothing else changes yet."""
    if not oversees_organisation(user=by, organisation_id=organisation.pk):
        raise DomainError(_("You can import staff only to your own organisation."))
    rows = read_staff_file(name=name, content=content)
    may_create = administers_organisation(user=by, organisation_id=organisation.pk)
    with transaction.atomic():
        batch = StaffImport.objects.create(
            organisation=organisation,
            uploaded_by=by,
            file_name=name[:200],
            create_units=create_units and may_create,
            rows=rows,
        )
        audit_log(actor=by, action="staff_import.upload", obj=batch, rows=len(rows))
    return batch


def staff_import_preview(*, batch: StaffImport, by) -> ImportPlan:
    return import_plan(
        organisation=batch.organisation, by=by, rows=batch.rows, create_units=batch.create_units
    )


def staff_import_confirm(*, batch: StaffImport, by) -> ImportPlan | None:
    """Apply the valid rows, as the plan is now: add the missing units (an organisation
    admin's import that allows it), update the changed memberships and pending invitations in
    bulk, and leave the new people to the background task that sends their invitations.
    Rows with errors are left out. Confirming twice applies once: while the invitations are
    still going out it changes nothing and returns None (the caller may queue the task again,
    e.g. when the broker did not answer the first time); once they are sent it refuses."""
    with transaction.atomic():
        locked = StaffImport.objects.select_for_update().get(pk=batch.pk)
        if locked.status == StaffImport.Status.INVITING:
            return None
        if locked.status != StaffImport.Status.PREVIEW:
            raise DomainError(_("This file has already been imported."))
        plan = staff_import_preview(batch=locked, by=by)
        new_units = plan.new_units
        if new_units:
            for unit_name in new_units:
                unit_create(organisation=locked.organisation, name=unit_name, by=by)
            # The rows of the added units are placed in them now.
            plan = staff_import_preview(batch=locked, by=by)
        _apply_updates(plan)
        locked.to_invite = [_invitation_of(row) for row in plan.of(NEW)]
        locked.status = StaffImport.Status.INVITING
        locked.confirmed_at = timezone.now()
        locked.counts = {**plan.counts, "units_added": len(new_units)}
        locked.save(update_fields=["to_invite", "status", "confirmed_at", "counts"])
        audit_log(actor=by, action="staff_import.confirm", obj=locked, **locked.counts)
    batch.refresh_from_db()
    return plan


def _apply_updates(plan: ImportPlan) -> None:
    """Write the changed fields of the updated rows: one query per kind of row."""
    changed = {Membership: [], Invitation: []}
    for row in plan.of(UPDATE):
        for name in row.changes:
            setattr(row.target, name, row.values[name])
        changed[type(row.target)].append(row.target)
    Membership.objects.bulk_update(changed[Membership], MEMBERSHIP_FIELDS, batch_size=500)
    Invitation.objects.bulk_update(changed[Invitation], INVITATION_FIELDS, batch_size=500)


def _invitation_of(row) -> dict:
    return {
        "email": row.values["email"],
        "unit": str(row.unit.pk),
        "name": row.values.get("name", ""),
        "phone": row.values.get("phone", ""),
        "role": row.values.get("role", Membership.Role.WORKER),
        "job_title": row.values.get("job_title", ""),
        "started_in_field": row.values.get("started_in_field"),
        "shifts": row.values.get("shifts", []),
        "language": row.values.get("language", settings.DEFAULT_LANGUAGE),
    }


def staff_import_send_invitations(*, batch_id, step: int = INVITATIONS_PER_STEP) -> bool:
    """Write the next ``step`` invitations of a confirmed import and hand them to the
    accounts' send tasks (as a pasted list is: each email sent once, retried when the mail
    server fails); True when all have gone.

    The batch row is locked and its counter moves in the same transaction as the
    invitations it counts, so a retried or doubled task neither skips nor repeats one; an
    invitation already pending for the person and unit (or a membership) is not sent again.
    """
    with transaction.atomic():
        batch = (
            StaffImport.objects.select_for_update(of=("self",))
            .select_related("uploaded_by")
            .filter(pk=batch_id, status=StaffImport.Status.INVITING)
            .first()
        )
        if batch is None:
            return True
        todo = batch.to_invite[batch.invited : batch.invited + step]
        _invite_unless_present(todo, by=batch.uploaded_by)
        batch.invited += len(todo)
        if batch.invited >= len(batch.to_invite):
            batch.status = StaffImport.Status.DONE
        batch.save(update_fields=["invited", "status"])
        return batch.status == StaffImport.Status.DONE


def _invite_unless_present(todo: list[dict], *, by) -> None:
    emails = {entry["email"] for entry in todo}
    invited = Invitation.objects.usable().filter(email__in=emails).values_list("email", "unit_id")
    members = Membership.objects.filter(user__email__in=emails).values_list(
        "user__email", "unit_id"
    )
    present = {(email.lower(), str(unit_id)) for email, unit_id in [*invited, *members]}
    invitations_write_waiting(
        by=by,
        invitations=[
            Invitation(unit_id=entry["unit"], **{k: v for k, v in entry.items() if k != "unit"})
            for entry in todo
            if (entry["email"], entry["unit"]) not in present
        ],
    )
