"""The myndighed's case-page panel: the leverandør's answer, totals and deviations per week
(not individual visit notes), admissions with the "udskrevet – opfølgning" marker, status reports.

The panel is HTML written in Python (`_section_html`, issue 10), like the other apps' panels:
through its template (`{% translate %}`, `|date`, `{% url %}`, `{% csrf_token %}` and an
`{% include %}` of the hours table per bestilling) it was ~0.3 ms CPU a page, now ~0.03 ms.
tests/levering/views/test_sag_section_html.py renders the old template (kept there as the
reference) and compares byte for byte."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape as _escape
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from bostotte.core.case_sections import (
    ZERO_UUID,
    CaseQuery,
    CaseStatement,
    case_data,
    case_instances,
    csrf_input,
    field_labels,
    month_names,
    section_texts,
    uuid_url,
)
from visitation.models import Bestilling
from visitation.selectors import sag_bestillinger

from .access import LIVE_BESTILLING
from .models import Indlaeggelse, Statusrapport, StatusrapportDelmaal
from .timer import BESOEG_SAG_SQL, besoeg_vindue, timer_for_bestillinger
from .timer_tabel import tabel_html

_INDLAEGGELSE_FIELDS = (
    "id",
    "uuid",
    "sag_id",
    "indlagt_on",
    "udskrevet_on",
    "pause",
    "opfoelgning_afsluttet_at",
)
# `selectors.indlaeggelser_for_sag` and `selectors.statusrapporter_for_sag` with the columns the
# panel and the hours table use, compiled once (`CaseQuery`, issue 10).
_SAG_INDLAEGGELSER = CaseQuery(
    lambda sag_id: (
        Indlaeggelse.objects.filter(sag_id=sag_id)
        .order_by("-indlagt_on")
        .values_list(*_INDLAEGGELSE_FIELDS)
    )
)
_SAG_RAPPORTER = CaseQuery(
    lambda sag_id: (
        Statusrapport.objects.filter(sag_id=sag_id)
        .order_by("-sendt_at")
        .values_list(
            "id",
            "bestilling_id",
            "sendt_at",
            "periode_fra",
            "periode_til",
            "hvad_virkede",
            "borgers_perspektiv",
            "samlet_vurdering",
        )
    )
)
# the goals' status with its delmål, for all the case's reports in one query (not one per report)
_SAG_RAPPORT_DELMAAL = CaseQuery(
    lambda sag_id: (
        StatusrapportDelmaal.objects.filter(rapport__sag_id=sag_id)
        .order_by("id")
        .values_list("rapport_id", "delmaal__titel", "fremskridt")
    )
)


def _indlaeggelser(sag: Any) -> list[Indlaeggelse]:
    return case_instances(Indlaeggelse, _INDLAEGGELSE_FIELDS, _SAG_INDLAEGGELSER.rows(sag))


def _statusrapporter(sag: Any, bestillinger: list[Any]) -> list[dict[str, Any]]:
    """The reports, newest first, each with its leverandør (from the case page's shared
    bestillinger, not a join) and its delmål's progress [(titel, fremskridt)]."""
    rows = _SAG_RAPPORTER.rows(sag)
    if not rows:
        return []
    delmaal: dict[int, list[tuple[str, str]]] = {}
    for rapport_id, titel, fremskridt in _SAG_RAPPORT_DELMAAL.rows(sag):
        delmaal.setdefault(rapport_id, []).append((titel, fremskridt))
    leverandoer = {b.pk: b.leverandoer.navn for b in bestillinger}
    return [
        {
            "sendt_at": sendt_at,
            "leverandoer": leverandoer.get(bestilling_id, ""),
            "periode_fra": fra,
            "periode_til": til,
            "hvad_virkede": virkede,
            "borgers_perspektiv": perspektiv,
            "samlet_vurdering": samlet,
            "delmaal": delmaal.get(pk, []),
        }
        for pk, bestilling_id, sendt_at, fra, til, virkede, perspektiv, samlet in rows
    ]


