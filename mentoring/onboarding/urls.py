from django.urls import path, re_path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("staff/organisations/new/", views.organisation_start, name="organisation_start"),
    path("imports/new/", views.import_new, name="import_new"),
    re_path(
        r"^imports/template\.(?P<kind>csv|xlsx)$", views.import_template, name="import_template"
    ),
    path("imports/<uuid:import_id>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:import_id>/confirm/", views.import_confirm, name="import_confirm"),
]
