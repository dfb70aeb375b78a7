from django.urls import path

from . import views

app_name = "levering"

urlpatterns = [
    path("bestillinger/", views.indbakke, name="indbakke"),
    path("bestillinger/<uuid:uuid>/", views.bestilling_detail, name="bestilling-detail"),
    path("bestillinger/<uuid:uuid>/accepter/", views.bestilling_accept, name="bestilling-accept"),
    path("bestillinger/<uuid:uuid>/afvis/", views.bestilling_decline, name="bestilling-decline"),
    path("bestillinger/<uuid:uuid>/tildel/", views.tildeling_match, name="tildeling-match"),
    path("bestillinger/<uuid:uuid>/besoeg/", views.besoeg_create, name="besoeg-create"),
    path("bestillinger/<uuid:uuid>/kalender/", views.bestilling_kalender, name="bestilling-kalender"),
    path("bestillinger/<uuid:uuid>/serie/", views.serie_create, name="serie-create"),
    path("bestillinger/<uuid:uuid>/statusrapport/", views.statusrapport_create, name="statusrapport-create"),
    path("tildelinger/<uuid:uuid>/afslut/", views.tildeling_end, name="tildeling-end"),
    path("i-dag/", views.i_dag, name="i-dag"),
    path("besoeg/<uuid:uuid>/", views.besoeg_log, name="besoeg-log"),
    path("kalender/", views.kalender, name="kalender"),
    path("gruppesession/", views.gruppesession_create, name="gruppesession-create"),
    path("timer/", views.timer, name="timer"),
    path("sager/<uuid:uuid>/indlaeggelse/", views.indlaeggelse_create, name="indlaeggelse-create"),
    path("indlaeggelser/<uuid:uuid>/udskriv/", views.indlaeggelse_udskriv, name="indlaeggelse-udskriv"),
    path("indlaeggelser/<uuid:uuid>/opfoelgning/", views.indlaeggelse_opfoelgning, name="indlaeggelse-opfoelgning"),
]
