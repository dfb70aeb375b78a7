"""The visitation panel on the myndighed's case page: the whole story as one timeline.

The panel is HTML written in Python (issue 10): through the template engine (its `{% if %}`s,
`{% translate %}`s, `{% url %}`s and `|date`s per event) it was the case page's most expensive
section, 0.6–1.1 ms of CPU a page. Every value is escaped; the fixed texts, labels, month names
and URLs are looked up once per language (`bostotte.core.case_sections`).
tests/visitation/views/test_sag_section_html.py renders the old template (kept there as the
reference) for the same cases and compares byte for byte: a change of the markup goes here and
into the reference."""

from __future__ import annotations

from datetime import date, datetime
from html import escape as _escape
from typing import Any

from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop

from bostotte.core.case_sections import (
    ZERO_UUID,
    csrf_input,
    field_labels,
    month_names,
    section_texts,
    uuid_url,
)
from bostotte.core.models import MYNDIGHED_ROLLER

from .models import Afgoerelse, Bestilling, Henvendelse, Klage, Udredning
from .selectors import sag_timeline

_URLS = {
    "henvendelse": "visitation:henvendelse-detail",
    "udredning": "visitation:udredning-edit",
    "afgoerelse": "visitation:afgoerelse-detail",
    "bestilling": "visitation:bestilling-detail",
    "klage": "visitation:klage-detail",
    "brev": "visitation:afgoerelse-brev",
}
_TEXTS = (
    gettext_noop("Visitation"), gettext_noop("Frister"), gettext_noop("overskredet"),
    gettext_noop("Næste skridt"), gettext_noop("Ny henvendelse"), gettext_noop("Fortsæt udredningen"),
    gettext_noop("Start udredning"), gettext_noop("Afgørelsens resultat"), gettext_noop("Bevilling"),
    gettext_noop("Afslag"), gettext_noop("Lav afgørelse"), gettext_noop("Lav bestilling"),
    gettext_noop("Start revisitation"), gettext_noop("Forløb"), gettext_noop("Henvendelse"),
    gettext_noop("frist"), gettext_noop("underrettet om forventet afgørelse"),
    gettext_noop("Revisitation"), gettext_noop("Udredning"), gettext_noop("Afgørelse"),
    gettext_noop("aktiv"), gettext_noop("timer"), gettext_noop("ændrer en tidligere bevilling"),
    gettext_noop("brev (PDF)"), gettext_noop("brevet dannes …"), gettext_noop("Bestilling til"),
    gettext_noop("sendt"), gettext_noop("kladde"), gettext_noop("besvaret"), gettext_noop("begrundelse"),
    gettext_noop("første besøg"), gettext_noop("Klage"), gettext_noop("hos Ankestyrelsen"),
    gettext_noop("afventer genvurdering"), gettext_noop("genvurdering senest"),
    gettext_noop("Ingen visitation endnu. Registrér en henvendelse for at komme i gang."),
)


