"""Erasing a person, as far as staff imports hold them: the imports they uploaded go, and
their row leaves the imports others uploaded (matched by email)."""

from .models import StaffImport


def staff_import_rows_erase_for_person(*, user) -> None:
    StaffImport.objects.filter(uploaded_by=user).delete()
    email = user.email.lower()
    # The imports are few (deleted after some days): read in Python, not searched in JSON,
    # which SQLite and PostgreSQL query differently.
    for batch in StaffImport.objects.only("id", "rows", "to_invite"):
        rows = [row for row in batch.rows if str(row.get("email", "")).strip().lower() != email]
        to_invite = [entry for entry in batch.to_invite if entry["email"] != email]
        if len(rows) != len(batch.rows) or len(to_invite) != len(batch.to_invite):
            batch.rows, batch.to_invite = rows, to_invite
            batch.save(update_fields=["rows", "to_invite"])
