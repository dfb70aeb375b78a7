"""Leverandør views: the bestillinger inbox, assignment, "I dag", visit logging, calendars,
group sessions, hours, admissions and status reports. Thin: parse, access, service, render."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bostotte.core.case_sections import ZERO_UUID, field_labels, uuid_url
from bostotte.core.exceptions import ApplicationError, NotAllowedError
from bostotte.core.models import MYNDIGHED_ROLLER, Rolle, Sag, User
from bostotte.core.viewutils import add_form_errors
from visitation.models import Bestilling

from . import forms, selectors, services
from .access import leverandoer_id_for
from .models import Besoeg, BesoegStatus, Tildeling
from .services.indlaeggelse import pause_standard_for_sag
from .timer import belastning, timer_for_bestillinger
from .timer_tabel import belastning_html, sektioner_html, team_valg_html

LEDER = selectors.LEDER
LEVERANDOER = selectors.LEVERANDOER
# 15, not 25: each citizen is a table of 3–6 periods, and at 25 the page stayed above the issue 10
# budget (p50 ≤ 4× the framework floor) even with pre-formatted rows; see docs/levering.md.
TIMER_PR_SIDE = 15
BOSTOETTE = frozenset({Rolle.BOSTOETTE})


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _run(form: Any, fn: Callable[[], Any], *, atomic: bool = True) -> Any:
    """Call a service; put its errors on the form. Returns the result or None on error.
    `atomic=False` when `fn` is one service call: the service owns the transaction, and an outer
    one here would only add a SAVEPOINT and its RELEASE (two round trips)."""
    try:
        if not atomic:
            return fn()
        with transaction.atomic():
            return fn()
    except ValidationError as exc:
        add_form_errors(form, exc)
    except NotAllowedError:
        raise
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    return None


def _forbidden_unless(ok: bool) -> None:
    if not ok:
        raise NotAllowedError(_("Det har du ikke adgang til."))


def _render(request: HttpRequest, template: str, context: dict[str, Any], form: Any = None) -> HttpResponse:
    status = 422 if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


def _not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAllowedError as exc:
            return render(request, "levering/forbidden.html", {"message": exc.message}, status=403)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# --------------------------------------------------------------------------------------------
# Bestillinger (leverandørleder)
# --------------------------------------------------------------------------------------------
@require_GET
def indbakke(request: HttpRequest) -> HttpResponse:
    data = selectors.bestilling_inbox(user=_user(request))
    return render(request, "levering/indbakke.html", data)


@require_GET
def bestilling_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    b = selectors.bestilling_get_for_view(user=user, uuid=uuid, formaal="Levering: visning af bestillingen fra kommunen", view_name="levering:bestilling-detail")
    today = timezone.localdate()
    er_leder = user.rolle == Rolle.LEVERANDOERLEDER
    timer = timer_for_bestillinger(bestillinger=[b], fra=today - timedelta(weeks=7), til=today, inddeling="uge").get(b.pk) if b.status in ("accepteret", "startet") else None
    context = {
        "b": b,
        "borger": b.sag.borger,
        "delt": selectors.bestilling_shared(bestilling=b),
        "svar_frist": selectors.svar_frist(b),
        "tildelinger": list(selectors.tildelinger_for_bestilling(bestilling=b)) if er_leder else [],
        "er_leder": er_leder,
        "accept_form": forms.AcceptForm(initial={"version": b.version}),
        "decline_form": forms.DeclineForm(initial={"version": b.version}),
        "delmaal": selectors.delmaal_for_bestilling(bestilling_ids=[b.pk]).get(b.pk, []),
        "timer": timer,
        "today": today,
    }
    return render(request, "levering/bestilling_detail.html", context)


@require_POST
@_not_allowed
def bestilling_accept(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    b = selectors.bestilling_get(user=user, uuid=uuid)
    _forbidden_unless(user.rolle == Rolle.LEVERANDOERLEDER)
    form = forms.AcceptForm(request.POST)
    if form.is_valid():
        b.version = form.cleaned_data["version"]
        if _run(form, lambda: services.bestilling_accept(bestilling=b, actor=user)) is not None:
            messages.success(request, _("Bestillingen er accepteret. Tildel nu en primær bostøtte."))
            return redirect("levering:tildeling-match", uuid=b.uuid)
    for e in form.non_field_errors() or [_("Bestillingen kunne ikke accepteres.")]:
        messages.error(request, e)
    return redirect("levering:bestilling-detail", uuid=b.uuid)


@require_POST
@_not_allowed
def bestilling_decline(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    b = selectors.bestilling_get(user=user, uuid=uuid)
    _forbidden_unless(user.rolle == Rolle.LEVERANDOERLEDER)
    form = forms.DeclineForm(request.POST)
    if form.is_valid():
        b.version = form.cleaned_data["version"]
        if _run(form, lambda: services.bestilling_decline(bestilling=b, begrundelse=form.cleaned_data["begrundelse"], actor=user)) is not None:
            messages.success(request, _("Bestillingen er afvist. Myndigheden kan se begrundelsen med det samme."))
            return redirect("levering:indbakke")
    context = {
        "b": b, "borger": b.sag.borger, "delt": selectors.bestilling_shared(bestilling=b), "svar_frist": selectors.svar_frist(b),
        "er_leder": True, "accept_form": forms.AcceptForm(initial={"version": b.version}), "decline_form": form, "tildelinger": [], "delmaal": [],
    }
    return render(request, "levering/bestilling_detail.html", context, status=422)


# --------------------------------------------------------------------------------------------
# Tildeling
# --------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@_not_allowed
def tildeling_match(request: HttpRequest, uuid: str) -> HttpResponse:
    """Matching: the citizen's wishes beside staff profiles and caseload; assign or reassign."""
    user = _user(request)
    b = selectors.bestilling_get(user=user, uuid=uuid)
    _forbidden_unless(user.rolle == Rolle.LEVERANDOERLEDER)
    today = timezone.localdate()
    form = forms.TildelingForm(request.POST or None, staff=selectors.leverandoer_staff(user=user), initial={"starts_on": max(today, b.starts_on), "er_primaer": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data

        def do() -> Tildeling:
            if d["skift"]:
                current = Tildeling.objects.filter(bestilling=b, er_primaer=True).filter(starts_on__lt=d["starts_on"]).exclude(ends_on__lt=d["starts_on"]).first()
                if current is None:
                    raise ValidationError({"skift": _("Der er ingen primær bostøtte at skifte fra på datoen.")})
                return services.tildeling_reassign(tildeling=current, ny_medarbejder=d["medarbejder"], fra_on=d["starts_on"], actor=user)
            return services.tildeling_create(bestilling=b, medarbejder=d["medarbejder"], starts_on=d["starts_on"], ends_on=d["ends_on"], er_primaer=d["er_primaer"], actor=user)

        if _run(form, do) is not None:
            messages.success(request, _("Bostøtten er tildelt."))
            return redirect("levering:tildeling-match", uuid=b.uuid)
    if request.method == "GET":
        selectors.accesslog_record(actor=user, borger=b.sag.borger, sag=b.sag, art="visning", formaal="Levering: match af bostøtte til borgerens ønsker", view_name="levering:tildeling-match")
    context = {
        "b": b, "borger": b.sag.borger, "borger_alder": b.sag.borger.alder(today), "form": form,
        "staff": selectors.staff_for_matching(bestilling=b, today=today),
        "tildelinger": list(selectors.tildelinger_for_bestilling(bestilling=b)), "end_form": forms.TildelingEndForm(initial={"ends_on": today}),
    }
    return _render(request, "levering/tildeling_match.html", context, form)


@require_POST
@_not_allowed
def tildeling_end(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    if user.rolle not in LEVERANDOER:
        raise Http404
    t = Tildeling.objects.filter(uuid=uuid, bestilling__in=Bestilling.objects.visible_to(user)).select_related("bestilling").first()
    if t is None:
        raise Http404
    _forbidden_unless(user.rolle == Rolle.LEVERANDOERLEDER)
    form = forms.TildelingEndForm(request.POST)
    if form.is_valid() and _run(form, lambda: services.tildeling_end(tildeling=t, ends_on=form.cleaned_data["ends_on"], actor=user)) is not None:
        messages.success(request, _("Tildelingen er afsluttet. Den står stadig i historikken."))
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("levering:tildeling-match", uuid=t.bestilling.uuid)


# --------------------------------------------------------------------------------------------
# Visits (bostøtte, phone first)
# --------------------------------------------------------------------------------------------
@require_GET
def i_dag(request: HttpRequest) -> HttpResponse:
    dag = selectors.i_dag_rows(user=_user(request))
    besoeg, borgere = _i_dag_rows(dag)
    return render(request, "levering/i_dag.html", {"today": dag.today, **_i_dag_html(besoeg, borgere)})


def _i_dag_rows(dag: selectors.IDagRows) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The cells of "I dag", formatted once in Python: per visit a `{% url %}`, two `|time`,
    two choice labels and a dozen attribute chains through the template engine were most of the
    page's time (issue 10). The output is the same; `_i_dag_html` escapes every value."""
    kontaktform = field_labels(Besoeg, "kontaktform")
    status = field_labels(Besoeg, "status")
    # `uuid_url` once per list, then the uuid put in (what uuid_url does per call)
    create_url, log_url = uuid_url("levering:besoeg-create", ZERO_UUID), uuid_url("levering:besoeg-log", ZERO_UUID)
    borgere: dict[int, dict[str, Any]] = {}
    rows = []
    for t in dag.borgere:
        adresse = t["adresse"]
        if t["postnummer"]:
            adresse = f"{adresse}, {t['postnummer']} {t['by']}"
        row = {"navn": f"{t['fornavn']} {t['efternavn']}", "adresse": adresse, "telefon": t["telefon"], "delmaal": t["delmaal"]}
        borgere.setdefault(t["bestilling_id"], row)
        rows.append({"navn": row["navn"], "url": create_url.replace(ZERO_UUID, str(t["bestilling_uuid"]))})
    besoeg = []
    for v in dag.besoeg:
        b = borgere[v["bestilling_id"]]
        besoeg.append({
            **b,
            "start": timezone.localtime(v["starts_at"]).strftime("%H:%M"),
            "slut": timezone.localtime(v["ends_at"]).strftime("%H:%M"),
            "status": v["status"],
            "meta": f"{kontaktform.get(v['kontaktform'], v['kontaktform'])} · {status.get(v['status'], v['status'])}",
            "planlagt": v["status"] == BesoegStatus.PLANLAGT,
            "url": log_url.replace(ZERO_UUID, str(v["uuid"])),
        })
    return besoeg, rows


def _i_dag_html(besoeg: list[dict[str, Any]], borgere: list[dict[str, str]]) -> dict[str, SafeString]:
    """The two lists of "I dag" as HTML, written in Python: through the template's loops they
    were most of the page's template time (issue 10). The same HTML as the loops printed
    (tests/levering/views/test_i_dag_html.py renders both); every value goes through
    `conditional_escape`, as `{{ }}` does."""
    e = conditional_escape
    registrer, ret, hos = e(_("Registrér besøget")), e(_("Ret registreringen")), e(_("hos"))
    visits = []
    for v in besoeg:
        navn, start, telefon = e(v["navn"]), e(v["start"]), v["telefon"]
        tel = f' · <a href="tel:{e(telefon)}">{e(telefon)}</a>' if telefon else ""
        delmaal = f'<ul class="lev-delmaal">{"".join(f"<li>{e(d)}</li>" for d in v["delmaal"])}</ul>' if v["delmaal"] else ""
        visits.append(
            f'\n  <li class="lev-visit lev-status-{e(v["status"])}">\n'
            f'    <h2 class="h4"><span>{start}–{e(v["slut"])}</span> {navn}</h2>\n'
            f'    <p class="app-meta">{e(v["meta"])}</p>\n'
            f"    <p>{e(v['adresse'])}{tel}</p>\n"
            f"    {delmaal}\n"
            f'    <a class="button button-primary lev-big" href="{e(v["url"])}">{registrer if v["planlagt"] else ret}'
            f'<span class="sr-only"> {hos} {navn} {start}</span></a>\n'
            "  </li>\n"
        )
    citizens = [f'\n  <li><a class="button button-secondary lev-big" href="{e(t["url"])}">{e(t["navn"])}</a></li>\n' for t in borgere]
    return {
        # every value above went through conditional_escape
        "besoeg_html": mark_safe("".join(visits) if visits else f"\n  <li>{e(_('Ingen planlagte besøg i dag.'))}</li>\n"),  # noqa: S308
        "borgere_html": mark_safe("".join(citizens) if citizens else f"<li>{e(_('Du er ikke tildelt nogen borgere i dag.'))}</li>"),  # noqa: S308
    }


def _besoeg_form_context(b: Bestilling, form: forms.BesoegForm, besoeg: Besoeg | None = None) -> dict[str, Any]:
    return {"b": b, "borger": b.sag.borger, "form": form, "besoeg": besoeg}


@require_http_methods(["GET", "POST"])
@_not_allowed
def besoeg_create(request: HttpRequest, uuid: str) -> HttpResponse:
    """Quick log form. On errors the server returns the form with the input kept (422)."""
    user = _user(request)
    b = selectors.bestilling_get(user=user, uuid=uuid)
    _forbidden_unless(user.rolle == Rolle.BOSTOETTE)
    now = timezone.localtime()
    form = forms.BesoegForm(request.POST or None, bestilling_ids=[b.pk], initial={
        "dato": now.date(), "start": (now - timedelta(hours=1)).strftime("%H:%M"), "slut": now.strftime("%H:%M"),
        "kontaktform": "hjemmebesoeg", "status": "gennemfoert", "planlagt": "0",
    })
    created = request.method == "POST" and form.is_valid() and _run(
        form, lambda: services.besoeg_create(bestilling=b, medarbejder=user, actor=user, **form.service_kwargs()), atomic=False
    )
    if created:
        messages.success(request, _("Besøget er registreret."))
        if request.htmx:  # type: ignore[attr-defined]
            response = HttpResponse(status=204)
            response["HX-Redirect"] = _i_dag_url()
            return response
        return redirect("levering:i-dag")
    if request.method == "GET":
        selectors.accesslog_record(actor=user, borger=b.sag.borger, sag=b.sag, art="visning", formaal="Bostøtte: registrering af besøg", view_name="levering:besoeg-create")
    template = "levering/besoeg_form.html#form" if request.htmx else "levering/besoeg_form.html"  # type: ignore[attr-defined]
    return _render(request, template, _besoeg_form_context(b, form), form)


def _i_dag_url() -> str:
    return reverse("levering:i-dag")


@require_http_methods(["GET", "POST"])
@_not_allowed
def besoeg_log(request: HttpRequest, uuid: str) -> HttpResponse:
    """Complete a planned visit (one tap from "I dag") or correct a logged one."""
    user = _user(request)
    # A POST needs the visit and its bestilling; the page (GET) the citizen too. (A POST with
    # errors that renders the whole page loads the case and citizen lazily: two more queries.)
    besoeg = selectors.besoeg_get_for_form(user=user, uuid=uuid, med_borger=request.method == "GET")
    b = besoeg.bestilling
    _forbidden_unless(user.rolle == Rolle.BOSTOETTE and besoeg.medarbejder_id == user.pk)
    besoeg.medarbejder = user  # checked just above: no query for the staff member
    if request.method == "POST":
        # A bound form shows and cleans the posted data; the initial values are not used.
        form = forms.BesoegForm(request.POST, bestilling_ids=[b.pk])
    else:
        start, end = timezone.localtime(besoeg.starts_at), timezone.localtime(besoeg.ends_at)
        form = forms.BesoegForm(None, bestilling_ids=[b.pk], initial={
            "dato": start.date(), "start": start.strftime("%H:%M"), "slut": end.strftime("%H:%M"), "kontaktform": besoeg.kontaktform,
            "status": "gennemfoert" if besoeg.status == "planlagt" else besoeg.status, "planlagt": "1" if besoeg.planlagt else "0",
            # The chosen delmål and ydelser as ids from the visit's own query (besoeg_get_for_form);
            # the undertema as its id: the select compares ids, so the code is not loaded.
            "delmaal": besoeg.delmaal_ids, "ydelser": besoeg.ydelse_ids, "note": besoeg.note,  # type: ignore[attr-defined]
            "note_undertema": besoeg.note_undertema_id, "version": besoeg.version,
        })
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or besoeg.version
        if _run(form, lambda: services.besoeg_update(besoeg=besoeg, version=version, actor=user, **form.service_kwargs()), atomic=False) is not None:
            messages.success(request, _("Besøget er registreret."))
            if request.htmx:  # type: ignore[attr-defined]
                response = HttpResponse(status=204)
                response["HX-Redirect"] = _i_dag_url()
                return response
            return redirect("levering:i-dag")
    if request.method == "GET":
        selectors.accesslog_record(actor=user, borger=b.sag.borger, sag=b.sag, art="visning", formaal="Bostøtte: registrering af besøg", view_name="levering:besoeg-log")
    template = "levering/besoeg_form.html#form" if request.htmx else "levering/besoeg_form.html"  # type: ignore[attr-defined]
    return _render(request, template, _besoeg_form_context(b, form, besoeg), form)


def _week(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        fra = date.fromisoformat(request.GET.get("fra", ""))
    except ValueError:
        fra = today
    fra = fra - timedelta(days=fra.weekday())
    return fra, fra + timedelta(days=13)


@require_GET
def kalender(request: HttpRequest) -> HttpResponse:
    """Planned visits for two weeks: a bostøtte's own; a leader picks a staff member."""
    user = _user(request)
    if user.rolle not in LEVERANDOER:
        raise Http404
    fra, til = _week(request)
    medarbejder = user
    staff = None
    if user.rolle == Rolle.LEVERANDOERLEDER:
        staff = list(selectors.leverandoer_staff(user=user))
        chosen = request.GET.get("medarbejder")
        medarbejder = next((s for s in staff if str(s.uuid) == chosen), staff[0] if staff else None)  # type: ignore[assignment]
    besoeg = selectors.kalender_for_medarbejder(user=medarbejder, fra=fra, til=til) if medarbejder else []
    return render(request, "levering/kalender.html", {
        "besoeg": besoeg, "fra": fra, "til": til, "staff": staff, "medarbejder": medarbejder,
        "forrige": fra - timedelta(days=14), "naeste": fra + timedelta(days=14), "dage": _group_by_day(besoeg),
    })


def _group_by_day(besoeg: list[Besoeg]) -> list[tuple[date, list[Besoeg]]]:
    out: dict[date, list[Besoeg]] = {}
    for v in besoeg:
        out.setdefault(timezone.localdate(v.starts_at), []).append(v)
    return sorted(out.items())


@require_GET
def bestilling_kalender(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    b = selectors.bestilling_get_for_view(user=user, uuid=uuid, formaal="Levering: borgerens besøgskalender", view_name="levering:bestilling-kalender")
    fra, til = _week(request)
    besoeg = selectors.kalender_for_bestilling(bestilling=b, fra=fra, til=til)
    return render(request, "levering/bestilling_kalender.html", {
        "b": b, "borger": b.sag.borger, "fra": fra, "til": til, "dage": _group_by_day(besoeg),
        "forrige": fra - timedelta(days=14), "naeste": fra + timedelta(days=14),
    })


@require_http_methods(["GET", "POST"])
@_not_allowed
def serie_create(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    b = selectors.bestilling_get(user=user, uuid=uuid)
    _forbidden_unless(user.rolle == Rolle.BOSTOETTE)
    form = forms.SerieForm(request.POST or None, initial={"dato": timezone.localdate() + timedelta(days=1), "start": "10:00", "varighed_min": 60, "kontaktform": "hjemmebesoeg", "interval_uger": 1, "antal": 8})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.besoeg_serie_create(
            bestilling=b, medarbejder=user, foerste_starts_at=form.foerste_starts_at(), varighed_min=d["varighed_min"],
            kontaktform=d["kontaktform"], interval_uger=d["interval_uger"], antal=d["antal"], til_og_med=d["til_og_med"], actor=user,
        )) is not None:
            messages.success(request, _("Besøgene er planlagt."))
            return redirect("levering:bestilling-kalender", uuid=b.uuid)
    if request.method == "GET":
        selectors.accesslog_record(actor=user, borger=b.sag.borger, sag=b.sag, art="visning", formaal="Bostøtte: planlægning af besøg", view_name="levering:serie-create")
    return _render(request, "levering/serie_form.html", {"b": b, "borger": b.sag.borger, "form": form}, form)


@require_http_methods(["GET", "POST"])
def gruppesession_create(request: HttpRequest) -> HttpResponse:
    """One group session, several citizens, minutes per citizen."""
    user = _user(request)
    if user.rolle != Rolle.BOSTOETTE:
        raise Http404
    dag = selectors.i_dag(user=user)
    form = forms.GruppesessionForm(request.POST or None, initial={"dato": dag.today, "start": "13:00", "slut": "15:00"})
    chosen: dict[int, int] = {}
    if request.method == "POST":
        for t in dag.tildelinger:
            if request.POST.get(f"deltager_{t.bestilling_id}"):
                try:
                    chosen[t.bestilling_id] = int(request.POST.get(f"minutter_{t.bestilling_id}") or 0)
                except ValueError:
                    chosen[t.bestilling_id] = 0
        if form.is_valid():
            starts_at, ends_at = form.times()
            deltagere = [services.GruppeDeltager(bestilling=t.bestilling, minutter=chosen[t.bestilling_id] or int((ends_at - starts_at).total_seconds() // 60)) for t in dag.tildelinger if t.bestilling_id in chosen]
            d = form.cleaned_data
            if _run(form, lambda: services.gruppesession_create(
                medarbejder=user, titel=d["titel"], sted=d["sted"], starts_at=starts_at, ends_at=ends_at, deltagere=deltagere,
                note=d["note"], note_undertema=d["note_undertema"], actor=user,
            )) is not None:
                messages.success(request, _("Gruppesessionen er registreret for %(n)s borgere.") % {"n": len(deltagere)})
                return redirect("levering:i-dag")
    return _render(request, "levering/gruppesession_form.html", {"form": form, "tildelinger": dag.tildelinger, "chosen": chosen}, form)


# --------------------------------------------------------------------------------------------
# Hours delivered vs granted
# --------------------------------------------------------------------------------------------
@require_GET
def timer(request: HttpRequest) -> HttpResponse:
    """Per citizen per week or month; per bostøtte and team the load. Fixed number of queries."""
    user = _user(request)
    if user.rolle not in LEVERANDOER:
        raise Http404
    today = timezone.localdate()
    inddeling = "maaned" if request.GET.get("inddeling") == "maaned" else "uge"
    fra = (today.replace(day=1) - timedelta(days=62)).replace(day=1) if inddeling == "maaned" else today - timedelta(weeks=5)
    er_leder = user.rolle == Rolle.LEVERANDOERLEDER
    teams = selectors.timer_teams(user=user, valg=request.GET.get("team"))
    # One page of citizens at a time: the cost follows the page, not the leverandør's size.
    # the page's ids, their rows with their joins and admissions and their visits' figures, in one query (issue 10)
    side = selectors.bestillinger_for_timer_page(
        user=user, team_ids=teams.valgt, today=today, side=request.GET.get("side"), pr_side=TIMER_PR_SIDE, fra=fra, til=today, inddeling=inddeling
    )
    page, bestillinger = side.page, side.bestillinger
    data = timer_for_bestillinger(bestillinger=bestillinger, fra=fra, til=today, inddeling=inddeling, indlaeggelser=side.indlagt, besoeg=side.besoeg)
    lev = leverandoer_id_for(user)
    load = belastning(leverandoer_id=lev, fra=today - timedelta(days=27), til=today, today=today, medarbejder_ids=None if er_leder else [user.pk], team_ids=teams.valgt) if lev else None
    rows = [data[b.pk] for b in bestillinger]
    team = request.GET.get("team", "")[:20] if er_leder else ""
    return render(request, "levering/timer.html", {
        "rows": rows, "page": page, "inddeling": inddeling, "fra": fra, "til": today, "load": load, "er_leder": er_leder,
        "teams": teams, "team": team, "team_qs": urlencode({"team": team}) if team else "",
        "pager_qs": urlencode({"inddeling": inddeling, **({"team": team} if team else {})}),
        # formatted once in Python (levering/timer_tabel.py), not per cell in the template (issue 10)
        "sektioner": sektioner_html(rows), "load_html": belastning_html(load, er_leder) if load else None,
        "team_valg": team_valg_html(teams) if er_leder and teams.teams else "",
    })


# --------------------------------------------------------------------------------------------
# Indlæggelse
# --------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@_not_allowed
def indlaeggelse_create(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = selectors.sag_get_on_case(user=user, uuid=uuid, formaal="Registrering af indlæggelse", view_name="levering:indlaeggelse-create") if request.method == "GET" else None
    if sag is None:
        if user.rolle not in selectors.ON_CASE_ROLLER:
            raise Http404
        sag = Sag.objects.visible_one(user).select_related("borger").filter(uuid=uuid).first()
        if sag is None:
            raise Http404
    standard = pause_standard_for_sag(sag)
    form = forms.IndlaeggelseForm(request.POST or None, initial={"indlagt_on": timezone.localdate(), "pause": "1" if standard else "0"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.indlaeggelse_create(sag=sag, indlagt_on=d["indlagt_on"], pause=d["pause"], pause_begrundelse=d["pause_begrundelse"], bemaerkning=d["bemaerkning"], actor=user)) is not None:
            messages.success(request, _("Indlæggelsen er registreret. Den tildelte bostøtte fortsætter på sagen."))
            return redirect(_after_case(user, sag))
    return _render(request, "levering/indlaeggelse_form.html", {"sag": sag, "borger": sag.borger, "form": form, "standard": standard, "indlaeggelser": selectors.indlaeggelser_for_sag(sag=sag)}, form)


def _after_case(user: User, sag: Any) -> str:
    if user.rolle in MYNDIGHED_ROLLER:
        return reverse("core:sag-detail", kwargs={"uuid": sag.uuid})
    return reverse("levering:i-dag") if user.rolle == Rolle.BOSTOETTE else reverse("levering:indbakke")


@require_http_methods(["GET", "POST"])
@_not_allowed
def indlaeggelse_udskriv(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    ind = selectors.indlaeggelse_get(user=user, uuid=uuid)
    form = forms.UdskrivForm(request.POST or None, initial={"udskrevet_on": timezone.localdate()})
    done = request.method == "POST" and form.is_valid() and _run(
        form, lambda: services.indlaeggelse_udskriv(indlaeggelse=ind, udskrevet_on=form.cleaned_data["udskrevet_on"], actor=user)
    )
    if done:
        messages.success(request, _("Udskrivningen er registreret. Sagsbehandleren får besked om at følge op."))
        return redirect(_after_case(user, ind.sag))
    if request.method == "GET":
        selectors.accesslog_record(actor=user, borger=ind.sag.borger, sag=ind.sag, art="visning", formaal="Registrering af udskrivning", view_name="levering:indlaeggelse-udskriv")
    return _render(request, "levering/udskriv_form.html", {"ind": ind, "sag": ind.sag, "borger": ind.sag.borger, "form": form}, form)


@require_POST
@_not_allowed
def indlaeggelse_opfoelgning(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    ind = selectors.indlaeggelse_get(user=user, uuid=uuid)
    _forbidden_unless(user.rolle in MYNDIGHED_ROLLER)
    try:
        services.indlaeggelse_opfoelgning_afslut(indlaeggelse=ind, actor=user)
        messages.success(request, _("Opfølgningen efter udskrivningen er markeret som sket."))
    except ApplicationError as exc:
        if isinstance(exc, NotAllowedError):
            raise
        messages.error(request, exc.message)
    return redirect("core:sag-detail", uuid=ind.sag.uuid)


# --------------------------------------------------------------------------------------------
# Statusrapport
# --------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@_not_allowed
def statusrapport_create(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    b = selectors.bestilling_get(user=user, uuid=uuid)
    delmaal = selectors.delmaal_for_bestilling(bestilling_ids=[b.pk]).get(b.pk, [])
    today = timezone.localdate()
    form = forms.StatusrapportForm(request.POST or None, delmaal=delmaal, initial={"periode_fra": today - timedelta(days=182), "periode_til": today})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.statusrapport_create(
            bestilling=b, periode_fra=d["periode_fra"], periode_til=d["periode_til"], hvad_virkede=d["hvad_virkede"],
            borgers_perspektiv=d["borgers_perspektiv"], samlet_vurdering=d["samlet_vurdering"], delmaal_fremskridt=form.fremskridt(), actor=user,
        )) is not None:
            messages.success(request, _("Statusrapporten er sendt til sagsbehandleren."))
            return redirect("levering:bestilling-detail", uuid=b.uuid)
    if request.method == "GET":
        selectors.accesslog_record(actor=user, borger=b.sag.borger, sag=b.sag, art="visning", formaal="Levering: statusrapport til kommunen", view_name="levering:statusrapport-create")
    return _render(request, "levering/statusrapport_form.html", {"b": b, "borger": b.sag.borger, "form": form}, form)
