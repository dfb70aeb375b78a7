"""The citizen's pages under /borger/. Thin: load the citizen's own objects (404 otherwise),
call a service, render. Staff get 404 on every citizen page."""

from __future__ import annotations

import csv
import uuid as uuid_module
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import AccessLog, Borger, Rolle, User
from bostotte.core.services.accesslog import accesslog_record
from bostotte.core.viewutils import add_form_errors
from handleplaner.models import Delmaal, HandleplanVersion
from handleplaner.selectors import handleplan_diff
from handleplaner.services import evaluering_create, handleplan_accept, handleplan_kommentar_create
from levering.models import AFLYST, Besoeg
from visitation.models import Indsatsmaal

from . import integration, selectors, services
from .forms import (
    AnmodningHandleForm,
    BesoegsanmodningForm,
    KommentarForm,
    PaaroerendeForm,
    SamtykkeForm,
    TrivselForm,
)
from .models import LIVSMOD_ITEMS, WHO5_ITEMS, Besoegsanmodning

View = Callable[..., HttpResponse]


def borger_page(view: View) -> View:
    """Login required (to the portal's own login page), rolle borger with a Borger row; the
    view gets the citizen as its second argument. Everyone else: 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        borger = selectors.borger_for_user(user=request.user)  # type: ignore[arg-type]
        return view(request, borger, *args, **kwargs)

    return login_required(wrapper, login_url="portal:login")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _sager(request: HttpRequest, borger: Borger) -> list[Any]:
    return list(selectors.sager_for_borger(user=_user(request), borger=borger))


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    nav = _nav_html(getattr(request.resolver_match, "url_name", None), get_language(), get_script_prefix(), get_urlconf())
    return render(request, template, {"portal_nav": nav, **context}, status=status)


@lru_cache(maxsize=64)
def _nav_html(current: str | None, language: str, script_prefix: str, urlconf: str | None) -> str:
    """portal/_nav.html (base_portal.html's menu) for the page `current`: the same for every
    citizen, so rendered once per page, language, script prefix and urlconf instead of seven
    `{% url %}` and `{% translate %}` on every portal page (issue 10). base_portal.html includes
    the template itself where a view does not pass it."""
    return render_to_string("portal/_nav.html", {"current": current})


# --------------------------------------------------------------------------------------------
# Forside
# --------------------------------------------------------------------------------------------
# 16 % of all requests (issue 10): the citizen and their case ids come in one query, the other
# reads are compiled once (`FixedSql` in selectors/integration), and the visit cards are written
# in Python (`besoeg_kort_html`, pinned against portal/_besoeg_kort.html in tests/portal).
@login_required(login_url="portal:login")
def forside(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    borger, sag_ids = selectors.borger_and_sag_ids_for_user(user=_user(request), now=now)
    return _forside(request, borger, sag_ids, now)


@require_GET
def _forside(request: HttpRequest, borger: Borger, sag_ids: list[int], now: datetime) -> HttpResponse:
    """`borger_page` order: 404 for anyone but a citizen first, then the method check."""
    return _render(request, "portal/forside.html", {
        "borger": borger,
        "bostoetter": integration.bostoetter_for_sager(sager=sag_ids, now=now),
        "kommende": [
            besoeg_kort_html(b) for b in integration.besoeg_kommende_kort(sager=sag_ids, now=now, limit=3)
        ],
        "trivsel_er_tid": selectors.trivsel_er_tid(borger=borger, now=now),
        "plan_afventer": integration.handleplan_afventer_accept(sager=sag_ids),
        "svar_paa_anmodninger": selectors.besoegsanmodning_svar_for_borger(borger=borger, now=now),
        "urls": _forside_urls(get_script_prefix(), get_urlconf()),
    })


FORSIDE_LINKS = (
    "plan", "trivsel-udfyld", "besoeg-list", "afgoerelse-list", "trivsel", "paaroerende-list", "adgangslog", "kontakt",
)


@lru_cache(maxsize=16)
def _forside_urls(script_prefix: str, urlconf: str | None) -> dict[str, str]:
    """The front page's links by name (`-` as `_`): `reverse` once per script prefix and urlconf
    instead of a `{% url %}` for each of them on every request."""
    return {name.replace("-", "_"): reverse(f"portal:{name}", urlconf=urlconf) for name in FORSIDE_LINKS}


_KONTAKTFORM = dict(Besoeg._meta.get_field("kontaktform").flatchoices)
_BESOEG_STATUS = dict(Besoeg._meta.get_field("status").flatchoices)


def besoeg_kort_html(b: integration.BesoegKort) -> SafeString:
    """portal/_besoeg_kort.html for one visit, written in Python: the front page's three cards
    through the template engine cost more than the rest of its content (issue 10). Every value
    is escaped; tests/portal/views/test_forside.py compares it byte for byte with the template."""
    start, end = timezone.localtime(b.starts_at), timezone.localtime(b.ends_at)
    dag = f"{WEEKDAYS[start.weekday()]} {start.day}. {MONTHS[start.month]}"  # |date:"l j. F"
    navn = f"{b.medarbejder_fornavn} {b.medarbejder_efternavn}".strip() or b.medarbejder_brugernavn
    status = "" if b.status == "planlagt" else (
        f'<p><span class="portal-status">{escape(_BESOEG_STATUS.get(b.status, b.status))}</span></p>'
    )
    return mark_safe(  # noqa: S308 - every value above and below is escaped
        f'<div class="portal-visit{" portal-visit-cancelled" if b.status in AFLYST else ""}" data-besoeg="{escape(b.uuid)}">\n'
        f'  <p class="portal-visit-when"><strong>{escape(dag)}</strong> {escape(_("kl."))} '
        f"{start.hour:02d}.{start.minute:02d}–{end.hour:02d}.{end.minute:02d}</p>\n"
        f"  <p>{escape(_KONTAKTFORM.get(b.kontaktform, b.kontaktform))} · {_('med %(navn)s') % {'navn': escape(navn)}}</p>\n"
        f"  {status}\n"
        "</div>\n"
    )


# --------------------------------------------------------------------------------------------
# Min plan
# --------------------------------------------------------------------------------------------
@borger_page
@require_GET
def plan(request: HttpRequest, borger: Borger) -> HttpResponse:
    sager = _sager(request, borger)
    trees = [integration.plan_tree(user=_user(request), sag=s) for s in sager]
    return _render(request, "portal/plan.html", {
        "borger": borger, "trees": trees, "kommentar_form": KommentarForm(), "evaluering_scores": EVALUERING_SCORES,
    })


EVALUERING_SCORES = [
    (2, gettext_lazy("Det går meget bedre end ventet")),
    (1, gettext_lazy("Det går lidt bedre end ventet")),
    (0, gettext_lazy("Det går som ventet")),
    (-1, gettext_lazy("Det går lidt dårligere end ventet")),
    (-2, gettext_lazy("Det går meget dårligere end ventet")),
]


def _version_own(request: HttpRequest, borger: Borger, uuid: str) -> Any:

    try:
        return HandleplanVersion.objects.select_related("handleplan__sag").get(
            uuid=uuid, handleplan__sag__in=selectors.sager_for_borger(user=_user(request), borger=borger)
        )
    except (HandleplanVersion.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@borger_page
@require_POST
def plan_kommentar(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:

    version = _version_own(request, borger, uuid)
    form = KommentarForm(request.POST)
    if form.is_valid():
        try:
            handleplan_kommentar_create(version=version, tekst=form.cleaned_data["tekst"], actor=_user(request))
        except ValidationError as exc:
            add_form_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Tak. Din kommentar er gemt. Din sagsbehandler kan se den."))
            return redirect("portal:plan")
    sager = _sager(request, borger)
    trees = [integration.plan_tree(user=_user(request), sag=s) for s in sager]
    return _render(request, "portal/plan.html", {
        "borger": borger, "trees": trees, "kommentar_form": form, "kommentar_version": version,
        "evaluering_scores": EVALUERING_SCORES,
    }, status=422)


@borger_page
@require_POST
def plan_accept(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:

    version = _version_own(request, borger, uuid)
    try:
        handleplan_accept(version=version, actor=_user(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tak. Du har sagt ja til din handleplan."))
    return redirect("portal:plan")


@borger_page
@require_GET
def plan_aendringer(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:

    version = _version_own(request, borger, uuid)
    forrige = version.handleplan.versioner.filter(nummer__lt=version.nummer).order_by("-nummer").first()
    return _render(request, "portal/plan_aendringer.html", {
        "borger": borger, "version": version, "forrige": forrige, "aendringer": handleplan_diff(forrige, version),
    })


@borger_page
@require_http_methods(["GET", "POST"])
def maal_vurder(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:
    """The citizen's own rating of one goal (delmål or indsatsmål), through handleplaner."""

    sager = selectors.sager_for_borger(user=_user(request), borger=borger)
    delmaal = Delmaal.objects.filter(uuid=uuid, plan__bestilling__sag__in=sager).select_related("indsatsmaal").first() if _is_uuid(uuid) else None
    indsatsmaal = None
    if delmaal is None and _is_uuid(uuid):
        indsatsmaal = Indsatsmaal.objects.filter(uuid=uuid, bestilling__sag__in=sager).first()
    if delmaal is None and indsatsmaal is None:
        raise Http404
    maal = delmaal or indsatsmaal
    fejl = ""
    if request.method == "POST":
        try:
            evaluering_create(
                score=request.POST.get("score", ""), note=request.POST.get("note", ""), actor=_user(request),
                delmaal=delmaal, indsatsmaal=indsatsmaal,
            )
        except ValidationError as exc:
            fejl = " ".join(m for msgs in exc.message_dict.values() for m in msgs) if hasattr(exc, "error_dict") else " ".join(exc.messages)
        except ApplicationError as exc:
            fejl = exc.message
        else:
            messages.success(request, _("Tak. Din vurdering er gemt."))
            return redirect("portal:plan")
    return _render(request, "portal/maal_vurder.html", {
        "borger": borger, "maal": maal, "er_delmaal": delmaal is not None, "scores": EVALUERING_SCORES,
        "fejl": fejl, "valgt": request.POST.get("score", ""), "note": request.POST.get("note", ""),
    }, status=422 if fejl else 200)


def _is_uuid(value: str) -> bool:

    try:
        uuid_module.UUID(str(value))
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# Mine besøg
# --------------------------------------------------------------------------------------------
@borger_page
@require_GET
def besoeg_list(request: HttpRequest, borger: Borger) -> HttpResponse:
    now = timezone.now()
    sager = _sager(request, borger)
    return _render(request, "portal/besoeg_list.html", {
        "borger": borger,
        "kommende": integration.besoeg_kommende(sager=sager, now=now),
        "tidligere": integration.besoeg_tidligere(sager=sager, now=now),
        "anmodninger": selectors.besoegsanmodninger_for_borger(borger=borger)[:10],
        "now": now,
    })


@borger_page
@require_http_methods(["GET", "POST"])
def besoeg_aendr(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:

    besoeg = integration.besoeg_get_own(sager=_sager(request, borger), uuid=uuid)
    aaben = Besoegsanmodning.objects.filter(besoeg=besoeg, status="ny").first()
    form = BesoegsanmodningForm(request.POST or None, initial={"art": request.GET.get("art", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.besoegsanmodning_create(
                    borger=borger, besoeg=besoeg, actor=_user(request), **form.cleaned_data
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Tak. Din bostøtte har fået dit ønske og svarer dig."))
                if request.htmx:  # type: ignore[attr-defined]
                    return HttpResponseClientRedirect(reverse("portal:besoeg-list"))
                return redirect("portal:besoeg-list")
        status = 422
    template = "portal/besoeg_aendr.html#formular" if request.htmx else "portal/besoeg_aendr.html"  # type: ignore[attr-defined]
    return _render(request, template, {"borger": borger, "besoeg": besoeg, "form": form, "aaben": aaben}, status=status)


# --------------------------------------------------------------------------------------------
# Mine afgørelser
# --------------------------------------------------------------------------------------------
@borger_page
@require_GET
def afgoerelse_list(request: HttpRequest, borger: Borger) -> HttpResponse:
    afgoerelser = list(integration.afgoerelser_for_sager(sager=_sager(request, borger)))
    for a in afgoerelser:
        a.klagefrist = integration.klagefrist_for(a)
    return _render(request, "portal/afgoerelse_list.html", {"borger": borger, "afgoerelser": afgoerelser})


@borger_page
@require_GET
def afgoerelse_detail(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:
    afgoerelse = integration.afgoerelse_get_own(sager=_sager(request, borger), uuid=uuid)
    return _render(request, "portal/afgoerelse_detail.html", {
        "borger": borger, "afgoerelse": afgoerelse, "klagefrist": integration.klagefrist_for(afgoerelse),
        "klager": integration.klager_for(afgoerelse), "today": timezone.localdate(),
    })


@borger_page
@require_GET
def afgoerelse_brev(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:
    afgoerelse = integration.afgoerelse_get_own(sager=_sager(request, borger), uuid=uuid)
    if not afgoerelse.brev or not default_storage.exists(afgoerelse.brev.name):
        raise Http404
    accesslog_record(
        actor=_user(request), borger=borger, sag=afgoerelse.sag, art=AccessLog.Art.DOKUMENT,
        formaal="Du har selv hentet dit afgørelsesbrev", view_name="portal:afgoerelse-brev",
    )
    dato = timezone.localdate(afgoerelse.truffet_at) if afgoerelse.truffet_at else timezone.localdate()
    return FileResponse(
        default_storage.open(afgoerelse.brev.name, "rb"), as_attachment=True,
        filename=f"afgoerelse-{dato:%Y-%m-%d}.pdf", content_type="application/pdf",
    )


# --------------------------------------------------------------------------------------------
# Hvordan har du det
# --------------------------------------------------------------------------------------------
@borger_page
@require_GET
def trivsel(request: HttpRequest, borger: Borger) -> HttpResponse:
    now = timezone.now()
    return _render(request, "portal/trivsel.html", {
        "borger": borger,
        "status": selectors.trivsel_status(borger=borger, now=now),
        "historik": selectors.trivsel_list(borger=borger)[:12],
    })


@borger_page
@require_http_methods(["GET", "POST"])
def trivsel_udfyld(request: HttpRequest, borger: Borger) -> HttpResponse:
    form = TrivselForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                maaling = services.trivselsmaaling_create(
                    borger=borger,
                    who5={key: data[f"who5_{key}"] for key, _label in WHO5_ITEMS},
                    livstilfredshed=data.get("livstilfredshed"),
                    livsmod={key: data.get(f"livsmod_{key}") for key, _label in LIVSMOD_ITEMS},
                    bemaerkning=data.get("bemaerkning", ""),
                    actor=_user(request),
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                request.session["portal_trivsel_seneste"] = str(maaling.uuid)
                return redirect("portal:trivsel-tak")
        return _render(request, "portal/trivsel_udfyld.html", {"borger": borger, "form": form}, status=422)
    return _render(request, "portal/trivsel_udfyld.html", {"borger": borger, "form": form})


@borger_page
@require_GET
def trivsel_tak(request: HttpRequest, borger: Borger) -> HttpResponse:
    seneste = selectors.trivsel_list(borger=borger).first()
    return _render(request, "portal/trivsel_tak.html", {"borger": borger, "seneste": seneste})


# --------------------------------------------------------------------------------------------
# Pårørende
# --------------------------------------------------------------------------------------------
@borger_page
@require_http_methods(["GET", "POST"])
def paaroerende_list(request: HttpRequest, borger: Borger) -> HttpResponse:
    form = PaaroerendeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.portal_paaroerende_create(borger=borger, actor=_user(request), **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Tak. %(navn)s er tilføjet, og dit samtykke er gemt.") % {"navn": form.cleaned_data["navn"]})
                return redirect("portal:paaroerende-list")
        status = 422
    return _render(request, "portal/paaroerende_list.html", {
        "borger": borger, "paaroerende": selectors.paaroerende_for_borger(borger=borger), "form": form,
        "vis_formular": request.method == "POST" or request.GET.get("ny") == "1",
    }, status=status)


@borger_page
@require_http_methods(["GET", "POST"])
def paaroerende_detail(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:
    p = selectors.paaroerende_get_own(borger=borger, uuid=uuid)
    p = selectors.paaroerende_for_borger(borger=borger).get(pk=p.pk)
    aktivt = p.aktive_samtykker[0] if p.aktive_samtykker else None
    form = SamtykkeForm(request.POST or None, initial={"omfang": aktivt.omfang if aktivt else []})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.portal_samtykke_change(borger=borger, paaroerende=p, omfang=form.cleaned_data["omfang"], actor=_user(request))
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Dit samtykke er ændret."))
                return redirect("portal:paaroerende-list")
        status = 422
    return _render(request, "portal/paaroerende_detail.html", {"borger": borger, "p": p, "aktivt": aktivt, "form": form}, status=status)


@borger_page
@require_POST
def paaroerende_tilbagekald(request: HttpRequest, borger: Borger, uuid: str) -> HttpResponse:
    p = selectors.paaroerende_get_own(borger=borger, uuid=uuid)
    try:
        services.portal_samtykke_withdraw(borger=borger, paaroerende=p, actor=_user(request))
    except ApplicationError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("Dit samtykke til %(navn)s er trukket tilbage.") % {"navn": p.navn})
    return redirect("portal:paaroerende-list")


# --------------------------------------------------------------------------------------------
# Hvem har set mine oplysninger
# --------------------------------------------------------------------------------------------
@borger_page
@require_GET
def adgangslog(request: HttpRequest, borger: Borger) -> HttpResponse:
    paginator = Paginator(selectors.adgangslog_for_borger(borger=borger).only("id", "at", "art", "formaal", "actor_id"), 50)
    page = paginator.get_page(request.GET.get("side"))
    return _render(request, "portal/adgangslog.html", {"borger": borger, "page": page, "user_id": request.user.pk})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(text: str) -> str:
    """Spreadsheet formula injection: prefix text cells that a spreadsheet would evaluate."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@borger_page
@require_GET
def adgangslog_csv(request: HttpRequest, borger: Borger) -> StreamingHttpResponse:
    accesslog_record(
        actor=_user(request), borger=borger, art=AccessLog.Art.EKSPORT,
        formaal="Du har selv hentet listen over, hvem der har set dine oplysninger", view_name="portal:adgangslog-csv",
    )
    art_labels = dict(AccessLog.Art.choices)
    rows = selectors.adgangslog_for_borger(borger=borger).values_list("at", "art", "formaal", "actor_id")
    user_id = request.user.pk

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo(), delimiter=";")
        yield "\ufeff" + writer.writerow([_("Dato"), _("Tidspunkt"), _("Hvad skete der"), _("Formål"), _("Hvem")])
        for at, art, formaal, actor_id in rows.iterator(chunk_size=2000):
            local = timezone.localtime(at)
            hvem = _("Dig selv") if actor_id == user_id else _("Kommunen eller din leverandør")
            yield writer.writerow([f"{local:%d-%m-%Y}", f"{local:%H:%M}", str(art_labels.get(art, art)), _safe(formaal), hvem])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hvem-har-set-mine-oplysninger-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


# --------------------------------------------------------------------------------------------
# Kontakt, kvalitetsstandard, tilgængelighed
# --------------------------------------------------------------------------------------------
@borger_page
@require_GET
def kontakt(request: HttpRequest, borger: Borger) -> HttpResponse:
    sager = _sager(request, borger)
    return _render(request, "portal/kontakt.html", {
        "borger": borger,
        "sager": sager,
        "bostoetter": integration.bostoetter_for_sager(sager=sager),
        "indstillinger": services.portal_indstillinger_get(),
        "kvalitetsstandard": integration.kvalitetsstandard_gaeldende(),
        "kvalitetsstandard_url": integration.kvalitetsstandard_public_url(),
    })


@login_not_required
@require_GET
def tilgaengelighed(request: HttpRequest) -> HttpResponse:
    return _render(request, "portal/tilgaengelighed.html", {"indstillinger": services.portal_indstillinger_get()})


# --------------------------------------------------------------------------------------------
# Staff: the citizens' wishes to cancel or move visits
# --------------------------------------------------------------------------------------------
STAFF_ANMODNING_ROLLER = frozenset({Rolle.BOSTOETTE, Rolle.LEVERANDOERLEDER, Rolle.SAGSBEHANDLER, Rolle.MYNDIGHEDSLEDER})


@require_GET
def anmodning_list(request: HttpRequest) -> HttpResponse:
    if _user(request).rolle not in STAFF_ANMODNING_ROLLER:
        raise Http404
    return _render(request, "portal/anmodning_list.html", {
        "anmodninger": selectors.besoegsanmodninger_for_staff(user=_user(request)).select_related("besoeg__medarbejder")[:200],
        "form": AnmodningHandleForm(),
        "kan_behandle": _user(request).rolle in (Rolle.BOSTOETTE, Rolle.LEVERANDOERLEDER),
    })


@require_POST
def anmodning_handle(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    if user.rolle not in STAFF_ANMODNING_ROLLER:
        raise Http404
    anmodning = selectors.besoegsanmodning_get_for_staff(user=user, uuid=uuid)
    if user.rolle not in (Rolle.BOSTOETTE, Rolle.LEVERANDOERLEDER):
        return HttpResponse(status=403)  # the myndighed sees the wishes; the leverandør answers them
    form = AnmodningHandleForm(request.POST)
    form.is_valid()
    try:
        services.besoegsanmodning_handle(anmodning=anmodning, actor=user, svar=form.cleaned_data.get("svar", ""))
    except ApplicationError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("Ønsket er markeret som behandlet. Husk at ændre besøget i kalenderen."))
    return redirect("portal:anmodning-list")
