from django.urls import path

from . import views

app_name = "handleplaner"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("sag/<uuid:uuid>/", views.plan_detail, name="plan-detail"),
    path("sag/<uuid:uuid>/udskriv/", views.plan_print, name="plan-print"),
    path("sag/<uuid:uuid>/pdf/", views.plan_pdf, name="plan-pdf"),
    path("sag/<uuid:uuid>/handleplan/tilbud/", views.handleplan_tilbud, name="handleplan-tilbud"),
    path("sag/<uuid:uuid>/handleplan/ny-version/", views.handleplan_edit, name="handleplan-edit"),
    path("sag/<uuid:uuid>/handleplan/versioner/", views.handleplan_versioner, name="handleplan-versioner"),
    path("sag/<uuid:uuid>/handleplan/kommentar/", views.handleplan_kommentar, name="handleplan-kommentar"),
    path("sag/<uuid:uuid>/handleplan/accepter/", views.handleplan_accept, name="handleplan-accept"),
    path("bestilling/<uuid:uuid>/paedagogisk-plan/", views.paedagogisk_plan_edit, name="paedagogisk-plan-edit"),
    path("indsatsmaal/<uuid:uuid>/delmaal/ny/", views.delmaal_create, name="delmaal-create"),
    path("delmaal/<uuid:uuid>/", views.delmaal_edit, name="delmaal-edit"),
    path("delmaal/<uuid:uuid>/evaluering/", views.evaluering_delmaal, name="evaluering-delmaal"),
    path("indsatsmaal/<uuid:uuid>/evaluering/", views.evaluering_indsatsmaal, name="evaluering-indsatsmaal"),
]