class _Format:
    """What the panel prints that varies by language (texts, labels, month names) or URL prefix
    (the links), looked up once per language and prefix (`_format`), not once per value:
    `uuid_url`, `field_labels` and `date_text` each read the active language and URL prefix
    (thread-locals), and the panel prints some 30 dates, labels and links. `html.escape` is what
    `django.utils.html.escape` does to a `str`, without its check for lazy strings."""

    def __init__(self) -> None:
        self.texts = section_texts(_TEXTS)
        self.months = month_names("F")
        self.urls: dict[str, str] = {}
        self.labels = {
            (model, field): field_labels(model, field)
            for model, fields in (
                (Henvendelse, ("status", "kilde", "art")),
                (Udredning, ("status",)),
                (Afgoerelse, ("status", "resultat", "timer_periode")),
                (Bestilling, ("status",)),
                (Klage, ("anke_resultat", "genvurdering", "form")),
            )
            for field in fields
        }

    def dato(self, value: date | datetime | None) -> str:
        """`|date:"j. F Y"` (a datetime in the current time zone), escaped."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = timezone.localtime(value)
        return _escape(f"{value.day}. {self.months[value.month - 1]} {value.year:04d}")

    def url(self, name: str, uuid: object) -> str:
        """`{% url name uuid %}`, escaped."""
        url = self.urls.get(name)
        if url is None:
            url = self.urls[name] = _escape(uuid_url(name, ZERO_UUID))
        return url.replace(ZERO_UUID, str(uuid))


_formats: dict[tuple[Any, ...], _Format] = {}


def _format() -> _Format:
    key = (get_language(), get_script_prefix(), get_urlconf())
    fmt = _formats.get(key)
    if fmt is None:
        fmt = _formats[key] = _Format()
    return fmt


def _events_html(events: list[dict[str, Any]], t: dict[str, str], f: _Format) -> str:
    """The timeline's `<li>`s (or its "no visitation yet" item)."""
    if not events:
        return f"\n    <li>{t['Ingen visitation endnu. Registrér en henvendelse for at komme i gang.']}</li>\n  "
    label = f.labels

    def display(o: Any, field: str) -> str:  # o.get_<field>_display(), escaped
        value = getattr(o, field)
        return _escape(str(label[type(o), field].get(value, value)))

    items = []
    for e in events:
        o, kind = e["obj"], e["kind"]
        url = f.url(_URLS[kind], o.uuid)
        if kind == "henvendelse":
            meta = f"{f.dato(e['on'])} · {display(o, 'kilde')} · {display(o, 'art')}"
            if o.frist_on:
                meta += f" · {t['frist']} {f.dato(o.frist_on)}"
            if o.underretning_sendt_on:
                meta += f" · {t['underrettet om forventet afgørelse']} {f.dato(o.forventet_afgoerelse_on)}"
            body = (
                f'<h4 class="h5"><a href="{url}">{t["Henvendelse"]}</a> <span class="app-status">{display(o, "status")}</span></h4>'
                f'\n        <p class="app-meta">{meta}</p>'
            )
        elif kind == "udredning":
            navn = t["Revisitation"] if o.er_revisitation else t["Udredning"]
            body = (
                f'<h4 class="h5"><a href="{url}">{navn}</a> <span class="app-status">{display(o, "status")}</span></h4>'
                f'\n        <p class="app-meta">{f.dato(e["on"])}</p>'
            )
        elif kind == "afgoerelse":
            status = display(o, "status") + (f" – {t['aktiv']}" if o.er_aktiv else "")
            meta = f.dato(e["on"])
            if o.timer:
                meta += f" · {conditional_escape(floatformat(o.timer, '-2'))} {t['timer']} {display(o, 'timer_periode')}"
            if o.erstatter_id:
                meta += f" · {t['ændrer en tidligere bevilling']}"
            meta += "\n        "
            if o.status == "truffet":
                brev = (
                    f'<a href="{f.url(_URLS["brev"], o.uuid)}">{t["brev (PDF)"]}</a>'
                    if o.brev else t["brevet dannes …"]
                )
                meta += f" · {brev}"
            body = (
                f'<h4 class="h5"><a href="{url}">{t["Afgørelse"]}: {display(o, "resultat")}</a> <span class="app-status">{status}</span></h4>'
                f'\n        <p class="app-meta">{meta}</p>'
            )
        elif kind == "bestilling":
            meta = f"{t['sendt']} {f.dato(o.sendt_at)}" if o.sendt_at else t["kladde"]
            if o.besvaret_at:
                meta += f" · {t['besvaret']} {f.dato(o.besvaret_at)}"
            if o.status == "afvist":
                meta += f" · {t['begrundelse']}: {_escape(str(o.afvist_begrundelse))}"
            if o.foerste_besoeg_on:
                meta += f" · {t['første besøg']} {f.dato(o.foerste_besoeg_on)}"
            body = (
                f'<h4 class="h5"><a href="{url}">{t["Bestilling til"]} {_escape(str(o.leverandoer.navn))}</a> <span class="app-status">{display(o, "status")}</span></h4>'
                f'\n        <p class="app-meta">{meta}</p>'
            )
        elif kind == "klage":
            if o.anke_resultat:
                status = display(o, "anke_resultat")
            elif o.sendt_ankestyrelsen_on:
                status = t["hos Ankestyrelsen"]
            elif o.genvurdering:
                status = display(o, "genvurdering")
            else:
                status = t["afventer genvurdering"]
            body = (
                f'<h4 class="h5"><a href="{url}">{t["Klage"]}</a> <span class="app-status">{status}</span></h4>'
                f'\n        <p class="app-meta">{f.dato(e["on"])} · {display(o, "form")} · {t["genvurdering senest"]} {f.dato(o.genvurdering_frist_on)}</p>'
            )
        else:
            body = ""
        if body:
            body = f"\n        {body}\n      "
        items.append(f"\n    <li>\n      {body}\n    </li>\n  ")
    return "".join(items)


