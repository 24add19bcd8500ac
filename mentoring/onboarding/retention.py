"""Retention of staff imports (GDPR art. 5(1)(e)): an uploaded file's rows (names, emails,
phones, units) serve the preview and the invitations; after some days they serve nobody."""

from mentoring.core.batches import delete_in_batches

from .models import StaffImport


def staff_imports_delete_before(*, before, batch_size: int = 500) -> int:
    """Delete imports uploaded before the moment, finished or not. The number deleted."""
    return delete_in_batches(
        StaffImport.objects.filter(uploaded_at__lt=before), batch_size=batch_size
    )