_TEXTS = (
    gettext_noop("Levering"), gettext_noop("Ingen bestillinger sendt til en leverandør endnu."),
    gettext_noop("første besøg"), gettext_noop("Indlæggelser"),
    gettext_noop("Udskrevet – opfølgning"), gettext_noop("Markér opfølgning som sket"),
    gettext_noop("indlagt nu"), gettext_noop("støtten holder pause"), gettext_noop("støtten fortsætter"),
    gettext_noop("Ingen."), gettext_noop("Registrér indlæggelse eller udskrivning"),
    gettext_noop("Statusrapporter fra leverandøren"), gettext_noop("Hvad har virket"),
    gettext_noop("Borgerens vurdering"), gettext_noop("Samlet vurdering"),
    gettext_noop("Ingen statusrapporter endnu."),
)
_HEAD = (
    '<section class="lev-sag" aria-labelledby="levering-heading">\n'
    '  <h2 id="levering-heading">{}</h2>\n  '
)


def _section_html(request: HttpRequest, data: dict[str, Any]) -> SafeString:
    """The panel written in Python: what templates/levering/_sag_section.html (now kept in the
    test) printed, byte for byte. Every value is escaped (`html.escape`, what `django.utils.html.escape` does to a `str`);
    texts, labels, month names and URLs are looked up once per language, not once a row
    (`bostotte.core.case_sections`), and the hours tables come from `timer_tabel.tabel_html`."""
    t = section_texts(_TEXTS)
    if data.get("tom"):
        return mark_safe(  # noqa: S308 - the texts are escaped
            _HEAD.format(t["Levering"])
            + f"<p>{t['Ingen bestillinger sendt til en leverandør endnu.']}</p>\n  \n</section>\n"
        )
    months = month_names("b")

    def dato(d: date | datetime | None, year: bool = True) -> str:  # |date:"j. b Y" / "j. b"
        if d is None:
            return ""
        if isinstance(d, datetime):
            d = timezone.localtime(d) if timezone.is_aware(d) else d
        text = f"{d.day}. {months[d.month - 1]}"
        return _escape(f"{text} {d.year:04d}" if year else text)

    status = field_labels(Bestilling, "status")
    lis = []
    for b in data["bestillinger"]:
        li = f"<li>{_escape(str(b.leverandoer.navn))}: <strong>{_escape(str(status.get(b.status, b.status)))}</strong>"
        if b.besvaret_at:
            li += f" {dato(b.besvaret_at)}"
        if b.status == "afvist":
            li += f" – {_escape(str(b.afvist_begrundelse))}"
        if b.foerste_besoeg_on:
            li += f" · {t['første besøg']} {dato(b.foerste_besoeg_on)}"
        lis.append(li + "</li>")
    # tabel_html escapes its caption itself
    caption = gettext("Leverede timer mod rammen")
    tabeller = "".join(f"\n    {tabel_html(bt, caption)}\n  " for bt in data["timer"])
    if data["indlaeggelser"]:
        opfoelgning = _escape(uuid_url("levering:indlaeggelse-opfoelgning", ZERO_UUID))
        csrf = ""
        items = []
        for i in data["indlaeggelser"]:
            li = f"\n    <li>{dato(i.indlagt_on)} – "
            if i.udskrevet_on:
                li += dato(i.udskrevet_on)
                if not i.opfoelgning_afsluttet_at:
                    csrf = csrf or csrf_input(request)
                    li += (
                        f' <strong class="lev-flag lev-flag-warn">{t["Udskrevet – opfølgning"]}</strong>\n'
                        f'      <form method="post" action="{opfoelgning.replace(ZERO_UUID, str(i.uuid))}"'
                        f' class="app-inline-form">{csrf}<button class="button button-secondary"'
                        f' type="submit">{t["Markér opfølgning som sket"]}</button></form>'
                    )
            else:
                li += f"<strong>{t['indlagt nu']}</strong>"
            li += f" · {t['støtten holder pause'] if i.pause else t['støtten fortsætter']}</li>\n  "
            items.append(li)
        indlaeggelser = "".join(items)
    else:
        indlaeggelser = f"<li>{t['Ingen.']}</li>"
    if data["rapporter"]:
        items = []
        for r in data["rapporter"]:
            item = (
                f"\n    <details><summary>{dato(r['sendt_at'])} – {_escape(str(r['leverandoer']))}"
                f" ({dato(r['periode_fra'], year=False)}–{dato(r['periode_til'])})</summary>\n"
                f'      <dl class="app-dl"><dt>{t["Hvad har virket"]}</dt><dd class="app-pre">{_escape(str(r["hvad_virkede"]))}</dd>'
                f'<dt>{t["Borgerens vurdering"]}</dt><dd class="app-pre">{_escape(str(r["borgers_perspektiv"]))}</dd>'
            )
            if r["samlet_vurdering"]:
                item += f'<dt>{t["Samlet vurdering"]}</dt><dd class="app-pre">{_escape(str(r["samlet_vurdering"]))}</dd>'
            item += "</dl>\n      "
            if r["delmaal"]:
                item += "<ul>" + "".join(
                    f"<li><strong>{_escape(str(titel))}</strong>: {_escape(str(fremskridt))}</li>"
                    for titel, fremskridt in r["delmaal"]
                ) + "</ul>"
            items.append(item + "\n    </details>\n  ")
        rapporter = "".join(items)
    else:
        rapporter = f"<p>{t['Ingen statusrapporter endnu.']}</p>"
    create = _escape(uuid_url("levering:indlaeggelse-create", data["sag"].uuid))
    return mark_safe(  # noqa: S308 - every value is escaped
        _HEAD.format(t["Levering"])
        + "\n  <ul>" + "".join(lis) + "</ul>\n  "
        + tabeller
        + f"\n  <h3>{t['Indlæggelser']}</h3>\n  <ul>{indlaeggelser}</ul>\n"
        + f'  <p><a href="{create}">{t["Registrér indlæggelse eller udskrivning"]}</a></p>\n'
        + f"  <h3>{t['Statusrapporter fra leverandøren']}</h3>\n  {rapporter}\n  \n</section>\n"
    )


