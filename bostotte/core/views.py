"""Core views: login, the role home page, cases, citizens, journal and temporary access.

Thin: parse input, call the access function, call the service, render."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors
from .case_sections import ZERO_UUID, field_labels, sections_for, uuid_url
from .exceptions import ApplicationError
from .forms import AdgangForm, BevaringForm, CprSoegForm, JournalnotatForm, KorrektionForm
from .models import (
    MYNDIGHED_ROLLER,
    Heartbeat,
    Journalnotat,
    Rolle,
    Sag,
    SagUserObjectPermission,
    User,
)
from .sag_html import (
    borger_facts_html,
    case_head_html,
    journal_items_html,
    sag_facts_html,
    sag_list_rows_html,
)
from .services.journal import journalnotat_correct, journalnotat_create
from .services.sag import sag_adgang_give, sag_adgang_revoke, sag_bevaring_set
from .viewutils import add_form_errors


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["use_oidc"] = getattr(settings, "USE_OIDC", False)
        if settings.DEV_LOGIN:
            context["demo_users"] = (
                User.objects.filter(is_active=True, username__startswith="demo-")
                .exclude(rolle="")
                .order_by("rolle", "username")[:40]
            )
        return context


LoginView.dispatch = login_not_required(LoginView.dispatch)  # type: ignore[method-assign]


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect(settings.LOGOUT_REDIRECT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Web health for the load balancer: the database and the cache answer. 503 otherwise."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        checks["database"] = "fejl"
    try:
        cache.set("healthz", "1", 10)
    except Exception:  # noqa: BLE001 - Redis down: the web app still works, but report it
        checks["cache"] = "fejl"
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "fejl", **checks}, status=status)


@login_not_required
@require_GET
def healthz_background(request: HttpRequest) -> JsonResponse:
    """Beat and worker health: the heartbeat task (scheduled by beat every 5 minutes and run by
    a worker) must have run within the last 15 minutes."""
    row = Heartbeat.objects.filter(name="beat").first()
    fresh = row is not None and timezone.now() - row.at < timedelta(minutes=15)
    body = {"status": "ok" if fresh else "fejl", "sidste_livstegn": row.at.isoformat() if row else None}
    return JsonResponse(body, status=200 if fresh else 503)


def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.rolle == Rolle.BORGER:
        return redirect("portal:forside") if _has_url("portal:forside") else render(request, "core/home.html", {})
    context: dict[str, object] = {}
    if user.rolle in MYNDIGHED_ROLLER:
        context["counts"] = selectors.sag_counts_for_user(user=user)
    return render(request, "core/home.html", context)


def _has_url(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


@require_http_methods(["GET", "POST"])
def sag_list(request: HttpRequest) -> HttpResponse:
    """'Sager': the cases in the user's scope. CPR search is a POST so the number never appears in a URL."""
    user: User = request.user  # type: ignore[assignment]
    status = request.GET.get("status", "aaben")
    if status not in {"aaben", "lukket", "alle"}:
        status = "aaben"
    mine = request.GET.get("mine") == "1"
    q = request.GET.get("q", "")[:100]
    cpr_form = CprSoegForm(request.POST or None)
    cpr_hit = None
    cpr_searched = False
    if request.method == "POST" and user.rolle in MYNDIGHED_ROLLER and cpr_form.is_valid():
        cpr_searched = True
        try:
            cpr_hit = selectors.borger_find_by_cpr(user=user, cpr=cpr_form.cleaned_data["cpr"])
        except ValidationError as exc:
            cpr_form.add_error("cpr", exc.messages[0])
            cpr_searched = False
        else:
            cpr_form = CprSoegForm()  # do not echo a valid CPR back into the page
    page = selectors.sag_list_page(
        user=user, status=None if status == "alle" else status, mine=mine, q=q,
        side=request.GET.get("side"), pr_side=SAGER_PR_SIDE,
    )
    cpr_sager = []
    if cpr_hit is not None:
        cpr_sager = list(selectors.sag_list_for_borger(user=user, borger=cpr_hit))
    return render(
        request,
        "core/sag_list.html",
        {
            "page": page,
            "rows_html": sag_list_rows_html(list(page.object_list)),
            "page_qs": urlencode({k: v for k, v in (("status", status), ("mine", "1" if mine else ""), ("q", q)) if v}),
            "status": status,
            "mine": mine,
            "q": q,
            "cpr_form": cpr_form,
            "cpr_field_html": _cpr_field_html(request, cpr_form) if user.rolle in MYNDIGHED_ROLLER else "",
            "cpr_hit": cpr_hit,
            "cpr_sager": cpr_sager,
            "cpr_searched": cpr_searched,
            "can_cpr_search": user.rolle in MYNDIGHED_ROLLER,
        },
    )


# Rows per page of the case list: a team's caseload (≈ 1,000 open cases in a large municipality)
# is paged, sorted by the citizen's name, with the total shown.
SAGER_PR_SIDE = 50


