from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("pairs/<uuid:pair_id>/agreement/", views.agreement_detail, name="detail"),
    path("pairs/<uuid:pair_id>/agreement/edit/", views.agreement_edit, name="edit"),
    path("pairs/<uuid:pair_id>/agreement/accept/", views.agreement_accept, name="accept"),
    path("pairs/<uuid:pair_id>/agreement/amend/", views.agreement_amend, name="amend"),
    path("pairs/<uuid:pair_id>/agreement/history/", views.agreement_history, name="history"),
    path("pairs/<uuid:pair_id>/agreement/print/", views.agreement_print, name="print"),
]
