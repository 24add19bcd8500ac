from django.urls import path

from . import invitation_views, views

# Signing in, out and resetting a password are allauth's pages: see signin/urls.py.
app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/calendar/", views.calendar_feed, name="calendar_feed"),
    path("invite/", views.invitation_new, name="invite"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "invitations/units/<uuid:unit_id>/",
        invitation_views.unit_invitations,
        name="unit_invitations",
    ),
    path(
        "invitations/units/<uuid:unit_id>/many/",
        invitation_views.unit_invite_many,
        name="unit_invite_many",
    ),
    path("invitations/<uuid:key>/", invitation_views.invitation_action, name="invitation_action"),
]
