from django.urls import path

from ..views import organisation as views
from ..views import sso

app_name = "units"
urlpatterns = [
    path("organisations/", views.organisations, name="organisations"),
    path(
        "organisations/<uuid:organisation_id>/units/",
        views.organisation,
        name="organisation",
    ),
    path(
        "organisations/<uuid:organisation_id>/units/new/",
        views.unit_create,
        name="unit_create",
    ),
    path(
        "organisations/<uuid:organisation_id>/contacts/",
        views.organisation_contacts,
        name="organisation_contacts",
    ),
    path(
        "organisations/<uuid:organisation_id>/sign-in/",
        sso.organisation_sso,
        name="organisation_sso",
    ),
    path("units/<uuid:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<uuid:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<uuid:unit_id>/invite/", views.invite_supervisor, name="invite_supervisor"),
    path(
        "memberships/<uuid:membership_id>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "memberships/<uuid:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "memberships/<uuid:membership_id>/remove-data/",
        views.person_erase,
        name="person_erase",
    ),
]
