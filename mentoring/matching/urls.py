from django.urls import path

from . import views

app_name = "matching"

_base = "programmes/<uuid:programme_id>/suggestions/"
_one = _base + "<uuid:suggestion_id>/"

urlpatterns = [
    path(_base, views.suggestions, name="suggestions"),
    path(_base + "run/", views.run, name="run"),
    path(_base + "runs/<uuid:run_id>/", views.run_status, name="run_status"),
    path(_base + "accept-all/", views.accept_all, name="accept_all"),
    path(_base + "weights/", views.weights, name="weights"),
    path(_base + "rules/", views.rule_add, name="rule_add"),
    path(_base + "rules/<uuid:rule_id>/delete/", views.rule_delete, name="rule_delete"),
    path(_base + "rejected/clear/", views.rejections_clear, name="rejections_clear"),
    path(_one + "accept/", views.accept, name="accept"),
    path(_one + "reject/", views.reject, name="reject"),
    path(_one + "lock/", views.lock, name="lock"),
    path(_one + "swap/", views.swap, name="swap"),
    path(_one + "swap/choose/", views.swap_choose, name="swap_choose"),
]