def _today(sag: Any) -> date:
    """The day of this case page's hours table, the same for the batch's statement and the
    section (a request across midnight)."""
    return case_data(sag, "levering.today", timezone.localdate)


def _sag_besoeg_statement(sag: Any) -> tuple[str, list[Any]]:
    """`timer_for_bestillinger`'s visit rows for the case's live bestillinger over the section's
    seven weeks (`besoeg_vindue`), for the case page's batch."""
    today = _today(sag)
    enhed, tz, fra, til = besoeg_vindue(today - timedelta(weeks=7), today, "uge")
    return BESOEG_SAG_SQL, [enhed, tz, sag.pk, list(LIVE_BESTILLING), fra, til]


# In the case page's one round trip instead of a query of its own (issue 10).
_SAG_BESOEG = CaseStatement(_sag_besoeg_statement)


def levering_case_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    # The case's bestillinger are loaded once for the whole case page (visitation.selectors).
    alle = sag_bestillinger(sag=sag)
    bestillinger = [b for b in alle if b.status != "kladde"][:5]
    indlaeggelser: list[Indlaeggelse] = case_data(
        sag, "levering.indlaeggelser", lambda: _indlaeggelser(sag)
    )
    if not bestillinger and not indlaeggelser:
        data: dict[str, Any] = {"sag": sag, "tom": True}
        return {"name": "levering", "html": _section_html(request, data), **data}
    today = _today(sag)
    live = [b for b in alle if b.status in LIVE_BESTILLING]
    # timer_for_sag's figures, with the rows above instead of loading them again, and the visits'
    # rows from the case page's batch (`_SAG_BESOEG`).
    timer = timer_for_bestillinger(
        bestillinger=live,
        fra=today - timedelta(weeks=7),
        til=today,
        inddeling="uge",
        indlaeggelser=indlaeggelser,
        besoeg=_SAG_BESOEG.rows(sag) if live else None,
    )
    data = {
        "sag": sag,
        "bestillinger": bestillinger,
        "timer": [timer[b.pk] for b in live],
        "indlaeggelser": indlaeggelser,
        "rapporter": _statusrapporter(sag, alle),
        "today": today,
    }
    return {"name": "levering", "html": _section_html(request, data), **data}
