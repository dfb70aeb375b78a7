"""Plan pages for staff. Thin: parse input, load through the selectors (404 outside the scope),
check the action (403 for a forbidden action on something visible), call a service, render.
The citizen's own plan page lives in the portal (it reuses `plan_tree_for`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import FilteredRelation, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bostotte.core.case_sections import (
    CaseQuery,
    case_instances,
    date_text,
    field_labels,
    section_texts,
    uuid_url,
)
from bostotte.core.exceptions import ApplicationError, ConflictError, NotAllowedError
from bostotte.core.models import AccessLog, Sag, User
from bostotte.core.services.accesslog import accesslog_record
from bostotte.core.viewutils import add_form_errors
from visitation.selectors import sag_afgoerelser

from . import selectors, services
from .access import is_myndighed_for, may_edit_paedagogisk_plan
from .forms import (
    DelmaalForm,
    EvalueringForm,
    HandleplanTilbudForm,
    HandleplanVersionForm,
    KommentarForm,
    PaedagogiskPlanForm,
)
from .models import Handleplan, HandleplanVersion, PaedagogiskPlan
from .pdf import plan_pdf_render


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _log(request: HttpRequest, sag: Sag, formaal: str, view_name: str, art: str = AccessLog.Art.VISNING) -> None:
    accesslog_record(actor=_user(request), borger=sag.borger, sag=sag, art=art, formaal=formaal, view_name=view_name)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "handleplaner/forbidden.html", {"message": message}, status=403)


def _require_myndighed(request: HttpRequest, sag: Sag) -> HttpResponse | None:
    if not is_myndighed_for(_user(request), sag):
        return _forbidden(request, _("Kun myndighedens sagsbehandlere kan ændre handleplanen."))
    return None


# --------------------------------------------------------------------------------------------
# Lists and the plan view
# --------------------------------------------------------------------------------------------
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """'Planer': the leverandør's accessible plans (no per-row access log)."""
    bestillinger = selectors.plan_list_for(user=_user(request))
    return render(request, "handleplaner/plan_list.html", {"bestillinger": bestillinger[:300]})


@require_GET
def plan_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = selectors.plan_sag_get(user=user, uuid=uuid)
    tree = selectors.plan_tree_for(user, sag)
    formaal = (
        _("Sagsbehandling: visning af handleplan og mål")
        if tree.visning == "myndighed"
        else _("Bostøtte: visning af bestillingens mål og den pædagogiske plan")
    )
    _log(request, sag, formaal, "plan-detail")
    context: dict[str, Any] = {"sag": sag, "tree": tree, "evaluering_form": EvalueringForm()}
    if tree.visning == "myndighed":
        context["handleplan_frist_on"] = selectors.handleplan_frist_for(sag=sag)
        context["today"] = timezone.localdate()
        context["kommentar_form"] = KommentarForm()
    return render(request, "handleplaner/plan_detail.html", context)


