from django.urls import path

from . import views

app_name = "programmes"
P = "programmes/<uuid:programme_id>"
urlpatterns = [
    path("programmes/", views.programme_list, name="list"),
    path("programmes/new/", views.programme_create, name="create"),
    path("programmes/themes/", views.themes, name="themes"),
    path(f"{P}/", views.programme_detail, name="detail"),
    path(f"{P}/edit/", views.programme_edit, name="edit"),
    path(f"{P}/signup-open/", views.programme_signup_switch, name="signup_switch"),
    path(f"{P}/present/", views.programme_present, name="present"),
    path(f"{P}/qr.svg", views.programme_qr, name="qr"),
    path("s/<slug:code>/", views.short_link, name="short"),
    path(f"{P}/signup/", views.signup, name="signup"),
    path(f"{P}/signups/", views.signups, name="signups"),
    path(f"{P}/signups/new/", views.signup_on_behalf, name="signup_on_behalf"),
    path(f"{P}/signups/<uuid:signup_id>/", views.signup_edit, name="signup_edit"),
    path(f"{P}/signups/<uuid:signup_id>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{P}/invite/", views.invite, name="invite"),
    path(f"{P}/invite/many/", views.invite_many, name="invite_many"),
    path(f"{P}/invitations/", views.invitations, name="invitations"),
    path(f"{P}/requests/<uuid:request_id>/accept/", views.request_accept, name="request_accept"),
    path(f"{P}/requests/<uuid:request_id>/decline/", views.request_decline, name="request_decline"),
]
