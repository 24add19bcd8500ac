from django.urls import path

from ..views import home, statements

app_name = "site"
urlpatterns = [
    path("", home.home, name="home"),
    path("privacy/", statements.privacy, name="privacy"),
    path("accessibility/", statements.accessibility, name="accessibility"),
]
