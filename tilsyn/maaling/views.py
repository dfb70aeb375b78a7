"""Dashboards, drill-downs and exports for managers (thin: parse, call, render)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from bostotte.core.exceptions import ApplicationError
from bostotte.core.viewutils import role_required

from .measures import MIN_N, POPULATIONS, measures_for, population_sag_ids
from .models import Eksportjob, Maaling
from .pseudonym import pseudonym, viewer_secret
from .scope import MAALING_ROLLER, sees_myndighed_measures
from .services import eksport_csv, eksportjob_create, eksportjob_enqueue
from .snapshot import maaling_snapshot_enqueue, maaling_snapshot_for, snapshot_enhed
from .tabel import eksport_felter_html, sektioner_html
from .udsnit import UdsnitForm, aldersgruppe_for, udsnit_from_request

ROLLER = tuple(MAALING_ROLLER)


class EksportForm(forms.Form):
    datasaet = forms.ChoiceField(label=_("Hvad skal eksporteres"), choices=Eksportjob.Datasaet.choices,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    pseudonymiseret = forms.BooleanField(label=_("Pseudonymiseret (uden navne, CPR og sagsnumre)"), required=False,
                                         widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}))


def _charts(resultater: list[Any]) -> list[dict[str, Any]]:
    """Chart.js data for the dashboard: the same numbers the tables show."""
    by_key = {r.key: r for r in resultater}
    charts = []
    if "ventetid" in by_key:
        r = by_key["ventetid"]
        charts.append({"id": "chart-ventetid", "type": "bar", "labels": [x.label for x in r.rows],
                       "datasets": [{"label": str(lbl), "data": [x.values.get(k) for x in r.rows]} for k, lbl in r.columns]})
    pct_rows = []
    for key in ("frist", "handleplan", "aflyst", "rettidig", "maal_naaet"):
        if key in by_key:
            for x in by_key[key].rows:
                if "pct" in x.values and x.drill:
                    pct_rows.append((f"{by_key[key].titel}: {x.label}", x.values.get("pct")))
            if key == "rettidig":
                pct_rows += [(f"{by_key[key].titel}: {x.label}", x.values.get("pct")) for x in by_key[key].rows[1:]]
    if pct_rows:
        charts.append({"id": "chart-proces", "type": "bar", "labels": [a for a, _b in pct_rows],
                       "datasets": [{"label": str(_("Procent")), "data": [b for _a, b in pct_rows]}], "horizontal": True})
    if "timer" in by_key:
        r = by_key["timer"]
        charts.append({"id": "chart-timer", "type": "bar", "labels": [x.label for x in r.rows],
                       "datasets": [{"label": str(_("Bevilget (timer)")), "data": [x.values.get("bevilget") for x in r.rows]},
                                    {"label": str(_("Leveret (timer)")), "data": [x.values.get("leveret") for x in r.rows]}]})
    if "funktionsevne" in by_key:
        r = by_key["funktionsevne"]
        charts.append({"id": "chart-funktionsevne", "type": "bar", "labels": [x.label for x in r.rows],
                       "datasets": [{"label": str(_("Gennemsnitlig ændring (niveauer)")), "data": [x.values.get("mean") for x in r.rows]}]})
    if "trivsel" in by_key:
        r = by_key["trivsel"]
        charts.append({"id": "chart-trivsel", "type": "bar", "labels": [x.label for x in r.rows],
                       "datasets": [{"label": str(_("Første måling")), "data": [x.values.get("foer") for x in r.rows]},
                                    {"label": str(_("Seneste måling")), "data": [x.values.get("seneste") for x in r.rows]}]})
    return charts


CHART_FOR = {"ventetid": "chart-ventetid", "timer": "chart-timer", "funktionsevne": "chart-funktionsevne", "trivsel": "chart-trivsel"}


@require_GET
@role_required(*ROLLER)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, u = udsnit_from_request(request.GET, user=request.user)  # type: ignore[arg-type]
    ctx: dict[str, Any] = {"form": form, "udsnit": u, "min_n": MIN_N}
    status = 200
    if u is None:
        status = 422
        ctx.update(resultater=[], charts=[])
    elif (enhed := snapshot_enhed(u)) is None:
        # another period or filter than the stored ones: computed now, on the viewer's scope
        resultater = measures_for(u)
        ctx.update(resultater=resultater, charts=_charts(resultater), chart_for=CHART_FOR, qs=u.querystring())
    elif (snap := maaling_snapshot_for(u, enhed)) is None:
        maaling_snapshot_enqueue(enhed=enhed)
        ctx.update(resultater=[], charts=[], mangler=True)
    else:
        resultater, first = snap
        # the stored period, and the unit's team, for the period line and the drill-down links
        shown = replace(u, fra=first.fra, til=first.til, team_id=enhed[1] if enhed[0] == Maaling.Enhed.TEAM else u.team_id)
        ctx.update(resultater=resultater, charts=_charts(resultater), chart_for=CHART_FOR, qs=shown.querystring(), udsnit=shown,
                   opdateret=first.computed_at, genberegn_team=shown.team_id or "")
    ctx["sektioner"] = sektioner_html(ctx["resultater"], qs=ctx.get("qs", ""), min_n=MIN_N)
    if ctx["udsnit"] is not None:  # the two export forms below the tables
        datasaet = EksportForm.base_fields["datasaet"].choices  # type: ignore[attr-defined]
        lev = "leverandoer" in form.fields  # a leverandørleder's leverandør is fixed, not sent
        ctx["eksport_felter_csv"] = eksport_felter_html(ctx["udsnit"], datasaet=datasaet, leverandoer=lev)
        ctx["eksport_felter_xlsx"] = eksport_felter_html(ctx["udsnit"], datasaet=datasaet, leverandoer=lev, suffix="-xlsx")
    if not request.htmx:  # type: ignore[attr-defined]  # the htmx partial has no filter form
        ctx["filterfelter"] = form.felter_html()
    template = "maaling/dashboard.html#resultater" if request.htmx else "maaling/dashboard.html"  # type: ignore[attr-defined]
    response = render(request, template, ctx, status=status)
    response["Vary"] = "HX-Request"
    return response


@require_POST
@role_required(*ROLLER)
def genberegn(request: HttpRequest) -> HttpResponse:
    """A leader asks for their stored measures to be recomputed now (queued after commit)."""
    form = UdsnitForm(None, user=request.user, today=timezone.localdate())  # type: ignore[arg-type]
    u = form.udsnit()
    team = request.POST.get("team", "")
    if team:
        if not team.isdigit():
            return HttpResponse(_("Ugyldigt team."), status=422, content_type="text/plain; charset=utf-8")
        u = replace(u, team_id=int(team))
    enhed = snapshot_enhed(u)
    url = reverse("maaling:dashboard")
    if team:
        url += "?" + urlencode({"fra": u.fra.isoformat(), "til": u.til.isoformat(), "team": team})
    if enhed is None:
        messages.error(request, _("Disse tal gemmes ikke; de beregnes, hver gang du viser dem."))
    elif maaling_snapshot_enqueue(enhed=enhed):
        messages.success(request, _("Tallene genberegnes nu. Genindlæs siden om et par minutter."))
    else:
        messages.info(request, _("Tallene er allerede ved at blive genberegnet."))
    return redirect(url)


@require_GET
@role_required(*ROLLER)
def drill(request: HttpRequest, key: str) -> HttpResponse:
    if key not in POPULATIONS:
        raise Http404
    title, _fn, _path, kun_myndighed = POPULATIONS[key]
    if kun_myndighed and not sees_myndighed_measures(request.user):  # type: ignore[arg-type]
        raise Http404
    form, u = udsnit_from_request(request.GET, user=request.user)  # type: ignore[arg-type]
    if u is None:
        return render(request, "maaling/drill.html", {"form": form, "title": title, "rows": [], "invalid": True}, status=422)
    sager = (
        u.sager().filter(pk__in=population_sag_ids(key, u))
        .select_related("borger", "team").order_by("id")
    )
    page = Paginator(sager, 50).get_page(request.GET.get("side"))
    total = page.paginator.count
    suppressed = u.pseudonymiseret and 0 < total < MIN_N
    secret = viewer_secret(request.user.pk) if u.pseudonymiseret else ""
    rows = []
    if not suppressed:
        for sag in page.object_list:
            rows.append({
                "sag": sag, "team": sag.team.navn,
                "pseudonym": pseudonym(secret, sag.borger_id) if u.pseudonymiseret else "",
                "aldersgruppe": aldersgruppe_for(sag.borger.foedselsdato, u.til), "koen": sag.borger.get_koen_display(),
            })
    ctx = {"title": title, "rows": rows, "page": page, "total": total, "suppressed": suppressed, "udsnit": u,
           "qs": u.querystring(), "key": key, "min_n": MIN_N, "link_sag": request.user.is_myndighed}  # type: ignore[union-attr]
    return render(request, "maaling/drill.html", ctx)


@require_GET
@role_required(*ROLLER)
def eksport_csv_view(request: HttpRequest) -> HttpResponse:
    form, u = udsnit_from_request(request.GET, user=request.user)  # type: ignore[arg-type]
    eform = EksportForm(request.GET)
    if u is None or not eform.is_valid():
        return HttpResponse(_("Ugyldige filtre eller eksportvalg."), status=422, content_type="text/plain; charset=utf-8")
    pseudo = eform.cleaned_data["pseudonymiseret"] or u.pseudonymiseret
    try:
        job, stream = eksport_csv(udsnit=u, datasaet=eform.cleaned_data["datasaet"], pseudonymiseret=pseudo, actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=403, content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{job.datasaet}-{job.uuid}.csv"'
    return response


@require_POST
@role_required(*ROLLER)
def eksport_xlsx_view(request: HttpRequest) -> HttpResponse:
    form, u = udsnit_from_request(request.POST, user=request.user)  # type: ignore[arg-type]
    eform = EksportForm(request.POST)
    if u is None or not eform.is_valid():
        return HttpResponse(_("Ugyldige filtre eller eksportvalg."), status=422, content_type="text/plain; charset=utf-8")
    pseudo = eform.cleaned_data["pseudonymiseret"] or u.pseudonymiseret
    try:
        job = eksportjob_create(udsnit=u, datasaet=eform.cleaned_data["datasaet"], format="xlsx", pseudonymiseret=pseudo, actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=403, content_type="text/plain; charset=utf-8")
    if not eksportjob_enqueue(job=job):
        # Redis is down: the job is gone again and the user is told to try shortly (HTTP 503).
        template = "maaling/eksport_midlertidig_fejl.html#besked" if request.htmx else "maaling/eksport_midlertidig_fejl.html"  # type: ignore[attr-defined]
        response = render(request, template, {}, status=503)
        response["Retry-After"] = "60"
        return response
    return redirect("maaling:eksport-status", uuid=job.uuid)


def _own_job(request: HttpRequest, uuid: str) -> Eksportjob:
    return get_object_or_404(Eksportjob, uuid=uuid, bestilt_af_id=request.user.pk)


@require_GET
def eksport_status(request: HttpRequest, uuid: str) -> HttpResponse:
    job = _own_job(request, uuid)
    template = "maaling/eksport_status.html#status" if request.htmx else "maaling/eksport_status.html"  # type: ignore[attr-defined]
    response = render(request, template, {"job": job})
    response["Vary"] = "HX-Request"
    return response


@require_GET
def eksport_hent(request: HttpRequest, uuid: str) -> HttpResponse:
    job = _own_job(request, uuid)
    if job.status != Eksportjob.Status.FAERDIG or not job.fil:
        raise Http404
    return FileResponse(job.fil.open("rb"), as_attachment=True, filename=f"{job.datasaet}-{job.uuid}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def drill_url(key: str, qs: str) -> str:
    return f"{reverse('maaling:drill', kwargs={'key': key})}?{qs}"
