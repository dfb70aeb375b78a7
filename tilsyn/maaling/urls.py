from django.urls import path

from . import views

app_name = "maaling"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("genberegn/", views.genberegn, name="genberegn"),
    path("bag-tallet/<slug:key>/", views.drill, name="drill"),
    path("eksport.csv", views.eksport_csv_view, name="eksport-csv"),
    path("eksport/xlsx/", views.eksport_xlsx_view, name="eksport-xlsx"),
    path("eksport/<uuid:uuid>/", views.eksport_status, name="eksport-status"),
    path("eksport/<uuid:uuid>/hent/", views.eksport_hent, name="eksport-hent"),
]
