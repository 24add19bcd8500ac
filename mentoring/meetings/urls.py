from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("pairs/<uuid:pair_id>/meetings/", views.meeting_list, name="list"),
    path("pairs/<uuid:pair_id>/meetings/new/", views.propose, name="propose"),
    path("pairs/<uuid:pair_id>/meetings/record/", views.record, name="record"),
    path("meetings/<uuid:meeting_id>/move/", views.move, name="move"),
    path("meetings/<uuid:meeting_id>/cancel/", views.cancel, name="cancel"),
    path("meetings/<uuid:meeting_id>/log/", views.log, name="log"),
    path("meetings/<uuid:meeting_id>/meeting.ics", views.ics, name="ics"),
    path("meetings/<uuid:meeting_id>/decide/", views.decide, name="decide"),
    path("approvals/", views.approvals_home, name="approvals_home"),
    path("programmes/<uuid:programme_id>/approvals/", views.approvals, name="approvals"),
    path("calendar/", views.calendar_home, name="calendar_home"),
    path("units/<uuid:unit_id>/calendar/", views.calendar, name="calendar"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
