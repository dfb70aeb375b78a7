"""The panel on the myndighed's case page: open deadlines, past opfølgninger and tilsyn."""

from __future__ import annotations

from datetime import date
from html import escape as _escape
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_noop

from bostotte.core.case_sections import (
    ZERO_UUID,
    CaseQuery,
    case_instances,
    field_labels,
    month_names,
    section_texts,
    uuid_url,
)
from bostotte.core.models import MYNDIGHED_ROLLER
from bostotte.ffb.models import Kode
from visitation.models import Indsatsmaal
from visitation.selectors import sag_afgoerelser, sag_bestillinger

from . import selectors
from .models import Opfoelgning, Opgave, Tilsyn


def _navn(username: str | None, first_name: str | None, last_name: str | None) -> str:
    """`User.visningsnavn` from the columns."""
    return f"{first_name or ''} {last_name or ''}".strip() or (username or "")


_TEXTS = (
    gettext_noop("Frister, opfølgning og tilsyn"), gettext_noop("Åbne frister"), gettext_noop("frist"),
    gettext_noop("overskredet"), gettext_noop("Ingen åbne frister."), gettext_noop("Følg op på"),
    gettext_noop("Følg op på hele indsatsen"), gettext_noop("Før personrelateret tilsyn"),
    gettext_noop("Opfølgninger"), gettext_noop("hele indsatsen"), gettext_noop("Ingen opfølgninger endnu."),
    gettext_noop("Personrelateret tilsyn"), gettext_noop("Intet tilsyn endnu."),
)


def _section_html(sag: Any, data: dict[str, Any], today: date) -> SafeString:
    """The panel written in Python (issue 10: its list items' `|date`s, choice labels and
    `{% url %}`s and its `{% translate %}`s through the template engine were 0.4 ms a page).
    Every value is escaped (`html.escape`: what `django.utils.html.escape` does to a `str`,
    without its check for lazy strings); labels, month names, URLs and texts are looked up once
    per page, not once a row (`bostotte.core.case_sections`). tests/tilsyn/views/test_sag_section_html.py renders the old
    template (kept there as the reference) and compares byte for byte."""
    t = section_texts(_TEXTS)
    months = month_names("b")

    def dato(d: date) -> str:  # date_text(d, "j. b Y"), escaped
        return _escape(f"{d.day}. {months[d.month - 1]} {d.year:04d}")

    if data["opgaver"]:
        art = field_labels(Opgave, "art")
        lis = "".join(
            f"\n    <li>{_escape(art.get(kind, kind))} – {t['frist']} {dato(due_on)}"
            + (f" <strong>({t['overskredet']})</strong>" if due_on < today else "")
            + f" · {_escape(_navn(username, first_name, last_name))}</li>\n    "
            for kind, due_on, username, first_name, last_name in data["opgaver"]
        )
        opgaver = f"\n  <ul>\n    {lis}\n  </ul>\n  "
    else:
        opgaver = f"<p>{t['Ingen åbne frister.']}</p>"
    bestilling = ""
    if data["har_bestilling"]:
        url = _escape(data["opfoelgning_url"])
        maal = "".join(
            f'<a class="button button-secondary" href="{url}?maal={_escape(str(m.uuid))}">{t["Følg op på"]} {_escape(str(m.undertema.display))}</a>'
            for m in data["maal"]
        )
        bestilling = (
            f"\n      {maal}"
            f'\n      <a class="button button-secondary" href="{url}">{t["Følg op på hele indsatsen"]}</a>\n    '
        )
    bevilling = (
        f'<a class="button button-secondary" href="{_escape(uuid_url("tilsyn:tilsyn-create", sag.uuid))}">{t["Før personrelateret tilsyn"]}</a>'
        if data["har_bevilling"] else ""
    )
    if data["opfoelgninger"]:
        resultat = field_labels(Opfoelgning, "resultat")
        detail = _escape(uuid_url("tilsyn:opfoelgning-detail", ZERO_UUID))
        lis = "".join(
            f'<li><a href="{detail.replace(ZERO_UUID, str(uuid))}">{dato(udfoert_on)}: '
            f"{_escape(str(undertema)) if maal_id else t['hele indsatsen']}</a> – {_escape(resultat.get(res, res))}</li>"
            for uuid, udfoert_on, res, maal_id, undertema in data["opfoelgninger"]
        )
        opfoelgninger = f"\n  <ul>{lis}</ul>\n  "
    else:
        opfoelgninger = f"<p>{t['Ingen opfølgninger endnu.']}</p>"
    if data["tilsyn_liste"]:
        handling = field_labels(Tilsyn, "handling")
        detail = _escape(uuid_url("tilsyn:tilsyn-detail", ZERO_UUID))
        lis = "".join(
            f'<li><a href="{detail.replace(ZERO_UUID, str(uuid))}">{dato(udfoert_on)}</a>'
            f" – {_escape(handling.get(h, h))}</li>"
            for uuid, udfoert_on, h in data["tilsyn_liste"]
        )
        tilsyn = f"\n  <ul>{lis}</ul>\n  "
    else:
        tilsyn = f"<p>{t['Intet tilsyn endnu.']}</p>"
    return mark_safe(  # noqa: S308 - every value is escaped
        '\n<section aria-labelledby="tilsyn-heading" class="app-tilsyn-section">'
        f'\n  <h2 id="tilsyn-heading">{t["Frister, opfølgning og tilsyn"]}</h2>'
        f'\n  <h3 class="h4">{t["Åbne frister"]}</h3>'
        f"\n  {opgaver}"
        '\n  <div class="app-actions">'
        f"\n    {bestilling}"
        f"\n    {bevilling}"
        "\n  </div>"
        f'\n  <h3 class="h4">{t["Opfølgninger"]}</h3>'
        f"\n  {opfoelgninger}"
        f'\n  <h3 class="h4">{t["Personrelateret tilsyn"]}</h3>'
        f"\n  {tilsyn}"
        "\n</section>\n"
    )


