"""Visitation screens for the sagsbehandler and myndighedsleder. Thin: parse input, call the
selector (404 outside the scope), call the service, render (422 keeps the input) or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bostotte.core.exceptions import ApplicationError, ConflictError, NotAllowedError
from bostotte.core.models import MYNDIGHED_ROLLER, AccessLog, Rolle, User
from bostotte.core.selectors import sag_get_visible
from bostotte.core.viewutils import add_form_errors
from bostotte.ffb.models import Kode

from . import selectors as sel
from . import services as s
from .forms import (
    AfgoerelseCreateForm,
    AfgoerelseForm,
    AnkeResultatForm,
    AnkeSendtForm,
    BestillingForm,
    BilagForm,
    GenvurderingForm,
    HenvendelseCprForm,
    HenvendelseForm,
    KlageForm,
    KommentarForm,
    KvalitetsstandardCreateForm,
    KvalitetsstandardForm,
    TilbagekaldForm,
    UdredningForm,
    UnderretningForm,
)
from .models import Afgoerelse, Bestilling, Kvalitetsstandard, Udredning


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_leder(user: User) -> bool:
    return user.rolle == Rolle.MYNDIGHEDSLEDER


def _service_error(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        add_form_errors(form, exc)
    elif isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)


def _sag(request: HttpRequest, uuid: Any) -> Any:
    return sag_get_visible(user=_user(request), uuid=uuid, roller=MYNDIGHED_ROLLER)


# --- Public kvalitetsstandard ------------------------------------------------------------------------
@login_not_required
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "visitation/public/list.html", {"standarder": sel.kvalitetsstandard_list_public()})


@login_not_required
@require_GET
def public_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    ks = sel.kvalitetsstandard_get_public(uuid=uuid)
    return render(request, "visitation/public/detail.html", {"ks": ks, "ydelser": list(ks.ydelser.order_by("path"))})


# --- Kvalitetsstandard maintenance --------------------------------------------------------------------
@require_GET
def ks_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "visitation/ks_list.html", {"standarder": sel.kvalitetsstandard_list(user=user), "is_leder": _is_leder(user)})


@require_http_methods(["GET", "POST"])
def ks_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    sel.require_myndighed_role(user)
    if not _is_leder(user):
        raise NotAllowedError(_("Kun en myndighedsleder kan oprette kvalitetsstandarder."))
    form = KvalitetsstandardCreateForm(request.POST or None, lovgrundlag=request.POST.get("lovgrundlag", "sel_85"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ydelser = data.pop("ydelser")
        lovgrundlag = data.pop("lovgrundlag")
        try:
            ks = s.kvalitetsstandard_create(lovgrundlag=lovgrundlag, ydelser=ydelser, actor=user, **data)
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Kladden er oprettet."))
            return redirect("visitation:ks-edit", uuid=ks.uuid)
    return render(request, "visitation/ks_form.html", {"form": form, "ks": None}, status=422 if form.errors else 200)


@require_POST
def ks_new_version(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    ks = sel.kvalitetsstandard_get(user=user, uuid=uuid)
    if not _is_leder(user):
        raise NotAllowedError(_("Kun en myndighedsleder kan lave en ny version."))
    try:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("visitation:ks-list")
    messages.success(request, _("Der er lavet en kladde til version %(v)d.") % {"v": draft.version})
    return redirect("visitation:ks-edit", uuid=draft.uuid)


@require_http_methods(["GET", "POST"])
def ks_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    ks = sel.kvalitetsstandard_get(user=user, uuid=uuid)
    if not _is_leder(user):
        raise NotAllowedError(_("Kun en myndighedsleder kan rette kvalitetsstandarder."))
    form = KvalitetsstandardForm(request.POST or None, instance=ks, lovgrundlag=ks.lovgrundlag)
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "ydelser"}
            try:
                s.kvalitetsstandard_update(kvalitetsstandard=ks, actor=user, ydelser=form.cleaned_data["ydelser"], **data)
            except (ValidationError, ApplicationError) as exc:
                _service_error(form, exc)
            else:
                messages.success(request, _("Kladden er gemt."))
                return redirect("visitation:ks-edit", uuid=ks.uuid)
        ks.refresh_from_db()
    return render(request, "visitation/ks_form.html", {"form": form, "ks": ks}, status=422 if form.errors else 200)


@require_POST
def ks_publish(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    ks = sel.kvalitetsstandard_get(user=user, uuid=uuid)
    if not _is_leder(user):
        raise NotAllowedError(_("Kun en myndighedsleder kan offentliggøre."))
    try:
        s.kvalitetsstandard_publish(kvalitetsstandard=ks, actor=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("visitation:ks-edit", uuid=ks.uuid)
    messages.success(request, _("Kvalitetsstandarden er offentliggjort. Den tidligere version er afløst."))
    return redirect("visitation:ks-list")


# --- Henvendelse --------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def henvendelse_create(request: HttpRequest) -> HttpResponse:
    """A henvendelse by CPR (new or existing citizen). CPR only ever travels in the POST body."""
    user = _user(request)
    sel.require_myndighed_role(user)
    form = HenvendelseCprForm(request.POST or None, initial={"modtaget_on": timezone.localdate(), "er_ansoegning": True})
    fundet = None
    if request.method == "POST" and request.POST.get("handling") == "opslag":
        form.errors.clear() if form.is_bound and not form.is_valid() else None
        cpr = request.POST.get("cpr", "")
        from bostotte.core.selectors import borger_find_by_cpr  # noqa: PLC0415

        try:
            fundet = borger_find_by_cpr(user=user, cpr=cpr)
        except ValidationError as exc:
            form = HenvendelseCprForm(initial={**request.POST.dict()})
            form.cpr_fejl = exc.messages[0]  # type: ignore[attr-defined]
        else:
            form = HenvendelseCprForm(initial={**request.POST.dict()})
        return render(request, "visitation/henvendelse_form.html", {"form": form, "fundet": fundet, "opslag": True, "cpr_mode": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            h = s.henvendelse_create_for_cpr(actor=user, **data)
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Henvendelsen er registreret. Sagsbehandlingsfristen er %(f)s.") % {
                "f": h.frist_on.strftime("%d.%m.%Y") if h.frist_on else _("ikke relevant")})
            return redirect("core:sag-detail", uuid=h.sag.uuid)
    return render(request, "visitation/henvendelse_form.html", {"form": form, "cpr_mode": True}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def henvendelse_create_sag(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = _sag(request, uuid)
    form = HenvendelseForm(request.POST or None, initial={"modtaget_on": timezone.localdate(), "er_ansoegning": True})
    if request.method == "POST" and form.is_valid():
        try:
            s.henvendelse_create(sag=sag, actor=user, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Henvendelsen er registreret."))
            return redirect("core:sag-detail", uuid=sag.uuid)
    return render(request, "visitation/henvendelse_form.html", {"form": form, "sag": sag}, status=422 if form.errors else 200)


@require_GET
def henvendelse_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    h = sel.henvendelse_get(user=user, uuid=uuid)
    sel.log_view(user, h, "Sagsbehandling: visning af henvendelse", "henvendelse-detail")
    return render(request, "visitation/henvendelse_detail.html", {"h": h, "sag": h.sag, "form": UnderretningForm()})


@require_POST
def henvendelse_underretning(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    h = sel.henvendelse_get(user=user, uuid=uuid)
    form = UnderretningForm(request.POST)
    if form.is_valid():
        try:
            s.henvendelse_underretning_record(henvendelse=h, actor=user, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Underretningen er registreret. Udskriv eller hent brevet nedenfor."))
            return redirect("visitation:henvendelse-detail", uuid=h.uuid)
    return render(request, "visitation/henvendelse_detail.html", {"h": h, "sag": h.sag, "form": form}, status=422)


def _underretning_or_404(request: HttpRequest, uuid: str) -> Any:
    h = sel.henvendelse_get(user=_user(request), uuid=uuid)
    if not h.underretning_sendt_on:
        raise Http404
    return h


@require_GET
def henvendelse_underretning_brev(request: HttpRequest, uuid: str) -> HttpResponse:
    from .services.brev import underretning_context  # noqa: PLC0415

    user = _user(request)
    h = _underretning_or_404(request, uuid)
    sel.log_view(user, h, "Sagsbehandling: brev om længere sagsbehandlingstid", "henvendelse-underretning-brev", AccessLog.Art.DOKUMENT)
    return render(request, "visitation/underretning_print.html", underretning_context(h))


@require_GET
def henvendelse_underretning_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    h = _underretning_or_404(request, uuid)
    sel.log_view(user, h, "Sagsbehandling: brev om længere sagsbehandlingstid (PDF)", "henvendelse-underretning-pdf", AccessLog.Art.DOKUMENT)
    pdf = s.underretning_pdf_render(henvendelse=h)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="underretning-{h.sag.sagsnummer}.pdf"'
    return response


# --- Udredning ----------------------------------------------------------------------------------------
@require_POST
def udredning_create(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = _sag(request, uuid)
    henvendelse = sag.henvendelser.filter(status="aaben").order_by("-modtaget_on").first()
    try:
        udr = s.udredning_create(sag=sag, henvendelse=henvendelse, actor=user)
    except (ValidationError, ApplicationError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [])))
        return redirect("core:sag-detail", uuid=sag.uuid)
    return redirect("visitation:udredning-edit", uuid=udr.uuid)


def _udredning_form(udr: Udredning, data: Any = None) -> UdredningForm:
    undertemaer = list(Kode.objects.undertemaer().select_related("parent"))
    kilder = list(Kode.objects.kilder())
    niveauer = list(Kode.objects.funktionsevneniveauer())
    initial: dict[str, Any] = {
        "version": udr.version, "borgers_maal_og_oensker": udr.borgers_maal_og_oensker, "borgers_vurdering": udr.borgers_vurdering,
        "stoettebehov": udr.stoettebehov_id, "stoettebehov_begrundelse": udr.stoettebehov_begrundelse,
    }
    for t in udr.tilstande.all():
        initial[f"b_{t.undertema_id}"] = t.beskrivelse
        initial[f"k_{t.undertema_id}"] = t.kilde_id
        initial[f"n_{t.undertema_id}"] = t.funktionsevneniveau_id
    return UdredningForm(data, initial=initial, undertemaer=undertemaer, kilder=kilder, niveauer=niveauer)


def _temaer(form: UdredningForm) -> list[dict[str, Any]]:
    groups: dict[int, dict[str, Any]] = {}
    for row in form.rows():
        u = row["undertema"]
        g = groups.setdefault(u.parent_id, {"tema": u.parent, "rows": [], "dokumenteret": 0, "fejl": False})
        g["rows"].append(row)
        value = row["b"].value()
        if value and str(value).strip():
            g["dokumenteret"] += 1
        if row["b"].errors or row["k"].errors or (row["n"] is not None and row["n"].errors):
            g["fejl"] = True
    return list(groups.values())


@require_http_methods(["GET", "POST"])
def udredning_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    udr = sel.udredning_get(user=user, uuid=uuid)
    if request.method == "GET":
        sel.log_view(user, udr, "Sagsbehandling: visning af udredning", "udredning-edit")
    if udr.status != Udredning.Status.KLADDE:
        return render(request, "visitation/udredning_detail.html", {
            "udr": udr, "sag": udr.sag, "tilstande": udr.tilstande.select_related("undertema", "undertema__parent", "kilde", "funktionsevneniveau"),
            "bilag": udr.bilag.all(),
        })
    form = _udredning_form(udr, request.POST or None)
    status = 200
    konflikt = None
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            koder = {k.pk: k for k in Kode.objects.filter(pk__in=[v for k, v in d.items() if k[:2] in ("k_", "n_") and v])}
            tilstande = [
                s.TilstandInput(undertema=u, beskrivelse=d.get(f"b_{u.pk}") or "", kilde=koder.get(d.get(f"k_{u.pk}")),  # type: ignore[arg-type]
                                funktionsevneniveau=koder.get(d.get(f"n_{u.pk}")))  # type: ignore[arg-type]
                for u in form.undertemaer
            ]
            try:
                udr = s.udredning_save(
                    udredning=udr, version=d["version"], actor=user, tilstande=tilstande,
                    borgers_maal_og_oensker=d["borgers_maal_og_oensker"], borgers_vurdering=d["borgers_vurdering"],
                    stoettebehov=d["stoettebehov"], stoettebehov_begrundelse=d["stoettebehov_begrundelse"],
                )
                if request.POST.get("handling") == "afslut":
                    udr = s.udredning_finish(udredning=udr, version=udr.version, actor=user)
                    messages.success(request, _("Udredningen er afsluttet."))
                    return redirect("core:sag-detail", uuid=udr.sag.uuid)
            except ConflictError as exc:
                konflikt = exc.message
                status = 409
            except (ValidationError, ApplicationError) as exc:
                if isinstance(exc, ValidationError):
                    for key, errs in exc.message_dict.items():
                        target = f"b_{key.removeprefix('tilstand_')}" if key.startswith("tilstand_") else (key if key in form.fields else None)
                        for e in errs:
                            form.add_error(target if target in form.fields else None, e)
                else:
                    # the draft was saved; finishing was refused
                    messages.error(request, exc.message)
                    return redirect("visitation:udredning-edit", uuid=udr.uuid)
            else:
                messages.success(request, _("Kladden er gemt."))
                return redirect("visitation:udredning-edit", uuid=udr.uuid)
        if status == 200:
            status = 422
    temaer = _temaer(form)
    return render(request, "visitation/udredning_form.html", {
        "udr": udr, "sag": udr.sag, "form": form, "temaer": temaer, "konflikt": konflikt,
        "antal_dokumenteret": sum(1 for t in temaer if t["dokumenteret"]), "antal_temaer": len(temaer),
        "mangler": s.udredning_validate_complete(udr), "bilag": udr.bilag.all(), "bilag_form": BilagForm(),
    }, status=status)


@require_POST
def bilag_upload(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    udr = sel.udredning_get(user=user, uuid=uuid)
    form = BilagForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            s.bilag_create(udredning=udr, actor=user, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Bilaget er gemt."))
            return redirect("visitation:udredning-edit", uuid=udr.uuid)
    return render(request, "visitation/bilag_form.html", {"udr": udr, "sag": udr.sag, "form": form}, status=422)


@require_GET
def bilag_download(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    bilag = sel.bilag_get(user=user, uuid=uuid)
    sel.log_view(user, bilag, "Sagsbehandling: bilag hentet", "bilag-download", AccessLog.Art.DOKUMENT)
    ext = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[bilag.content_type]
    response = FileResponse(bilag.fil.open("rb"), content_type=bilag.content_type, as_attachment=True, filename=f"bilag-{bilag.uuid}.{ext}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Afgørelse ----------------------------------------------------------------------------------------
@require_POST
def afgoerelse_create(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = _sag(request, uuid)
    form = AfgoerelseCreateForm(request.POST)
    udredning = sag.udredninger.filter(status="afsluttet").order_by("-afsluttet_at").first()
    erstatter = None
    if request.POST.get("erstatter"):
        erstatter = sag.afgoerelser.filter(uuid=request.POST["erstatter"], er_aktiv=True).first()
        if erstatter is None:
            raise Http404
    if not form.is_valid():
        messages.error(request, _("Vælg hvad afgørelsen skal gå ud på."))
        return redirect("core:sag-detail", uuid=sag.uuid)
    resultat = form.cleaned_data["resultat"]
    try:
        afg = s.afgoerelse_create(sag=sag, resultat=resultat, udredning=udredning if resultat != "ophoer" else None,
                                  erstatter=erstatter, actor=user)
    except (ValidationError, ApplicationError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [])))
        return redirect("core:sag-detail", uuid=sag.uuid)
    return redirect("visitation:afgoerelse-detail", uuid=afg.uuid)


def _afgoerelse_context(user: User, afg: Afgoerelse, form: Any = None, **extra: Any) -> dict[str, Any]:
    ctx = {
        "a": afg, "sag": afg.sag, "form": form,
        "mangler": s.afgoerelse_validate_complete(afg) if afg.status == Afgoerelse.Status.KLADDE else [],
        "is_team_leder": user.rolle == Rolle.MYNDIGHEDSLEDER and afg.sag.team.leder_id == user.pk,
        "kommentar_form": KommentarForm(), "ydelser": afg.ydelser.order_by("path"),
        "sekundaere": afg.maalgrupper_sekundaere.all(), "bestillinger": afg.bestillinger.select_related("leverandoer"),
        "klager": afg.klager.all(),
    }
    ctx.update(extra)
    return ctx


@require_http_methods(["GET", "POST"])
def afgoerelse_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    afg = sel.afgoerelse_get(user=user, uuid=uuid)
    if request.method == "GET":
        sel.log_view(user, afg, "Sagsbehandling: visning af afgørelse", "afgoerelse-detail")
        form = AfgoerelseForm(initial={**AfgoerelseForm.initial_for(afg), "version": afg.version}, afgoerelse=afg) if afg.status == "kladde" else None
        return render(request, "visitation/afgoerelse.html", _afgoerelse_context(user, afg, form))
    if afg.status != Afgoerelse.Status.KLADDE:
        raise NotAllowedError(_("Afgørelsen er ikke en kladde og kan ikke ændres."))
    form = AfgoerelseForm(request.POST, afgoerelse=afg)
    status = 422
    konflikt = None
    if form.is_valid():
        data = form.service_fields()
        ydelser = list(data.pop("ydelser"))
        sekundaere = list(data.pop("maalgrupper_sekundaere"))
        try:
            afg = s.afgoerelse_update(afgoerelse=afg, version=form.cleaned_data["version"], actor=user, ydelser=ydelser,
                                      maalgrupper_sekundaere=sekundaere, **data)
            if request.POST.get("handling") == "traef":
                afg = s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=user)
                if afg.status == Afgoerelse.Status.AFVENTER_GODKENDELSE:
                    messages.success(request, _("Afgørelsen er sendt til lederens godkendelse."))
                else:
                    messages.success(request, _("Afgørelsen er truffet. Brevet dannes nu."))
                return redirect("visitation:afgoerelse-detail", uuid=afg.uuid)
        except ConflictError as exc:
            konflikt, status = exc.message, 409
        except ValidationError as exc:
            add_form_errors(form, exc)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("visitation:afgoerelse-detail", uuid=afg.uuid)
        else:
            messages.success(request, _("Kladden er gemt."))
            return redirect("visitation:afgoerelse-detail", uuid=afg.uuid)
    return render(request, "visitation/afgoerelse.html", _afgoerelse_context(user, afg, form, konflikt=konflikt), status=status)


@require_POST
def afgoerelse_traef(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    afg = sel.afgoerelse_get(user=user, uuid=uuid)
    try:
        afg = s.afgoerelse_traef(afgoerelse=afg, version=int(request.POST.get("version") or afg.version), actor=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("visitation:afgoerelse-detail", uuid=afg.uuid)
    messages.success(request, _("Afgørelsen er sendt til lederens godkendelse.") if afg.status == "afventer" else _("Afgørelsen er truffet. Brevet dannes nu."))
    return redirect("visitation:afgoerelse-detail", uuid=afg.uuid)


@require_POST
def afgoerelse_godkend(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    afg = sel.afgoerelse_get(user=user, uuid=uuid)
    try:
        s.afgoerelse_approve(afgoerelse=afg, actor=user)
    except ApplicationError as exc:
        if isinstance(exc, NotAllowedError):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Afgørelsen er godkendt og truffet."))
    return redirect("visitation:godkendelser")


@require_POST
def afgoerelse_send_tilbage(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    afg = sel.afgoerelse_get(user=user, uuid=uuid)
    form = KommentarForm(request.POST)
    if form.is_valid():
        try:
            s.afgoerelse_send_back(afgoerelse=afg, kommentar=form.cleaned_data["kommentar"], actor=user)
        except ApplicationError as exc:
            if isinstance(exc, NotAllowedError):
                raise
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Afgørelsen er sendt tilbage til sagsbehandleren."))
            return redirect("visitation:godkendelser")
    elif not _is_leder(user) or afg.sag.team.leder_id != user.pk:
        raise NotAllowedError(_("Kun lederen af sagens team kan sende en afgørelse tilbage."))
    return render(request, "visitation/afgoerelse.html", _afgoerelse_context(user, afg, None, kommentar_form=form), status=422)


@require_GET
def godkendelser(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    sel.require_myndighed_role(user)
    if not _is_leder(user):
        raise NotAllowedError(_("Listen er kun for myndighedsledere."))
    return render(request, "visitation/godkendelser.html", {"afgoerelser": sel.godkendelser_list(user=user)})


@require_GET
def afgoerelse_brev(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    afg = sel.afgoerelse_get(user=user, uuid=uuid)
    if not afg.brev:
        raise Http404
    sel.log_view(user, afg, "Sagsbehandling: afgørelsesbrev hentet", "afgoerelse-brev", AccessLog.Art.DOKUMENT)
    return FileResponse(afg.brev.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"afgoerelse-{afg.sag.sagsnummer}.pdf")


@require_GET
def afgoerelse_brev_status(request: HttpRequest, uuid: str) -> HttpResponse:
    afg = sel.afgoerelse_get(user=_user(request), uuid=uuid)
    return render(request, "visitation/afgoerelse.html#brev", {"a": afg})


@require_POST
def revisitation_start(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    afg = sel.afgoerelse_get(user=user, uuid=uuid)
    try:
        udr = s.udredning_start_revisitation(bevilling=afg, actor=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("core:sag-detail", uuid=afg.sag.uuid)
    messages.success(request, _("Revisitationen er startet. Udredningen er udfyldt med oplysningerne fra sidst."))
    return redirect("visitation:udredning-edit", uuid=udr.uuid)


# --- Bestilling ---------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def bestilling_create(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    afg = sel.afgoerelse_get(user=user, uuid=uuid)
    if not afg.er_aktiv:
        raise NotAllowedError(_("Der kan kun bestilles ud fra en aktiv bevilling."))
    initial = {
        "starts_on": afg.starts_on, "ends_on": afg.ends_on, "timer": afg.timer, "timer_periode": afg.timer_periode,
        "ydelser": list(afg.ydelser.all()), "borgers_oensker": s.borgers_oensker_tekst(afg), "del_borgers_maal": True,
    }
    form = BestillingForm(request.POST or None, initial=initial, afgoerelse=afg)
    if request.method == "POST" and form.is_valid():
        maal = form.indsatsmaal()
        if not form.errors:
            try:
                best = s.bestilling_create(afgoerelse=afg, indsatsmaal=maal, actor=user, **form.service_fields())
            except (ValidationError, ApplicationError) as exc:
                _service_error(form, exc)
            else:
                messages.success(request, _("Bestillingen er gemt som kladde. Send den, når den er klar."))
                return redirect("visitation:bestilling-detail", uuid=best.uuid)
    return render(request, "visitation/bestilling_form.html", {"a": afg, "sag": afg.sag, "form": form, "best": None},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def bestilling_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    best = sel.bestilling_get(user=user, uuid=uuid)
    afg = best.afgoerelse
    if request.method == "GET":
        sel.log_view(user, best, "Sagsbehandling: visning af bestilling", "bestilling-detail")
    if best.status != Bestilling.Status.KLADDE:
        if request.method == "POST":
            raise NotAllowedError(_("Bestillingen er sendt og kan ikke ændres."))
        return render(request, "visitation/bestilling_detail.html", {
            "best": best, "sag": best.sag, "a": afg, "maal": best.indsatsmaal.select_related("undertema", "maaltype", "forventet_niveau"),
            "tilstande": best.delte_tilstande.select_related("undertema"), "ydelser": best.ydelser.all(), "tilbagekald_form": TilbagekaldForm(),
        })
    initial: dict[str, Any] = {
        "version": best.version, "leverandoer": best.leverandoer_id, "indsatsformaal": best.indsatsformaal, "starts_on": best.starts_on,
        "ends_on": best.ends_on, "timer": best.timer, "timer_periode": best.timer_periode, "ydelser": list(best.ydelser.all()),
        "borgers_oensker": best.borgers_oensker, "praktisk": best.praktisk, "delte_tilstande": list(best.delte_tilstande.all()),
        "del_borgers_maal": best.del_borgers_maal,
    }
    for i, m in enumerate(best.indsatsmaal.all(), start=1):
        initial.update({f"m{i}_undertema": m.undertema_id, f"m{i}_beskrivelse": m.beskrivelse, f"m{i}_maaltype": m.maaltype_id,
                        f"m{i}_niveau": m.forventet_niveau_id, f"m{i}_opfoelgning_on": m.opfoelgning_on})
    form = BestillingForm(request.POST or None, initial=initial, afgoerelse=afg)
    konflikt = None
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            maal = form.indsatsmaal()
            if not form.errors:
                try:
                    best = s.bestilling_update(bestilling=best, version=form.cleaned_data.get("version"), indsatsmaal=maal, actor=user, **form.service_fields())
                    if request.POST.get("handling") == "send":
                        best = s.bestilling_send(bestilling=best, version=best.version, actor=user)
                        messages.success(request, _("Bestillingen er sendt til %(l)s.") % {"l": best.leverandoer.navn})
                        return redirect("core:sag-detail", uuid=best.sag.uuid)
                except ConflictError as exc:
                    konflikt, status = exc.message, 409
                except (ValidationError, ApplicationError) as exc:
                    _service_error(form, exc)
                else:
                    messages.success(request, _("Kladden er gemt."))
                    return redirect("visitation:bestilling-detail", uuid=best.uuid)
    return render(request, "visitation/bestilling_form.html", {"a": afg, "sag": best.sag, "form": form, "best": best, "konflikt": konflikt}, status=status)


@require_POST
def bestilling_send(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    best = sel.bestilling_get(user=user, uuid=uuid)
    try:
        s.bestilling_send(bestilling=best, version=int(request.POST.get("version") or best.version), actor=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("visitation:bestilling-detail", uuid=best.uuid)
    messages.success(request, _("Bestillingen er sendt til %(l)s.") % {"l": best.leverandoer.navn})
    return redirect("core:sag-detail", uuid=best.sag.uuid)


@require_POST
def bestilling_withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    best = sel.bestilling_get(user=user, uuid=uuid)
    form = TilbagekaldForm(request.POST)
    if form.is_valid():
        try:
            s.bestilling_withdraw(bestilling=best, begrundelse=form.cleaned_data["begrundelse"], actor=user)
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Bestillingen er tilbagekaldt."))
            return redirect("core:sag-detail", uuid=best.sag.uuid)
    return render(request, "visitation/bestilling_detail.html", {
        "best": best, "sag": best.sag, "a": best.afgoerelse, "maal": best.indsatsmaal.all(), "tilstande": best.delte_tilstande.all(),
        "ydelser": best.ydelser.all(), "tilbagekald_form": form}, status=422)


# --- Klage --------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def klage_create(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    afg = sel.afgoerelse_get(user=user, uuid=uuid)
    form = KlageForm(request.POST or None, initial={"modtaget_on": timezone.localdate(), "form": "skriftlig"})
    if request.method == "POST" and form.is_valid():
        try:
            k = s.klage_create(afgoerelse=afg, actor=user, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Klagen er registreret. Genvurdering senest %(d)s.") % {"d": k.genvurdering_frist_on.strftime("%d.%m.%Y")})
            return redirect("visitation:klage-detail", uuid=k.uuid)
    return render(request, "visitation/klage_form.html", {"a": afg, "sag": afg.sag, "form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def klage_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    k = sel.klage_get(user=user, uuid=uuid)
    forms_ = {"genvurder": GenvurderingForm(initial={"genvurderet_on": timezone.localdate()}),
              "ankestyrelsen": AnkeSendtForm(initial={"sendt_on": timezone.localdate()}),
              "resultat": AnkeResultatForm(initial={"resultat_on": timezone.localdate()})}
    status = 200
    if request.method == "GET":
        sel.log_view(user, k, "Sagsbehandling: visning af klage", "klage-detail")
    else:
        handling = request.POST.get("handling", "")
        if handling not in forms_:
            raise Http404
        form = {"genvurder": GenvurderingForm, "ankestyrelsen": AnkeSendtForm, "resultat": AnkeResultatForm}[handling](request.POST)
        forms_[handling] = form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if handling == "genvurder":
                    s.klage_genvurder(klage=k, actor=user, **d)
                elif handling == "ankestyrelsen":
                    s.klage_send_ankestyrelsen(klage=k, actor=user, **d)
                else:
                    s.klage_anke_resultat(klage=k, actor=user, **d)
            except (ValidationError, ApplicationError) as exc:
                _service_error(form, exc)
            else:
                messages.success(request, _("Klagen er opdateret."))
                return redirect("visitation:klage-detail", uuid=k.uuid)
        status = 422
    return render(request, "visitation/klage_detail.html", {"k": k, "sag": k.sag, "a": k.afgoerelse, **forms_}, status=status)


def kvalitetsstandard_admin_url() -> str:
    return reverse("visitation:ks-list")


__all__ = ["Kvalitetsstandard"]
