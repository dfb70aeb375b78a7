"""The case page's rows formatted in Python (issue 10: journal, grants, the sections' lists and
timeline) print what the template printed: a case with every kind of row, read as the
sagsbehandler and as the team leader."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=CPH)
UUID = "[0-9a-f-]{36}"


def _rich_case(cast):  # type: ignore[no-untyped-def]
    # ruff: noqa: PLC0415  (the apps' services and builders, as the other case-page tests)
    from bostotte.core.services.journal import journalnotat_correct, journalnotat_create
    from bostotte.core.services.sag import sag_adgang_give
    from bostotte.ffb import codes
    from bostotte.ffb.selectors import kode_get
    from handleplaner.services import handleplan_offer
    from levering.services import indlaeggelse_create, statusrapport_create
    from portal.models import WHO5_ITEMS
    from portal.services import besoegsanmodning_create, trivselsmaaling_create
    from tests.levering import builders
    from tests.portal.conftest import erik_levering
    from tests.tilsyn import builders as tb
    from tilsyn.services.frister import frister_scan
    from tilsyn.services.opfoelgning import VurderingInput, opfoelgning_create
    from tilsyn.services.tilsyn import tilsyn_create
    from visitation.services.klage import klage_create

    sag = cast.sag_erik
    lev = erik_levering(cast)
    d = builders.delmaal(lev.bestilling)
    statusrapport_create(
        bestilling=lev.bestilling,
        periode_fra=date(2026, 1, 1),
        periode_til=date(2026, 1, 31),
        hvad_virkede="Faste <b>tider</b>",
        borgers_perspektiv="Jeg handler selv nu",
        delmaal_fremskridt={d: "Handler ind hver uge"},
        actor=cast.dorte,
        now=NOW,
    )
    indlaeggelse_create(sag=sag, indlagt_on=date(2026, 2, 1), actor=cast.anna, now=NOW)
    besoegsanmodning_create(
        borger=cast.erik,
        besoeg=lev.planned[0],
        art="aflys",
        begrundelse="Syg & træt",
        actor=cast.erik_user,
        now=NOW,
    )
    keys = [k for k, _label in WHO5_ITEMS]
    trivselsmaaling_create(
        borger=cast.erik,
        who5=dict.fromkeys(keys, 1),
        actor=cast.erik_user,
        now=NOW - timedelta(days=90),
    )
    handleplan_offer(
        sag=sag, tilbudt_on=date(2026, 2, 1), tilbudt_maade="moede", actor=cast.anna, now=NOW
    )
    tb.henvendelse(sag, modtaget_on=date(2026, 3, 1), frist_on=date(2026, 3, 10))
    frister_scan(now=datetime(2026, 3, 20, 10, tzinfo=CPH))
    afg = lev.bestilling.afgoerelse
    klage_create(
        afgoerelse=afg,
        modtaget_on=date(2026, 3, 5),
        form="mundtlig",
        beskrivelse="Uenig",
        actor=cast.anna,
        now=datetime(2026, 3, 6, 9, tzinfo=CPH),
    )
    for i, maal in enumerate([lev.bestilling.indsatsmaal.first(), None]):
        opfoelgning_create(
            sag=sag,
            bestilling=lev.bestilling,
            indsatsmaal=maal,
            udfoert_on=date(2026, 2, 10 + i),
            form="telefon",
            deltagere="Erik og Anna",
            vurderinger=[VurderingInput(undertema=tb.undertema_ad(), niveau=tb.niveau(2))],
            stoettebehov=kode_get(codes.STOETTEBEHOV_LET),
            borgers_vurdering="Det går bedre",
            resultat="fortsaet",
            naeste_opfoelgning_on=date(2027, 1, 1),
            actor=cast.anna,
            now=NOW,
        )
    tilsyn_create(
        sag=sag,
        afgoerelse=afg,
        udfoert_on=date(2026, 2, 20),
        form="moede_borger",
        formaal_opfyldt="ja",
        borgers_beretning="Godt",
        sikkerhed_ok="ja",
        paaroerende="ja",
        konklusion="Fortsætter",
        handling="ingen",
        actor=cast.anna,
        now=NOW,
    )
    n1 = journalnotat_create(
        sag=sag, art="opkald", emne="Første <i>notat</i>", tekst="Tekst", actor=cast.anna, now=NOW
    )
    journalnotat_create(
        sag=sag, art="moede", emne="Andet", tekst="x", actor=None, now=NOW + timedelta(hours=1)
    )
    journalnotat_correct(original=n1, tekst="Rettet", actor=cast.anna, now=NOW + timedelta(hours=2))
    sag.refresh_from_db()
    sag_adgang_give(
        sag=sag,
        user=cast.carl,
        udloeber_at=datetime(2026, 4, 30, 12, tzinfo=CPH),
        begrundelse="Vikar",
        actor=cast.bo,
        now=datetime(2026, 3, 30, 9, tzinfo=CPH),
    )
    return sag


def _page(client, user, sag) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    with time_machine.travel(datetime(2026, 3, 31, 12, tzinfo=CPH), tick=False):
        response = client.get(reverse("core:sag-detail", kwargs={"uuid": sag.uuid}))
    assert response.status_code == 200
    return response.content.decode()


def test_every_kind_of_row_prints_as_before(cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
    sag = _rich_case(cast)
    html = _page(client, cast.anna, sag)
    expected = [
        # journal: meta line, the corrected note, the correction count, the escaped subject, the link
        r'<p class="app-meta">Telefonsamtale · 2\. mar 2026 09:00 · Anna Andersen',
        r'<p class="app-meta">Møde · 2\. mar 2026 10:00 · Systemet',
        rf' · retter <a href="#notat-{UUID}">Første &lt;i&gt;notat&lt;/i&gt;</a>',
        r" · <strong>rettet 1 gang</strong>",
        rf'<a href="/sager/{sag.uuid}/journal/{UUID}/ret/">Ret med et nyt notat<span class="sr-only">: Første &lt;i&gt;notat&lt;/i&gt;</span></a>',
        # grants (shown to everyone on the case)
        r"<li>Carl Carlsen til 30\. apr 2026 12:00 – Vikar",
        # visitation timeline
        rf'<h4 class="h5"><a href="/visitation/klager/{UUID}/">Klage</a> <span class="app-status">afventer genvurdering</span></h4>',
        r'<p class="app-meta">5\. marts 2026 · Mundtlig · genvurdering senest 2\. april 2026</p>',
        rf'<h4 class="h5"><a href="/visitation/bestillinger/{UUID}/">Bestilling til Bostøtten Nord</a> <span class="app-status">Støtten er startet</span></h4>',
        rf'<h4 class="h5"><a href="/visitation/afgoerelser/{UUID}/">Afgørelse: Bevilling</a> <span class="app-status">Truffet – aktiv</span></h4>',
        rf'<h4 class="h5"><a href="/visitation/henvendelser/{UUID}/">Henvendelse</a> <span class="app-status">Under behandling</span></h4>',
        r'<p class="app-meta">1\. marts 2026 · [^<]+ · frist 10\. marts 2026</p>',
        # levering: status report with its delmål, admission
        r"<details><summary>\d+\. \w+ 2026 – Bostøtten Nord \(1\. jan–31\. jan 2026\)</summary>",
        r'<dd class="app-pre">Faste &lt;b&gt;tider&lt;/b&gt;</dd>',
        r"<ul><li><strong>Handle ind en gang om ugen</strong>: Handler ind hver uge</li></ul>",
        r"<li>1\. feb 2026 – <strong>indlagt nu</strong> · støtten fortsætter</li>",
        # portal
        r"<ul><li>\d+\. \w+ 2026: Aflys besøget \(5\. mar 13\.00\) – Syg &amp; træt · sendt – venter på svar</li></ul>",
        # tilsyn: deadline, opfølgninger (one on a goal, one on the whole indsats), tilsyn
        r"<li>Sagsbehandlingsfrist – frist 10\. mar 2026 <strong>\(overskredet\)</strong> · Anna Andersen</li>",
        rf'<li><a href="/tilsyn/opfoelgninger/{UUID}/">11\. feb 2026: hele indsatsen</a> – Træf afgørelse om fortsættelse af indsats</li>',
        rf'<li><a href="/tilsyn/opfoelgninger/{UUID}/">10\. feb 2026: [^<]+</a> – Træf afgørelse om fortsættelse af indsats</li>',
        rf'<ul><li><a href="/tilsyn/tilsyn/{UUID}/">20\. feb 2026</a> – Ingen – støtten fortsætter som bevilget</li></ul>',
        rf'<a class="button button-secondary" href="/tilsyn/sager/{sag.uuid}/opfoelgning/">Følg op på hele indsatsen</a>',
        # handleplan
        r"<dd>Tilbudt 1\. februar 2026 – Borgeren har ikke besluttet sig endnu",
    ]
    missing = [p for p in expected if not re.search(p, html)]
    assert not missing, missing
    # the journal form (rendered once per language) and no leader forms for the sagsbehandler
    assert (
        '<label class="form-label" for="id_emne">Emne</label>' in html
        and 'name="haendelse_at"' in html
    )
    assert (
        "adgang/"
        not in html.split('id="journal"')[0].split("Midlertidig adgang")[1].split("</ul>")[0]
    )


def test_the_team_leader_gets_the_revoke_buttons_and_forms(cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
    sag = _rich_case(cast)
    html = _page(client, cast.bo, sag)
    assert re.search(
        rf'<form method="post" action="/sager/{sag.uuid}/adgang/\d+/fjern/" class="app-inline-form">.*'
        r'<span class="sr-only"> adgang for Carl Carlsen</span>',
        html,
    )
    assert (
        f'action="/sager/{sag.uuid}/adgang/"' in html
        and f'action="/sager/{sag.uuid}/bevaring/"' in html
    )


def test_the_case_s_related_rows_and_the_hold_print_as_before(cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
    """The header's and "Borgeren"'s related rows (citizen, responsible, team, municipalities,
    who set the hold) come from one small statement each in the page's round trip."""
    from bostotte.core.services.sag import sag_bevaring_set  # noqa: PLC0415

    sag = _rich_case(cast)
    sag_bevaring_set(
        sag=sag,
        bevares=True,
        grund="klage",
        begrundelse="Verserende <klage> & sag",
        actor=cast.bo,
        now=datetime(2026, 3, 30, 9, tzinfo=CPH),
    )
    html = _page(client, cast.anna, sag)
    kommune = cast.kommune.navn
    expected = [
        "<dt>Ansvarlig</dt><dd>Anna Andersen (Team Nord)</dd>",
        f"<dt>Handlekommune</dt><dd>{kommune}</dd>\n      <dt>Betalingskommune</dt><dd>{kommune}</dd>",
        '<dd id="sag-bevaring"><strong>Sagen skal bevares</strong>: Verserende klage eller retssag'
        " – Verserende &lt;klage&gt; &amp; sag\n"
        '        <span class="app-meta">(Bo Leder, 30. mar 2026)</span>',
        f'<dt>Navn</dt><dd><a href="/borgere/{cast.erik.uuid}/">Erik Eriksen</a></dd>',
        f"<dt>Adresse</dt><dd>{cast.erik.adresse}, {cast.erik.postnummer} {cast.erik.by}</dd>",
        f"<title>{sag.sagsnummer} – Erik Eriksen",
    ]
    missing = [p for p in expected if p not in html]
    assert not missing, missing