@require_GET
def plan_print(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = selectors.plan_sag_get(user=user, uuid=uuid)
    tree = selectors.plan_tree_for(user, sag)
    _log(request, sag, _("Udskrift af plan og mål"), "plan-print")
    return render(request, "handleplaner/plan_print.html", {"sag": sag, "tree": tree, "pdf": False})


@require_GET
def plan_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = selectors.plan_sag_get(user=user, uuid=uuid)
    tree = selectors.plan_tree_for(user, sag)
    _log(request, sag, _("Plan og mål hentet som PDF"), "plan-pdf", art=AccessLog.Art.DOKUMENT)
    pdf = plan_pdf_render(request=request, sag=sag, tree=tree)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{sag.sagsnummer}.pdf"'
    return response


# --------------------------------------------------------------------------------------------
# § 141 handleplan (myndighed)
# --------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def handleplan_tilbud(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = selectors.plan_sag_get(user=user, uuid=uuid)
    if (resp := _require_myndighed(request, sag)) is not None:
        return resp
    plan = services.handleplan_get_or_create(sag=sag, actor=user)
    form = HandleplanTilbudForm(request.POST or None, initial=HandleplanTilbudForm.initial_for(plan))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.handleplan_tilbud_save(
                    handleplan=plan, omfattet_stk2=form.omfattet_value(), vurdering_begrundelse=cd["vurdering_begrundelse"],
                    tilbudt_on=cd["tilbudt_on"], tilbudt_maade=cd["tilbudt_maade"], svar=cd["svar"], svar_on=cd["svar_on"],
                    del_med_leverandoer=cd["del_med_leverandoer"], expected_version=cd["version"], actor=user,
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Oplysningerne om handleplanen er gemt."))
                return redirect("handleplaner:plan-detail", uuid=sag.uuid)
        status = 422
    else:
        _log(request, sag, _("Sagsbehandling: tilbud om handleplan"), "handleplan-tilbud")
    return render(request, "handleplaner/handleplan_tilbud.html", {"sag": sag, "plan": plan, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def handleplan_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    """Write a new version (every save is a new version; optimistic locking on the number)."""
    user = _user(request)
    sag = selectors.plan_sag_get(user=user, uuid=uuid)
    if (resp := _require_myndighed(request, sag)) is not None:
        return resp
    plan = services.handleplan_get_or_create(sag=sag, actor=user)
    current = plan.versioner.filter(er_gaeldende=True).first()
    form = HandleplanVersionForm(request.POST or None, initial=HandleplanVersionForm.initial_for(current))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = dict(form.cleaned_data)
            expected = cd.pop("expected_nummer")
            try:
                version = services.handleplan_version_create(handleplan=plan, expected_nummer=expected, actor=user, **cd)
            except ValidationError as exc:
                add_form_errors(form, exc)
            except ConflictError as exc:
                form.add_error(None, exc.message)
                status = 409
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Version %(n)s af handleplanen er gemt.") % {"n": version.nummer})
                return redirect("handleplaner:plan-detail", uuid=sag.uuid)
        status = 409 if status == 409 else 422
    else:
        _log(request, sag, _("Sagsbehandling: skrive handleplan"), "handleplan-edit")
    tree = selectors.plan_tree_for(user, sag)
    return render(
        request, "handleplaner/handleplan_form.html",
        {"sag": sag, "plan": plan, "current": current, "form": form, "tree": tree}, status=status,
    )


@require_GET
def handleplan_versioner(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = selectors.plan_sag_get(user=user, uuid=uuid)
    if (resp := _require_myndighed(request, sag)) is not None:
        return resp
    plan = Handleplan.objects.filter(sag=sag).first()
    if plan is None:
        raise Http404
    _log(request, sag, _("Sagsbehandling: handleplanens historik"), "handleplan-versioner")
    versioner = list(selectors.handleplan_versions(handleplan=plan))
    rows = []
    for i, v in enumerate(versioner):
        forrige = versioner[i + 1] if i + 1 < len(versioner) else None
        rows.append({"version": v, "diff": selectors.handleplan_diff(forrige, v)})
    return render(request, "handleplaner/handleplan_versioner.html", {"sag": sag, "plan": plan, "rows": rows})


@require_POST
def handleplan_kommentar(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    sag = selectors.plan_sag_get(user=user, uuid=uuid)
    if (resp := _require_myndighed(request, sag)) is not None:
        return resp
    plan = Handleplan.objects.filter(sag=sag).first()
    version = plan.versioner.filter(er_gaeldende=True).first() if plan else None
    if version is None:
        raise Http404
    form = KommentarForm(request.POST)
    if form.is_valid():
        try:
            services.handleplan_kommentar_create(version=version, tekst=form.cleaned_data["tekst"], actor=user)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kommentaren er gemt."))
            return redirect("handleplaner:plan-detail", uuid=sag.uuid)
    messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
    return redirect("handleplaner:plan-detail", uuid=sag.uuid)


@require_POST
def handleplan_accept(request: HttpRequest, uuid: str) -> HttpResponse:
    """The sagsbehandler records that the citizen accepted the current version."""
    user = _user(request)
    sag = selectors.plan_sag_get(user=user, uuid=uuid)
    if (resp := _require_myndighed(request, sag)) is not None:
        return resp
    plan = Handleplan.objects.filter(sag=sag).first()
    version = plan.versioner.filter(er_gaeldende=True).first() if plan else None
    if version is None:
        raise Http404
    try:
        services.handleplan_accept(version=version, actor=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Det er registreret, at borgeren har accepteret handleplanen."))
    return redirect("handleplaner:plan-detail", uuid=sag.uuid)


# --------------------------------------------------------------------------------------------
# Pædagogisk plan and delmål (leverandør)
# --------------------------------------------------------------------------------------------
def _require_leverandoer(request: HttpRequest, bestilling: Any) -> HttpResponse | None:
    if not may_edit_paedagogisk_plan(_user(request), bestilling):
        return _forbidden(request, _("Kun den tildelte bostøtte eller leverandørens leder kan ændre den pædagogiske plan."))
    return None


@require_http_methods(["GET", "POST"])
def paedagogisk_plan_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    bestilling = selectors.bestilling_get_for_plan(user=user, uuid=uuid)
    if (resp := _require_leverandoer(request, bestilling)) is not None:
        return resp
    plan = PaedagogiskPlan.objects.filter(bestilling=bestilling).first()
    initial: dict[str, Any] = {"udarbejdet": "sammen"}
    if plan is not None:
        initial = {
            "borger_tilbudt_forberedelse": plan.borger_tilbudt_forberedelse, "forberedelse_on": plan.forberedelse_on,
            "udarbejdet": plan.udarbejdet, "borgers_ord": plan.borgers_ord, "tilgang": plan.tilgang,
            "expected_revision": plan.revision,
        }
    form = PaedagogiskPlanForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = dict(form.cleaned_data)
            expected = cd.pop("expected_revision")
            try:
                if plan is None:
                    services.paedagogisk_plan_create(bestilling=bestilling, actor=user, **cd)
                else:
                    services.paedagogisk_plan_update(plan=plan, expected_revision=expected or 0, actor=user, **cd)
            except ValidationError as exc:
                add_form_errors(form, exc)
            except ConflictError as exc:
                form.add_error(None, exc.message)
                status = 409
            except NotAllowedError as exc:
                return _forbidden(request, exc.message)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Den pædagogiske plan er gemt."))
                return redirect("handleplaner:plan-detail", uuid=bestilling.sag.uuid)
        status = 409 if status == 409 else 422
    else:
        _log(request, bestilling.sag, _("Bostøtte: skrive den pædagogiske plan"), "paedagogisk-plan-edit")
    return render(
        request, "handleplaner/paedagogisk_plan_form.html",
        {"bestilling": bestilling, "sag": bestilling.sag, "plan": plan, "form": form}, status=status,
    )


@require_http_methods(["GET", "POST"])
def delmaal_create(request: HttpRequest, uuid: str) -> HttpResponse:
    """A new delmål under the indsatsmål `uuid`."""
    user = _user(request)
    indsatsmaal = selectors.indsatsmaal_get_for_plan(user=user, uuid=uuid)
    bestilling = indsatsmaal.bestilling
    if (resp := _require_leverandoer(request, bestilling)) is not None:
        return resp
    plan = PaedagogiskPlan.objects.filter(bestilling=bestilling).first()
    form = DelmaalForm(request.POST or None)
    form.fields.pop("status")
    status = 200
    if request.method == "POST":
        if plan is None:
            form.add_error(None, _("Opret først den pædagogiske plan."))
        elif form.is_valid():
            try:
                services.delmaal_create(plan=plan, indsatsmaal=indsatsmaal, actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Delmålet er gemt."))
                return redirect("handleplaner:plan-detail", uuid=bestilling.sag.uuid)
        status = 422
    else:
        _log(request, bestilling.sag, _("Bostøtte: nyt delmål"), "delmaal-create")
    return render(
        request, "handleplaner/delmaal_form.html",
        {"form": form, "indsatsmaal": indsatsmaal, "sag": bestilling.sag, "plan": plan, "bestilling": bestilling},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def delmaal_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    delmaal = selectors.delmaal_get_for_plan(user=user, uuid=uuid)
    bestilling = delmaal.plan.bestilling
    if (resp := _require_leverandoer(request, bestilling)) is not None:
        return resp
    initial = {
        "titel": delmaal.titel, "borgers_ord": delmaal.borgers_ord, "metoder": delmaal.metoder,
        "aktiviteter": delmaal.aktiviteter, "status": delmaal.status,
    }
    form = DelmaalForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.delmaal_update(delmaal=delmaal, actor=user, **{**cd, "status": cd["status"] or delmaal.status})
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Delmålet er gemt."))
                return redirect("handleplaner:plan-detail", uuid=bestilling.sag.uuid)
        status = 422
    else:
        _log(request, bestilling.sag, _("Bostøtte: ændre delmål"), "delmaal-edit")
    return render(
        request, "handleplaner/delmaal_form.html",
        {"form": form, "delmaal": delmaal, "indsatsmaal": delmaal.indsatsmaal, "sag": bestilling.sag, "plan": delmaal.plan,
         "bestilling": bestilling},
        status=status,
    )


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------
def _evaluering(request: HttpRequest, *, delmaal: Any = None, indsatsmaal: Any = None) -> HttpResponse:
    user = _user(request)
    maal = delmaal or indsatsmaal
    bestilling = delmaal.plan.bestilling if delmaal is not None else indsatsmaal.bestilling
    sag = bestilling.sag
    may_rate = is_myndighed_for(user, sag) or may_edit_paedagogisk_plan(user, bestilling)
    if not may_rate:
        return _forbidden(request, _("Du kan ikke vurdere fremskridt på dette mål."))
    form = EvalueringForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.evaluering_create(delmaal=delmaal, indsatsmaal=indsatsmaal, actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            except NotAllowedError as exc:
                return _forbidden(request, exc.message)
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    historik = list(selectors.evaluering_historik(delmaal=delmaal, indsatsmaal=indsatsmaal)[: selectors.HISTORIK_ANTAL])
                    node = selectors.MaalNode(maal=maal, seneste=historik[0] if historik else None, historik=historik)
                    return render(
                        request, "handleplaner/_progress.html",
                        {"node": node, "kind": "delmaal" if delmaal is not None else "indsatsmaal", "evaluering_form": EvalueringForm(), "saved": True, "can_rate": True},
                    )
                messages.success(request, _("Vurderingen er gemt."))
                return redirect("handleplaner:plan-detail", uuid=sag.uuid)
        status = 422
    else:
        _log(request, sag, _("Vurdering af fremskridt på et mål"), "evaluering")
    historik = list(selectors.evaluering_historik(delmaal=delmaal, indsatsmaal=indsatsmaal))
    context = {
        "form": form, "maal": maal, "kind": "delmaal" if delmaal is not None else "indsatsmaal", "sag": sag, "historik": historik,
    }
    if request.htmx and request.method == "POST":  # type: ignore[attr-defined]
        node = selectors.MaalNode(maal=maal, seneste=historik[0] if historik else None, historik=historik[: selectors.HISTORIK_ANTAL])
        return render(
            request, "handleplaner/_progress.html",
            {"node": node, "kind": context["kind"], "evaluering_form": form, "can_rate": True}, status=status,
        )
    return render(request, "handleplaner/evaluering_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def evaluering_delmaal(request: HttpRequest, uuid: str) -> HttpResponse:
    return _evaluering(request, delmaal=selectors.delmaal_get_for_plan(user=_user(request), uuid=uuid))


@require_http_methods(["GET", "POST"])
def evaluering_indsatsmaal(request: HttpRequest, uuid: str) -> HttpResponse:
    return _evaluering(request, indsatsmaal=selectors.indsatsmaal_get_for_plan(user=_user(request), uuid=uuid))


# --------------------------------------------------------------------------------------------
# Case page panel (myndighed)
# --------------------------------------------------------------------------------------------
_VERSION_FIELDS = ("id", "nummer", "created_at", "accepteret_at")
_PLAN_FIELDS = ("id", "sag_id", "omfattet_stk2", "tilbudt_on", "svar")
# The plan and its current version in one query (a LEFT JOIN on the one current version, unique
# per plan by constraint), compiled once (`CaseQuery`: the FilteredRelation's compile was most
# of the panel's time, issue 10).
_SAG_PLAN = CaseQuery(
    lambda sag_id: Handleplan.objects.filter(sag_id=sag_id)
    .annotate(gv=FilteredRelation("versioner", condition=Q(versioner__er_gaeldende=True)))
    .values_list(*_PLAN_FIELDS, *(f"gv__{f}" for f in _VERSION_FIELDS))[:1]
)


def _plan_with_current_version(sag: Sag) -> tuple[Handleplan | None, HandleplanVersion | None]:
    """The case's plan and its current version in one query. Both carry the fields the panel
    shows; any other field loads on access (deferred)."""
    rows = _SAG_PLAN.rows(sag)
    if not rows:
        return None, None
    (plan,) = case_instances(Handleplan, _PLAN_FIELDS, rows)
    plan.sag = sag
    gv = rows[0][len(_PLAN_FIELDS):]
    if gv[0] is None:
        return plan, None
    loaded = dict(zip(_VERSION_FIELDS, gv, strict=True)) | {"handleplan_id": plan.pk, "er_gaeldende": True}
    fields = [f.attname for f in HandleplanVersion._meta.concrete_fields if f.attname in loaded]
    version = HandleplanVersion.from_db(DEFAULT_DB_ALIAS, fields, [loaded[f] for f in fields])
    version.handleplan = plan
    return plan, version


_SECTION_TEXTS = (
    gettext_noop("Handleplan (§ 141)"), gettext_noop("Tilbud"), gettext_noop("Tilbudt"),
    gettext_noop("Ikke omfattet af § 141, stk. 2"), gettext_noop("Ikke tilbudt"), gettext_noop("frist"),
    gettext_noop("fristen er overskredet"), gettext_noop("Gældende version"), gettext_noop("accepteret"),
    gettext_noop("Ingen"), gettext_noop("Åbn plan og mål"),
)


def _section_html(
    sag: Sag, plan: Handleplan | None, version: HandleplanVersion | None, frist: date | None, overskredet: bool
) -> SafeString:
    """The panel written in Python (issue 10: through the template engine it was 0.3 ms a
    page); every value escaped, the texts translated once per language
    (`bostotte.core.case_sections`). tests/handleplaner/views/test_sag_section_html.py renders
    the old template (kept there as the reference) and compares byte for byte."""
    t = section_texts(_SECTION_TEXTS)
    if plan is not None and plan.tilbudt_on:
        svar = field_labels(Handleplan, "svar").get(plan.svar, plan.svar)
        tilbud = f"{t['Tilbudt']} {escape(date_text(plan.tilbudt_on, 'j. F Y'))} – {escape(svar)}\n        "
    elif plan is not None and plan.omfattet_stk2 is False:
        tilbud = f"{t['Ikke omfattet af § 141, stk. 2']}\n        "
    else:
        tilbud = t["Ikke tilbudt"]
        if frist:
            tilbud += f" ({t['frist']} {escape(date_text(frist, 'j. F Y'))})"
        if overskredet:
            tilbud += f" – <strong>{t['fristen er overskredet']}</strong>"
    if version is not None:
        # {% blocktranslate %}: the translation as it is, its values escaped
        gaeldende = gettext("Version %(n)s fra %(dato)s") % {
            "n": escape(version.nummer),
            "dato": escape(date_text(timezone.localtime(version.created_at).date(), "j. F Y")),
        }
        if version.accepteret_at:
            gaeldende += f" ({t['accepteret']})"
    else:
        gaeldende = t["Ingen"]
    return mark_safe(  # noqa: S308 - every value is escaped
        '<section aria-labelledby="hp-section-heading" class="hp-sag-section">'
        f'\n  <h2 id="hp-section-heading" class="h3">{t["Handleplan (§ 141)"]}</h2>'
        '\n  <dl class="app-dl">'
        f"\n    <dt>{t['Tilbud']}</dt>"
        f"\n    <dd>{tilbud}</dd>"
        f"\n    <dt>{t['Gældende version']}</dt>"
        f"\n    <dd>{gaeldende}</dd>"
        "\n  </dl>"
        f'\n  <p><a href="{escape(uuid_url("handleplaner:plan-detail", sag.uuid))}">{t["Åbn plan og mål"]}</a></p>'
        "\n</section>\n"
    )


def sag_section(request: HttpRequest, sag: Sag) -> dict[str, object] | None:
    plan, version = _plan_with_current_version(sag)
    frist = selectors.handleplan_frist_of(sag_afgoerelser(sag=sag))
    today = timezone.localdate()
    overskredet = bool(
        frist and frist < today and not (plan and (plan.tilbudt_on or plan.omfattet_stk2 is False))
    )
    return {
        "name": "handleplaner", "html": _section_html(sag, plan, version, frist, overskredet),
        "hp_plan": plan, "hp_version": version, "hp_frist": frist, "hp_overskredet": overskredet, "hp_sag": sag,
    }