def _section_html(request: HttpRequest, sag: Any, tl: dict[str, Any], today: date) -> SafeString:
    """The panel: deadlines, the next steps' buttons and forms, and the timeline."""
    fmt = _format()
    t = fmt.texts
    csrf = csrf_input(request) if (
        (tl["aaben_henvendelse"] and not tl["aktiv_bevilling"] and not tl["kladde_udredning"])
        or (tl["afsluttet_udredning"] and tl["aaben_henvendelse"])
        or (tl["aktiv_bevilling"] and not tl["kladde_udredning"])
    ) else ""
    frister = ""
    if tl["frister"]:
        lis = "".join(
            f"<li>{_escape(str(fr['label']))}: <strong>{fmt.dato(fr['on'])}</strong>"
            + (
                f' <span class="app-frist-overskredet">({t["overskredet"]})</span>'
                if fr["on"] is not None and fr["on"] < today else ""
            )
            + "</li>"
            for fr in tl["frister"]
        )
        frister = f"\n  <h3>{t['Frister']}</h3>\n  <ul>\n    {lis}\n  </ul>\n  "
    sag_uuid = sag.uuid
    actions = [
        f'\n    <a class="button button-secondary" href="{fmt.url("visitation:henvendelse-create-sag", sag_uuid)}">{t["Ny henvendelse"]}</a>\n    '
    ]
    if tl["kladde_udredning"]:
        actions.append(
            f'\n      <a class="button button-primary" href="{fmt.url("visitation:udredning-edit", tl["kladde_udredning"].uuid)}">{t["Fortsæt udredningen"]}</a>\n    '
        )
    elif tl["aaben_henvendelse"] and not tl["aktiv_bevilling"]:
        actions.append(
            f'\n      <form method="post" action="{fmt.url("visitation:udredning-create", sag_uuid)}" class="app-inline-form">{csrf}<button type="submit" class="button button-primary">{t["Start udredning"]}</button></form>\n    '
        )
    actions.append("\n    ")
    if tl["afsluttet_udredning"] and tl["aaben_henvendelse"]:
        actions.append(
            f'\n      <form method="post" action="{fmt.url("visitation:afgoerelse-create", sag_uuid)}" class="app-inline-form">{csrf}'
            f'\n        <label class="sr-only" for="ny-resultat">{t["Afgørelsens resultat"]}</label>'
            f'\n        <select name="resultat" id="ny-resultat" class="form-select app-inline-select"><option value="bevilling">{t["Bevilling"]}</option><option value="afslag">{t["Afslag"]}</option></select>'
            f'\n        <button type="submit" class="button button-primary">{t["Lav afgørelse"]}</button></form>\n    '
        )
    actions.append("\n    ")
    if tl["aktiv_bevilling"] and not tl["live_bestilling"]:
        actions.append(
            f'\n      <a class="button button-primary" href="{fmt.url("visitation:bestilling-create", tl["aktiv_bevilling"].uuid)}">{t["Lav bestilling"]}</a>\n    '
        )
    actions.append("\n    ")
    if tl["aktiv_bevilling"] and not tl["kladde_udredning"]:
        actions.append(
            f'\n      <form method="post" action="{fmt.url("visitation:revisitation-start", tl["aktiv_bevilling"].uuid)}" class="app-inline-form">{csrf}<button type="submit" class="button button-secondary">{t["Start revisitation"]}</button></form>\n    '
        )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<link rel="stylesheet" href="{_escape(static("css/visitation.css"))}">'
        "\n\n"
        '<section id="visitation" aria-labelledby="visitation-heading" class="app-visitation">'
        f'\n  <h2 id="visitation-heading">{t["Visitation"]}</h2>'
        f"\n  {frister}"
        f"\n  <h3>{t['Næste skridt']}</h3>"
        '\n  <div class="app-actions">'
        f"{''.join(actions)}"
        "\n  </div>"
        f"\n  <h3>{t['Forløb']}</h3>"
        '\n  <ol class="app-timeline">'
        f"\n  {_events_html(tl['events'], t, fmt)}"
        "\n  </ol>"
        "\n</section>"
        "\n\n"
    )


def visitation_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    if getattr(request.user, "rolle", None) not in MYNDIGHED_ROLLER:
        return None
    tl = sag_timeline(sag=sag)
    today = timezone.localdate()
    return {"name": "visitation", "html": _section_html(request, sag, tl, today), "tl": tl, "today": today}
