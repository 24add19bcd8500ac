from django.urls import path

from . import views

# Signing in, out and resetting a password are allauth's pages: see signin/urls.py.
app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/calendar/", views.calendar_feed, name="calendar_feed"),
    path("invite/", views.invitation_new, name="invite"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
