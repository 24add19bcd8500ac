from django.urls import path

from ..views import home

app_name = "site"
urlpatterns = [
    path("", home.home, name="home"),
]