_cpr_field_cache: dict[str, str] = {}


def _cpr_field_html(request: HttpRequest, form: CprSoegForm) -> str:
    """The empty CPR field, rendered once per language (as `_journal_form_fields`): the same for
    every user, and through the field and widget templates a tenth of the case list's template
    time (issue 10). "" for a bound form (a search with an error), which the page renders."""
    if form.is_bound:
        return ""
    lang = get_language() or ""
    html = _cpr_field_cache.get(lang)
    if html is None or settings.DEBUG:
        html = render_to_string("core/sag_list.html#cpr_field", {"cpr_form": CprSoegForm()}, request)
        _cpr_field_cache[lang] = html
    return html


def _journal_rows(sag: Sag) -> list[dict[str, object]]:
    """The journal's newest 100 notes formatted once in Python (as the case list's rows): the text the
    template printed per note with `|date`, choice labels, `{% url %}` and `blocktranslate`."""
    rows = selectors.journal_rows_for_case_page(sag=sag)
    if not rows:
        return []
    url = reverse("core:journal-correct", kwargs={"uuid": sag.uuid, "note_uuid": ZERO_UUID})
    art = field_labels(Journalnotat, "art")
    systemet = _("Systemet")
    out: list[dict[str, object]] = []
    for r in rows:
        forfatter = f"{r['forfatter__first_name'] or ''} {r['forfatter__last_name'] or ''}".strip() or r["forfatter__username"]
        n = r["antal_rettelser"]
        out.append({
            "uuid": r["uuid"],
            "emne": r["emne"],
            "meta": f"{art.get(r['art'], r['art'])} · {dateformat.format(timezone.localtime(r['haendelse_at']), 'j. b Y H:i')} · {forfatter or systemet}",
            "korrigerer_uuid": r["korrigerer__uuid"],
            "korrigerer_emne": r["korrigerer__emne"],
            "rettelser": ngettext("rettet %(n)s gang", "rettet %(n)s gange", n) % {"n": n} if n else "",
            "tekst": r["tekst"],
            "ret_url": url.replace(ZERO_UUID, str(r["uuid"])),
        })
    return out


_journal_form_cache: dict[str, str] = {}


def _journal_form_fields(request: HttpRequest) -> str:
    """The empty journal form's fields, rendered once per language: the form is the same for
    every case and user (no initial values), and its four fields through the form templates
    were a tenth of the page's time (issue 10). A bound form (errors) is rendered as before."""
    lang = get_language() or ""
    html = _journal_form_cache.get(lang)
    if html is None or settings.DEBUG:
        html = render_to_string("core/sag_detail.html#journal_fields", {"journal_form": JournalnotatForm()}, request)
        _journal_form_cache[lang] = html
    return html


def sag_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    # the case, and the journal's, the grants' and the sections' rows in one round trip
    # (bostotte.core.case_sections.prefetch_case_queries)
    sag = selectors.sag_get_for_case_page(user=user, uuid=uuid)
    is_team_leader = user.rolle == Rolle.MYNDIGHEDSLEDER and sag.team.leder_id == user.pk
    can_write_journal = user.rolle in MYNDIGHED_ROLLER
    context = {
        "sag": sag,
        "borger": sag.borger,
        **_case_parts_html(sag),
        "journal_html": _journal_html(sag, can_write_journal=can_write_journal),
        "journal_url": uuid_url("core:journal-create", sag.uuid),
        "journal_form_fields": _journal_form_fields(request) if can_write_journal else "",
        "grants": selectors.sag_grants_for_case_page(sag=sag),
        "is_team_leader": is_team_leader,
        # the leader's forms only for the leader, who alone sees them
        "adgang_form": AdgangForm() if is_team_leader else None,
        "bevaring_form": BevaringForm(initial={"bevares": "0" if sag.bevares else "1"}) if is_team_leader else None,
        "can_write_journal": can_write_journal,
        "sections": sag_sections(request, sag),
    }
    return render(request, "core/sag_detail.html", context)


def _case_parts_html(sag: Sag) -> dict[str, str]:
    """The case page's header, "Sagen" and "Borgeren", written in Python (sag_html, issue 10)."""
    return {
        "case_head_html": case_head_html(sag, sag.borger),
        "sag_facts_html": sag_facts_html(sag),
        "borger_facts_html": borger_facts_html(sag.borger),
    }


def _journal_html(sag: Sag, *, can_write_journal: bool) -> str:
    """The journal's notes (`_journal_rows`) as the page's `<li>`s (sag_html, issue 10)."""
    return journal_items_html(_journal_rows(sag), can_write_journal=can_write_journal)


def sag_sections(request: HttpRequest, sag: object) -> list[dict[str, object]]:
    """Apps add panels to the case page (visitation timeline, plans, deliveries, deadlines)."""
    return sections_for(request, sag)


