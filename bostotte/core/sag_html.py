"""The case list's rows and the case page's own parts written in Python (issue 10).

The case list prints up to 50 rows of six cells. Through the template engine (a `{% for %}` with
seven variable lookups, escapes and localisations per row) they were about half of the page's
template time, more than its queries. On the case page, the header, the "Sagen" and "Borgeren"
lists and the journal's notes (some 40 `{% translate %}`, `{% url %}`, `|date` and lookups) were
as much template time as two of the apps' sections. Here they are strings built from escaped
parts (`escape` on every value, `mark_safe` only on the result); the templates
(templates/core/sag_list.html, sag_detail.html) print them as they are.

tests/core/views/test_sag_list_html.py and test_sag_detail_html.py render the pages' old
templates (kept there as the reference) for the same data and compare byte for byte, escaping
included: a new column or line must be added here and to the reference."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from html import escape as _escape
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from .case_sections import ZERO_UUID, date_text, field_labels, month_names, uuid_url
from .models import Borger, Sag
from .selectors import SagListRow

_EMPTY = '\n    <tr><td colspan="6">{}</td></tr>\n  '


def sag_list_rows_html(rows: Sequence[SagListRow]) -> SafeString:
    """The `<tbody>`'s rows of the case list (or its "no cases" row), every value escaped.
    What varies by language or URL prefix (the link, month names, status labels) is looked up
    once for the page, not once a row; `_escape` is what `django.utils.html.escape` does to a
    `str`, without its check for lazy strings (twice the cost, for 350 values a page)."""
    if not rows:
        return mark_safe(_EMPTY.format(escape(gettext("Ingen sager matcher."))))  # noqa: S308 - escaped above
    status = field_labels(Sag, "status")
    months = month_names("b")
    detail = _escape(uuid_url("core:sag-detail", ZERO_UUID))
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            "\n    <tr>"
            f'\n      <td><a href="{detail.replace(ZERO_UUID, str(r.uuid))}">{_escape(r.borger_navn)}</a></td>'
            f"\n      <td>{_escape(r.sagsnummer)}</td>"
            f"\n      <td>{_escape(r.ansvarlig_navn)}</td>"
            f"\n      <td>{_escape(str(r.team_navn))}</td>"
            # date_text(r.opened_on, "j. b Y")
            f"\n      <td>{r.opened_on.day}. {_escape(months[r.opened_on.month - 1])} {r.opened_on.year:04d}</td>"
            f"\n      <td>{_escape(status.get(r.status, r.status))}</td>"
            "\n    </tr>\n  "
            for r in rows
        )
    )


# The case page's fixed texts, translated and escaped once per language (and URL prefix, for the
# breadcrumb's link): each `gettext` looks its text up through the active catalogues, and the
# page has some twenty of them. gettext_noop marks them for makemessages.
_TEXTS = (
    gettext_noop("Brødkrumme"), gettext_noop("Sager"), gettext_noop("sag"), gettext_noop("Sagen"),
    gettext_noop("Emne"), gettext_noop("Status"), gettext_noop("Ansvarlig"), gettext_noop("Oprettet"),
    gettext_noop("Handlekommune"), gettext_noop("Betalingskommune"), gettext_noop("Bevaring"),
    gettext_noop("Sagen skal bevares"),
    gettext_noop("Slettes, når opbevaringsperioden efter lukning er udløbet"),
    gettext_noop("Borgeren"), gettext_noop("Navn"), gettext_noop("Fødselsdato"), gettext_noop("Adresse"),
    gettext_noop("Telefon"), gettext_noop("retter"), gettext_noop("Ret med et nyt notat"),
    gettext_noop("Ingen notater endnu."),
)
_texts_cache: dict[tuple[Any, ...], dict[str, str]] = {}


def _texts() -> dict[str, str]:
    """{msgid: escaped translation} of `_TEXTS`, and "sag-list": the case list's URL."""
    key = (get_language(), get_script_prefix(), get_urlconf())
    texts = _texts_cache.get(key)
    if texts is None:
        texts = {msgid: escape(gettext(msgid)) for msgid in _TEXTS}
        texts["sag-list"] = escape(reverse("core:sag-list"))
        _texts_cache[key] = texts
    return texts


def _day(value: datetime | None) -> date | None:
    """The day of a stored time in the current time zone, as `{{ value|date }}` shows it."""
    if value is None:
        return None
    return (timezone.localtime(value) if timezone.is_aware(value) else value).date()


def case_head_html(sag: Sag, borger: Borger) -> SafeString:
    """The case page's breadcrumbs and heading."""
    t = _texts()
    sagsnummer = escape(sag.sagsnummer)
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<nav class="breadcrumbs" aria-label="{t["Brødkrumme"]}">'
        '\n  <ol class="breadcrumbs__list">'
        f'\n    <li class="breadcrumbs__list-item"><a href="{t["sag-list"]}" class="breadcrumbs__link">{t["Sager"]}</a></li>'
        f'\n    <li class="breadcrumbs__list-item" aria-current="page">{sagsnummer}</li>'
        "\n  </ol>"
        "\n</nav>"
        f'\n<h1>{escape(borger.navn)} <span class="app-meta">{t["sag"]} {sagsnummer}</span></h1>'
    )


