from django.urls import path

from . import views

app_name = "tilsyn"

urlpatterns = [
    path("opgaver/", views.mine_opgaver, name="mine-opgaver"),
    path("opgaver/team/", views.team_opgaver, name="team-opgaver"),
    path("opgaver/<uuid:uuid>/luk/", views.opgave_luk, name="opgave-luk"),
    path("indbakke/", views.indbakke, name="indbakke"),
    path("indbakke/laest/", views.indbakke_laest, name="indbakke-laest"),
    path("indbakke/<uuid:uuid>/", views.notifikation_aabn, name="notifikation-aabn"),
    path("sager/<uuid:uuid>/opfoelgning/", views.opfoelgning_create_view, name="opfoelgning-create"),
    path("opfoelgninger/<uuid:uuid>/", views.opfoelgning_detail, name="opfoelgning-detail"),
    path("sager/<uuid:uuid>/tilsyn/", views.tilsyn_create_view, name="tilsyn-create"),
    path("tilsyn/<uuid:uuid>/", views.tilsyn_detail, name="tilsyn-detail"),
]
