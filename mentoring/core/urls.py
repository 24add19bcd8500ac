from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("health/", views.health_view, name="health"),
    path("dev/mail/", views.mailbox_list, name="mailbox"),
    path("dev/mail/<str:name>/", views.mailbox_detail, name="mailbox_detail"),
]