def sag_facts_html(sag: Sag) -> SafeString:
    """The "Sagen" heading and list: status, responsible, municipalities, the hold."""
    t = _texts()
    status: str = escape(field_labels(Sag, "status").get(sag.status, sag.status))
    if sag.closed_on:
        status += f" ({escape(date_text(sag.closed_on, 'j. F Y'))})"
    if sag.bevares:
        grund = field_labels(Sag, "bevares_grund").get(sag.bevares_grund, sag.bevares_grund)
        af = (sag.bevares_af.visningsnavn if sag.bevares_af else "") or "–"
        bevaring = (
            f"<strong>{t['Sagen skal bevares']}</strong>: {escape(grund)} – {escape(sag.bevares_begrundelse)}"
            f'\n        <span class="app-meta">({escape(af)}, {escape(date_text(_day(sag.bevares_at), "j. b Y"))})</span>'
            "\n        "
        )
    else:
        bevaring = t["Slettes, når opbevaringsperioden efter lukning er udløbet"]
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<h2 id="sag-heading">{t["Sagen"]}</h2>'
        '\n    <dl class="app-dl">'
        f"\n      <dt>{t['Emne']}</dt><dd>{escape(sag.titel)}</dd>"
        f"\n      <dt>{t['Status']}</dt><dd>{status}</dd>"
        f"\n      <dt>{t['Ansvarlig']}</dt><dd>{escape(sag.ansvarlig.visningsnavn)} ({escape(sag.team.navn)})</dd>"
        f"\n      <dt>{t['Oprettet']}</dt><dd>{escape(date_text(sag.opened_on, 'j. F Y'))}</dd>"
        f"\n      <dt>{t['Handlekommune']}</dt><dd>{escape(sag.handlekommune)}</dd>"
        f"\n      <dt>{t['Betalingskommune']}</dt><dd>{escape(sag.betalingskommune)}</dd>"
        f"\n      <dt>{t['Bevaring']}</dt>"
        f'\n      <dd id="sag-bevaring">{bevaring}</dd>'
        "\n    </dl>"
    )


def borger_facts_html(borger: Borger) -> SafeString:
    """The "Borgeren" heading and list: name (a link to the citizen), birth date, address, phone."""
    t = _texts()
    adresse: str = escape(borger.adresse)
    if borger.postnummer:
        adresse += f", {escape(borger.postnummer)} {escape(borger.by)}"
    url = escape(uuid_url("core:borger-detail", borger.uuid))
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<h2 id="borger-heading">{t["Borgeren"]}</h2>'
        '\n    <dl class="app-dl">'
        f'\n      <dt>{t["Navn"]}</dt><dd><a href="{url}">{escape(borger.navn)}</a></dd>'
        f"\n      <dt>{t['Fødselsdato']}</dt><dd>{escape(date_text(borger.foedselsdato, 'j. F Y'))}</dd>"
        f"\n      <dt>{t['Adresse']}</dt><dd>{adresse}</dd>"
        f"\n      <dt>{t['Telefon']}</dt><dd>{escape(borger.telefon or '–')}</dd>"
        "\n    </dl>"
    )


def journal_items_html(notes: Sequence[Mapping[str, Any]], *, can_write_journal: bool) -> SafeString:
    """The journal's `<li>`s (or its "no notes" item) from `views._journal_rows`' rows, with the
    link to correct a note for those who may write."""
    t = _texts()
    if not notes:
        return mark_safe(f"\n    <li>{t['Ingen notater endnu.']}</li>\n  ")  # noqa: S308 - escaped
    items = []
    for note in notes:
        emne = escape(note["emne"])
        korrigerer = (
            f' · {t["retter"]} <a href="#notat-{escape(note["korrigerer_uuid"])}">{escape(note["korrigerer_emne"])}</a>'
            if note["korrigerer_uuid"] else ""
        )
        rettelser = f" · <strong>{escape(note['rettelser'])}</strong>" if note["rettelser"] else ""
        link = (
            f'<a href="{escape(note["ret_url"])}">{t["Ret med et nyt notat"]}<span class="sr-only">: {emne}</span></a>'
            if can_write_journal else ""
        )
        items.append(
            f'\n    <li id="notat-{escape(note["uuid"])}">'
            f'\n      <h3 class="h5">{emne}</h3>'
            f'\n      <p class="app-meta">{escape(note["meta"])}'
            f"\n        {korrigerer}"
            f"\n        {rettelser}"
            "\n      </p>"
            f'\n      <p class="app-pre">{escape(note["tekst"])}</p>'
            f"\n      {link}"
            "\n    </li>\n  "
        )
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped
