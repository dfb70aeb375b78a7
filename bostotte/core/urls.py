from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", views.logout_view, name="logout"),
    path("sager/", views.sag_list, name="sag-list"),
    path("sager/<uuid:uuid>/", views.sag_detail, name="sag-detail"),
    path("sager/<uuid:uuid>/journal/", views.journal_create, name="journal-create"),
    path("sager/<uuid:uuid>/journal/<uuid:note_uuid>/ret/", views.journal_correct, name="journal-correct"),
    path("sager/<uuid:uuid>/adgang/", views.adgang_give, name="adgang-give"),
    path("sager/<uuid:uuid>/adgang/<int:grant_id>/fjern/", views.adgang_revoke, name="adgang-revoke"),
    path("sager/<uuid:uuid>/bevaring/", views.bevaring_set, name="sag-bevaring"),
    path("borgere/<uuid:uuid>/", views.borger_detail, name="borger-detail"),
]
