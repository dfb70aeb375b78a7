from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from bostotte.core.exceptions import NotAllowedError

from . import views

app_name = "visitation"


def forbidden_as_403(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A forbidden action on something the user may see answers 403 with the Danish reason."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAllowedError as exc:
            return render(request, "visitation/forbidden.html", {"message": exc.message}, status=403)

    return wrapper


def p(route: str, view: Callable[..., HttpResponse], name: str) -> Any:
    return path(route, forbidden_as_403(view), name=name)


urlpatterns = [
    p("kvalitetsstandarder/", views.ks_list, "ks-list"),
    p("kvalitetsstandarder/ny/", views.ks_create, "ks-create"),
    p("kvalitetsstandarder/<uuid:uuid>/ny-version/", views.ks_new_version, "ks-new-version"),
    p("kvalitetsstandarder/<uuid:uuid>/rediger/", views.ks_edit, "ks-edit"),
    p("kvalitetsstandarder/<uuid:uuid>/offentliggoer/", views.ks_publish, "ks-publish"),
    p("henvendelser/ny/", views.henvendelse_create, "henvendelse-create"),
    p("sager/<uuid:uuid>/henvendelser/ny/", views.henvendelse_create_sag, "henvendelse-create-sag"),
    p("henvendelser/<uuid:uuid>/", views.henvendelse_detail, "henvendelse-detail"),
    p("henvendelser/<uuid:uuid>/underretning/", views.henvendelse_underretning, "henvendelse-underretning"),
    p("henvendelser/<uuid:uuid>/underretning/brev/", views.henvendelse_underretning_brev, "henvendelse-underretning-brev"),
    p("henvendelser/<uuid:uuid>/underretning/brev.pdf", views.henvendelse_underretning_pdf, "henvendelse-underretning-pdf"),
    p("sager/<uuid:uuid>/udredninger/ny/", views.udredning_create, "udredning-create"),
    p("udredninger/<uuid:uuid>/", views.udredning_edit, "udredning-edit"),
    p("udredninger/<uuid:uuid>/bilag/", views.bilag_upload, "bilag-upload"),
    p("bilag/<uuid:uuid>/", views.bilag_download, "bilag-download"),
    p("sager/<uuid:uuid>/afgoerelser/ny/", views.afgoerelse_create, "afgoerelse-create"),
    p("afgoerelser/<uuid:uuid>/", views.afgoerelse_detail, "afgoerelse-detail"),
    p("afgoerelser/<uuid:uuid>/traef/", views.afgoerelse_traef, "afgoerelse-traef"),
    p("afgoerelser/<uuid:uuid>/godkend/", views.afgoerelse_godkend, "afgoerelse-godkend"),
    p("afgoerelser/<uuid:uuid>/send-tilbage/", views.afgoerelse_send_tilbage, "afgoerelse-send-tilbage"),
    p("afgoerelser/<uuid:uuid>/brev.pdf", views.afgoerelse_brev, "afgoerelse-brev"),
    p("afgoerelser/<uuid:uuid>/brev-status/", views.afgoerelse_brev_status, "afgoerelse-brev-status"),
    p("afgoerelser/<uuid:uuid>/revisitation/", views.revisitation_start, "revisitation-start"),
    p("afgoerelser/<uuid:uuid>/bestilling/ny/", views.bestilling_create, "bestilling-create"),
    p("afgoerelser/<uuid:uuid>/klage/ny/", views.klage_create, "klage-create"),
    p("godkendelser/", views.godkendelser, "godkendelser"),
    p("bestillinger/<uuid:uuid>/", views.bestilling_detail, "bestilling-detail"),
    p("bestillinger/<uuid:uuid>/send/", views.bestilling_send, "bestilling-send"),
    p("bestillinger/<uuid:uuid>/tilbagekald/", views.bestilling_withdraw, "bestilling-withdraw"),
    p("klager/<uuid:uuid>/", views.klage_detail, "klage-detail"),
]
