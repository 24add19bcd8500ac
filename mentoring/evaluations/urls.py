from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("meetings/<uuid:meeting_id>/evaluation/", views.answer, name="answer"),
    path("reports/", views.report_list, name="reports"),
    path("programmes/<uuid:programme_id>/report/", views.programme_report, name="report"),
    path(
        "organisations/<uuid:organisation_id>/report/",
        views.organisation_report,
        name="org_report",
    ),
]
