from django.urls import path

from ..views import my_data as views

app_name = "my_data"
urlpatterns = [
    path("accounts/profile/data/", views.page, name="page"),
    path("accounts/profile/data/download/", views.download, name="download"),
    path("accounts/profile/remove/", views.erase, name="erase"),
]
