from django.urls import path

from ..views import pairs as views

app_name = "pairs"
urlpatterns = [
    path("programmes/<uuid:programme_id>/pairs/", views.board, name="board"),
    path("programmes/<uuid:programme_id>/pairs/new/", views.create, name="create"),
    path("programmes/<uuid:programme_id>/pairs/publish/", views.publish_all, name="publish_all"),
    path("programmes/<uuid:programme_id>/dashboard/", views.dashboard, name="dashboard"),
    path(
        "programmes/<uuid:programme_id>/dashboard/hours.csv", views.hours_export, name="hours_csv"
    ),
    path("pairs/<uuid:pair_id>/", views.detail, name="detail"),
    path("pairs/<uuid:pair_id>/undo/", views.undo, name="undo"),
    path("pairs/<uuid:pair_id>/publish/", views.publish, name="publish"),
]