_MAAL_FIELDS = ("id", "uuid", "bestilling_id")
# The active indsatsmål of the case's bestillinger with their undertema (compiled once, issue 10).
_SAG_MAAL = CaseQuery(
    lambda sag_id: (
        Indsatsmaal.objects.filter(bestilling__sag_id=sag_id, status="aktiv")
        .order_by("raekkefoelge", "id")
        .values_list(*_MAAL_FIELDS, "undertema_id", "undertema__display")
    )
)


def _maal(sag: Any, bestilling: Any) -> list[Indsatsmaal]:
    """The live bestilling's active goals (`bestilling.indsatsmaal.filter(status="aktiv")`),
    each with its undertema's display name."""
    rows = [r for r in _SAG_MAAL.rows(sag) if r[2] == bestilling.pk]
    maal = case_instances(Indsatsmaal, _MAAL_FIELDS, rows)
    for m, row in zip(maal, rows, strict=True):
        m.undertema = Kode.from_db(DEFAULT_DB_ALIAS, ["id", "display"], list(row[3:]))
    return maal


def tilsyn_case_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    if getattr(request.user, "rolle", None) not in MYNDIGHED_ROLLER:
        return None
    today = timezone.localdate()
    data: dict[str, Any] = selectors.sag_section_data(sag=sag, today=today)
    # The case's bestillinger and afgørelser are loaded once for the whole case page (newest
    # first): the live bestilling is selectors.live_bestilling_for_sag's, the active bevilling
    # selectors.aktiv_bevilling_for_sag's, without a query each.
    bestilling = next(
        (b for b in sag_bestillinger(sag=sag) if b.status in selectors.LIVE_STATUSES), None
    )
    data["maal"] = _maal(sag, bestilling) if bestilling else []
    data["har_bestilling"] = bestilling is not None
    data["har_bevilling"] = any(a.er_aktiv for a in sag_afgoerelser(sag=sag))
    data["opfoelgning_url"] = uuid_url("tilsyn:opfoelgning-create", sag.uuid)
    return {"name": "tilsyn", "html": _section_html(sag, data, today), **data}