@require_POST
def journal_create(request: HttpRequest, uuid: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    sag = selectors.sag_get_visible(user=user, uuid=uuid, roller=MYNDIGHED_ROLLER)
    if user.rolle not in MYNDIGHED_ROLLER:
        return HttpResponse(status=403)
    form = JournalnotatForm(request.POST)
    if form.is_valid():
        try:
            journalnotat_create(sag=sag, actor=user, **{k: v for k, v in form.cleaned_data.items() if v is not None})
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Notatet er gemt i journalen."))
            if request.htmx:  # type: ignore[attr-defined]
                form = JournalnotatForm()
            else:
                return redirect("core:sag-detail", uuid=sag.uuid)
    context = {
        "sag": sag,
        "journal_form": form,
        "journal_html": _journal_html(sag, can_write_journal=True),
        "journal_url": uuid_url("core:journal-create", sag.uuid),
        "can_write_journal": True,
    }
    template = "core/sag_detail.html#journal" if request.htmx else "core/sag_detail.html"  # type: ignore[attr-defined]
    if not request.htmx:  # type: ignore[attr-defined]
        context.update({"borger": sag.borger, **_case_parts_html(sag), "grants": selectors.sag_grants_for_case_page(sag=sag), "adgang_form": AdgangForm(), "sections": sag_sections(request, sag)})
    status = 200 if form.is_valid() and not form.errors else 422
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def journal_correct(request: HttpRequest, uuid: str, note_uuid: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    sag = selectors.sag_get_visible(user=user, uuid=uuid, roller=MYNDIGHED_ROLLER)
    if user.rolle not in MYNDIGHED_ROLLER:
        return HttpResponse(status=403)
    original = selectors.journalnotat_get(sag=sag, uuid=note_uuid)
    form = KorrektionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            journalnotat_correct(original=original, tekst=form.cleaned_data["tekst"], actor=user)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Rettelsen er gemt som et nyt notat. Det oprindelige notat står uændret."))
            return redirect("core:sag-detail", uuid=sag.uuid)
    return render(request, "core/journal_correct.html", {"sag": sag, "original": original, "form": form}, status=422 if form.errors else 200)


@require_POST
def adgang_give(request: HttpRequest, uuid: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    sag = selectors.sag_get_visible(user=user, uuid=uuid, roller=MYNDIGHED_ROLLER)
    if user.rolle != Rolle.MYNDIGHEDSLEDER:
        return HttpResponse(status=403)
    form = AdgangForm(request.POST)
    if form.is_valid():
        try:
            sag_adgang_give(
                sag=sag, user=form.cleaned_data["user"], udloeber_at=form.udloeber_at(),  # type: ignore[arg-type]
                begrundelse=form.cleaned_data["begrundelse"], actor=user,
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Den midlertidige adgang er givet."))
            return redirect("core:sag-detail", uuid=sag.uuid)
    return render(request, "core/adgang_form.html", {"sag": sag, "form": form}, status=422)


@require_POST
def adgang_revoke(request: HttpRequest, uuid: str, grant_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    sag = selectors.sag_get_visible(user=user, uuid=uuid, roller=MYNDIGHED_ROLLER)
    if user.rolle != Rolle.MYNDIGHEDSLEDER:
        return HttpResponse(status=403)
    grant = SagUserObjectPermission.objects.filter(content_object=sag, pk=grant_id).select_related("user", "content_object__team").first()
    if grant is None:
        raise Http404
    try:
        sag_adgang_revoke(grant=grant, actor=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Adgangen er fjernet."))
    return redirect("core:sag-detail", uuid=sag.uuid)


@require_POST
def bevaring_set(request: HttpRequest, uuid: str) -> HttpResponse:
    """The team leader decides that the case must be kept (or lifts it): retention never deletes it."""
    user: User = request.user  # type: ignore[assignment]
    sag = selectors.sag_get_visible(user=user, uuid=uuid, roller=MYNDIGHED_ROLLER)
    if user.rolle != Rolle.MYNDIGHEDSLEDER:
        return HttpResponse(status=403)
    form = BevaringForm(request.POST)
    if form.is_valid():
        try:
            sag_bevaring_set(
                sag=sag, bevares=form.cleaned_data["bevares"], grund=form.cleaned_data["grund"],
                begrundelse=form.cleaned_data["begrundelse"], actor=user,
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Sagen skal nu bevares.") if sag.bevares else _("Bevaringen er ophævet."))
            return redirect("core:sag-detail", uuid=sag.uuid)
    return render(request, "core/bevaring_form.html", {"sag": sag, "form": form}, status=422)


def borger_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    borger = selectors.borger_get_for_view(user=user, uuid=uuid, formaal="Sagsbehandling: visning af borgerens stamoplysninger", view_name="borger-detail")
    return render(
        request,
        "core/borger_detail.html",
        {
            "borger": borger,
            "sager": selectors.sag_list_for_borger(user=user, borger=borger),
            "paaroerende": selectors.paaroerende_list(borger=borger),
            "show_cpr": user.rolle in MYNDIGHED_ROLLER,
        },
    )
