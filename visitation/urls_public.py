"""The public (no login) kvalitetsstandard pages, mounted at /kvalitetsstandard/."""

from django.urls import path

from . import views

app_name = "kvalitetsstandard"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<uuid:uuid>/", views.public_detail, name="detail"),
]
