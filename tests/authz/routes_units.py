from .routes import LOGIN, Route


def _worker_b_membership(w):
    return w.cast.worker_b.memberships.get(unit=w.cast.unit_b).key


# The organisation admin's pages: the admin of the organisation only. Supervisors (of a unit in
# it or elsewhere), workers, pair members and the outsider are told the page does not exist.
ADMIN_ONLY = {"anon": LOGIN, "admin": 200, "*": 404}

ROUTES = {
    # With one organisation, the admin's "Organisation" link goes straight to it.
    "units:organisations": Route(expect={"anon": LOGIN, "admin": 302, "*": 404}),
    "units:organisation": Route(
        kwargs=lambda w: {"organisation_id": w.cast.organisation.pk}, expect=ADMIN_ONLY
    ),
    "units:unit_create": Route(
        kwargs=lambda w: {"organisation_id": w.cast.organisation.pk}, expect=ADMIN_ONLY
    ),
    "units:organisation_contacts": Route(
        kwargs=lambda w: {"organisation_id": w.cast.organisation.pk}, expect=ADMIN_ONLY
    ),
    # The organisation's single sign-on: its admin only (the secret is never shown).
    "units:organisation_sso": Route(
        kwargs=lambda w: {"organisation_id": w.cast.organisation.pk}, expect=ADMIN_ONLY
    ),
    "units:unit_detail": Route(kwargs=lambda w: {"unit_id": w.cast.unit_a.pk}, expect=ADMIN_ONLY),
    "units:unit_edit": Route(kwargs=lambda w: {"unit_id": w.cast.unit_b.pk}, expect=ADMIN_ONLY),
    "units:invite_supervisor": Route(
        kwargs=lambda w: {"unit_id": w.cast.unit_a.pk}, expect=ADMIN_ONLY
    ),
    # POST only; the admin is sent back to the unit's page.
    "units:membership_role": Route(
        kwargs=lambda w: {"membership_id": _worker_b_membership(w)},
        method="post",
        data=lambda w: {"role": "supervisor"},
        expect={"anon": LOGIN, "admin": 302, "*": 404},
    ),
    # GET is the confirmation page.
    "units:membership_remove": Route(
        kwargs=lambda w: {"membership_id": _worker_b_membership(w)}, expect=ADMIN_ONLY
    ),
    # GET is the confirmation page.
    "units:person_erase": Route(
        kwargs=lambda w: {"membership_id": _worker_b_membership(w)}, expect=ADMIN_ONLY
    ),
}
