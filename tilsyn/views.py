"""Worklists, inbox, opfølgning and tilsyn screens. Thin: parse, scope, call a service, render."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bostotte.core import selectors as core_selectors
from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import MYNDIGHED_ROLLER, Rolle, User
from bostotte.core.viewutils import add_form_errors
from bostotte.ffb.models import Kode

from . import selectors
from .forms import OpfoelgningForm, OpgaveLukForm, TilsynForm
from .services.frister import opgave_close
from .services.notifikation import notifikation_mark_all_read, notifikation_mark_read
from .services.opfoelgning import VurderingInput, foer_niveauer, opfoelgning_create
from .services.tilsyn import tilsyn_create


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- worklists ------------------------------------------------------------------------------
def mine_opgaver(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.rolle not in MYNDIGHED_ROLLER:
        return HttpResponse(status=403)
    opgaver = list(selectors.opgave_list_mine(user=user)[:300])
    return render(request, "tilsyn/opgaver.html", {
        "opgaver": opgaver, "today": timezone.localdate(), "team": False, "luk_form": OpgaveLukForm(),
    })


def team_opgaver(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.rolle != Rolle.MYNDIGHEDSLEDER:
        return HttpResponse(status=403)
    opgaver = list(selectors.opgave_list_team(user=user)[:500])
    return render(request, "tilsyn/opgaver.html", {
        "opgaver": opgaver, "today": timezone.localdate(), "team": True, "luk_form": OpgaveLukForm(),
    })


@require_POST
def opgave_luk(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    if user.rolle not in MYNDIGHED_ROLLER:
        raise Http404
    opgave = selectors.opgave_get_visible(user=user, uuid=uuid)
    form = OpgaveLukForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            opgave = opgave_close(opgave=opgave, status=form.cleaned_data["status"], begrundelse=form.cleaned_data["begrundelse"], actor=user)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except ApplicationError as exc:
            if exc.code == "ikke_ansvarlig":
                return HttpResponse(status=403)
            form.add_error(None, exc.message)
    if form.errors:
        status = 422
    elif not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("Opgaven er lukket."))
        nxt = request.POST.get("next", "")
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
            return redirect(nxt)
        return redirect("tilsyn:mine-opgaver")
    if not request.htmx and form.errors:  # type: ignore[attr-defined]
        opgaver = list(selectors.opgave_list_mine(user=user)[:300])
        return render(request, "tilsyn/opgaver.html", {"opgaver": opgaver, "today": timezone.localdate(), "team": False, "luk_form": OpgaveLukForm(), "fejl_opgave": opgave, "fejl_form": form}, status=422)
    return render(request, "tilsyn/opgaver.html#row", {"o": opgave, "today": timezone.localdate(), "team": request.POST.get("team") == "1", "luk_form": form}, status=status)


# --- inbox ----------------------------------------------------------------------------------
def indbakke(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "tilsyn/indbakke.html", {"notifikationer": list(selectors.notifikation_list(user=user)[:200])})


@require_POST
def notifikation_aabn(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    n = selectors.notifikation_get_own(user=user, uuid=uuid)
    notifikation_mark_read(notifikation=n, actor=user)
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}):
        return redirect(n.url)
    return redirect("tilsyn:indbakke")


@require_POST
def indbakke_laest(request: HttpRequest) -> HttpResponse:
    notifikation_mark_all_read(actor=_user(request))
    return redirect("tilsyn:indbakke")


# --- opfølgning -----------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def opfoelgning_create_view(request: HttpRequest, uuid: str) -> HttpResponse:
    from visitation.models import Indsatsmaal

    user = _user(request)
    sag = core_selectors.sag_get_visible(user=user, uuid=uuid, roller=MYNDIGHED_ROLLER)
    bestilling = selectors.live_bestilling_for_sag(sag=sag)
    if bestilling is None:
        messages.info(request, _("Sagen har ingen aktiv bestilling at følge op på."))
        return redirect("core:sag-detail", uuid=sag.uuid)
    maal = None
    maal_uuid = request.GET.get("maal", "")
    if maal_uuid:
        try:
            maal = Indsatsmaal.objects.select_related("undertema").get(uuid=maal_uuid, bestilling=bestilling, status="aktiv")
        except (Indsatsmaal.DoesNotExist, ValueError, ValidationError) as exc:
            raise Http404 from exc
        maal_list = [maal]
    else:
        maal_list = list(Indsatsmaal.objects.filter(bestilling=bestilling, status="aktiv").select_related("undertema"))
    undertemaer = sorted({m.undertema for m in maal_list}, key=lambda k: k.path)
    foer = foer_niveauer(sag=sag, bestilling=bestilling, undertema_ids=[u.pk for u in undertemaer])
    niveau_choices = [("", _("Vælg"))] + [(str(k.pk), k.display) for k in Kode.objects.funktionsevneniveauer()]
    stoette_choices = [("", _("Vælg"))] + [(str(k.pk), k.display) for k in Kode.objects.stoettebehov()]
    form = OpfoelgningForm(
        request.POST or None, undertemaer=undertemaer, niveau_choices=niveau_choices,
        stoettebehov_choices=stoette_choices, foer=foer, initial={"udfoert_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        koder = {k.pk: k for k in Kode.objects.filter(pk__in=[int(cd[n]) for n in form.vurdering_names] + [int(cd["stoettebehov"])])}
        try:
            opf = opfoelgning_create(
                sag=sag, bestilling=bestilling, indsatsmaal=maal, udfoert_on=cd["udfoert_on"], form=cd["form"],
                deltagere=cd["deltagere"], stoettebehov=koder.get(int(cd["stoettebehov"])),
                vurderinger=[VurderingInput(undertema=u, niveau=koder[int(cd[f"vurdering_{u.pk}"])]) for u in undertemaer],
                borgers_vurdering=cd["borgers_vurdering"], resultat=cd["resultat"], actor=user,
                stoettebehov_begrundelse=cd["stoettebehov_begrundelse"], statusrapport_tekst=cd["statusrapport_tekst"],
                gas_score=cd["gas_score"], begrundelse=cd["begrundelse"], naeste_opfoelgning_on=cd["naeste_opfoelgning_on"],
                ny_timer=cd["ny_timer"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Opfølgningen er gemt."))
            return redirect("tilsyn:opfoelgning-detail", uuid=opf.uuid)
    return render(
        request, "tilsyn/opfoelgning_form.html",
        {"sag": sag, "bestilling": bestilling, "maal": maal, "maal_list": maal_list, "form": form},
        status=422 if form.errors else 200,
    )


def opfoelgning_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    opf = selectors.opfoelgning_get_for_view(user=_user(request), uuid=uuid)
    vurderinger = list(opf.vurderinger.select_related("undertema", "foer_niveau", "efter_niveau"))
    return render(request, "tilsyn/opfoelgning_detail.html", {"opf": opf, "sag": opf.sag, "vurderinger": vurderinger})


# --- tilsyn ---------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def tilsyn_create_view(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = core_selectors.sag_get_visible(user=user, uuid=uuid, roller=MYNDIGHED_ROLLER)
    bevilling = selectors.aktiv_bevilling_for_sag(sag=sag)
    if bevilling is None:
        messages.info(request, _("Sagen har ingen aktiv bevilling at føre tilsyn med."))
        return redirect("core:sag-detail", uuid=sag.uuid)
    form = TilsynForm(request.POST or None, initial={"udfoert_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            t = tilsyn_create(sag=sag, afgoerelse=bevilling, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Tilsynet er gemt."))
            return redirect("tilsyn:tilsyn-detail", uuid=t.uuid)
    return render(request, "tilsyn/tilsyn_form.html", {"sag": sag, "bevilling": bevilling, "form": form, "anden_kommune": sag.betalingskommune_id != sag.handlekommune_id}, status=422 if form.errors else 200)


def tilsyn_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    t = selectors.tilsyn_get_for_view(user=_user(request), uuid=uuid)
    return render(request, "tilsyn/tilsyn_detail.html", {"t": t, "sag": t.sag})
