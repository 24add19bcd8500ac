from mentoring.onboarding.models import StaffImport

from .routes import LOGIN, Route

ROWS = [{"line": 2, "email": "uusi@example.test", "unit": "Yksikkö A", "name": "Uusi"}]


def _import_of_sup_a(w) -> dict:
    """A file unit A's supervisor uploaded: theirs and the organisation admin's to see."""
    batch = StaffImport.objects.create(
        organisation=w.cast.organisation, uploaded_by=w.cast.sup_a, rows=ROWS
    )
    return {"import_id": batch.pk}


# Importing staff: supervisors (the outsider supervises in another organisation) and
# organisation admins, each into their own; workers are told the page does not exist.
OVERSEERS = {"anon": LOGIN, "admin": 200, "sup_a": 200, "sup_b": 200, "outsider": 200, "*": 404}
# One import: the person who uploaded it and the organisation's admin.
UPLOADER_OR_ADMIN = {"anon": LOGIN, "admin": 200, "sup_a": 200, "*": 404}

ROUTES = {
    # Site staff only; nobody of the cast is staff (tests/onboarding tests the staff).
    "onboarding:organisation_start": Route(expect={"anon": LOGIN, "*": 404}),
    "onboarding:import_new": Route(expect=OVERSEERS),
    "onboarding:import_template": Route(kwargs=lambda w: {"kind": "xlsx"}, expect=OVERSEERS),
    "onboarding:import_detail": Route(kwargs=_import_of_sup_a, expect=UPLOADER_OR_ADMIN),
    # POST only: the import is applied and the page of its progress follows.
    "onboarding:import_confirm": Route(
        kwargs=_import_of_sup_a,
        method="post",
        expect={"anon": LOGIN, "admin": 302, "sup_a": 302, "*": 404},
    ),
}
