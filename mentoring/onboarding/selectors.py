"""Reads of staff imports, always through the user: an import is seen by the person who
uploaded it and by its organisation's admins; anyone else gets 404."""

from django.db.models import Q
from django.http import Http404

from units.access import organisations_overseen_by, user_roles

from .models import StaffImport


def staff_import_for_user(*, user, import_id) -> StaffImport:
    batch = (
        StaffImport.objects.select_related("organisation", "uploaded_by")
        .filter(
            Q(uploaded_by=user) | Q(organisation_id__in=user_roles(user).admin_organisation_ids),
            pk=import_id,
        )
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def organisations_to_import_to(*, user) -> list:
    """Where the user may import staff: organisations they administer or supervise in."""
    return list(organisations_overseen_by(user=user).order_by("name"))
