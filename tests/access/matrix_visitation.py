"""Visitation: every URL, for Erik's case (anna's, team Nord led by bo). Team Syd (carl, sofie)
are myndighed too: they see the kvalitetsstandarder but not Erik's case (404)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.visitation import builders as b
from visitation import services as s

from .routes import Route

NORD = ("anna", "anders", "bo")
LEDERE = {"bo": 200, "sofie": 200}
SAGSBEHANDLERE = frozenset({"anna", "anders", "carl"})


def ok(status: int, *names: str) -> dict[str, int]:
    return dict.fromkeys(names or NORD, status)


def _ffb(c: SimpleNamespace) -> None:
    from django.conf import settings  # noqa: PLC0415

    from bostotte.ffb.services import kodesystem_load  # noqa: PLC0415

    for name in ("CodeSystem-FFB.json", "CodeSystem-CareSocialCodes.json"):
        kodesystem_load(path=settings.FFB_REFERENCE_DIR / name)


def _ks(c: SimpleNamespace, *, approval: bool = False) -> None:
    _ffb(c)
    c.ks = b.make_kvalitetsstandard(c.bo, kraever_ledergodkendelse=approval)


def _ks_draft(c: SimpleNamespace) -> None:
    _ks(c)
    c.draft = s.kvalitetsstandard_new_version(fra=c.ks, actor=c.bo)


def _henv(c: SimpleNamespace) -> None:
    _ks(c)
    c.henv = b.make_henvendelse(c.sag_erik, c.anna)


def _underretning(c: SimpleNamespace) -> None:
    _henv(c)
    s.henvendelse_underretning_record(henvendelse=c.henv, begrundelse="Vi mangler oplysninger.",
                                      forventet_afgoerelse_on=date(2026, 8, 1), actor=c.anna, now=b.NOW)


def _udr_kladde(c: SimpleNamespace) -> None:
    _ks(c)
    c.udr = b.make_udredning(c.sag_erik, c.anna, finish=False)


def _udr_done(c: SimpleNamespace) -> None:
    _henv(c)
    c.udr = b.make_udredning(c.sag_erik, c.anna, henvendelse=c.henv)


def _bilag(c: SimpleNamespace) -> None:
    _udr_kladde(c)
    c.bilag = s.bilag_create(udredning=c.udr, fil=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"), titel="Aftale", art="andet", actor=c.anna)


def _draft(c: SimpleNamespace) -> None:
    _ks(c)
    c.afg = b.make_draft(c.sag_erik, c.anna)


def _bevilling(c: SimpleNamespace) -> None:
    _ks(c)
    c.afg = b.make_bevilling(c.sag_erik, c.anna)


def _afventer(c: SimpleNamespace) -> None:
    _ks(c, approval=True)
    c.afg = b.make_bevilling(c.sag_erik, c.anna)


def _brev(c: SimpleNamespace) -> None:
    _bevilling(c)
    s.afgoerelse_brev_generate(afgoerelse_id=c.afg.pk)


def _best_kladde(c: SimpleNamespace) -> None:
    _bevilling(c)
    c.best = b.make_bestilling(c.afg, c.anna, c.lev_nord)


def _best_sendt(c: SimpleNamespace) -> None:
    _bevilling(c)
    c.best = b.make_bestilling(c.afg, c.anna, c.lev_nord, send=True)


def _klage(c: SimpleNamespace) -> None:
    _bevilling(c)
    c.klage = s.klage_create(afgoerelse=c.afg, modtaget_on=b.TODAY, form="skriftlig", beskrivelse="Uenig", actor=c.anna, now=b.NOW)


def U(attr: str):  # type: ignore[no-untyped-def]
    return lambda c: {"uuid": getattr(c, attr).uuid}


ROUTES = [
    Route("visitation:ks-list", ok={**ok(200), "carl": 200, "sofie": 200}),
    Route("visitation:ks-create", ok=LEDERE, forbidden=SAGSBEHANDLERE),
    Route("visitation:ks-new-version", method="POST", setup=_ks, kwargs=U("ks"), ok={"bo": 302, "sofie": 302}, forbidden=SAGSBEHANDLERE),
    Route("visitation:ks-edit", setup=_ks_draft, kwargs=U("draft"), ok=LEDERE, forbidden=SAGSBEHANDLERE),
    Route("visitation:ks-publish", method="POST", setup=_ks_draft, kwargs=U("draft"), ok={"bo": 302, "sofie": 302}, forbidden=SAGSBEHANDLERE),
    Route("visitation:henvendelse-create", ok={**ok(200), "carl": 200, "sofie": 200}),
    Route("visitation:henvendelse-create-sag", setup=_ks, kwargs=U("sag_erik"), ok=ok(200)),
    Route("visitation:henvendelse-detail", setup=_henv, kwargs=U("henv"), ok=ok(200), logs_access=True),
    Route("visitation:henvendelse-underretning", method="POST", setup=_henv, kwargs=U("henv"), ok=ok(302),
          data=lambda c: {"begrundelse": "Vi venter på psykiatrien.", "forventet_afgoerelse_on": "2026-09-01"}),
    Route("visitation:henvendelse-underretning-brev", setup=_underretning, kwargs=U("henv"), ok=ok(200), logs_access=True),
    Route("visitation:henvendelse-underretning-pdf", setup=_underretning, kwargs=U("henv"), ok=ok(200), logs_access=True),
    Route("visitation:udredning-create", method="POST", setup=_henv, kwargs=U("sag_erik"), ok=ok(302)),
    Route("visitation:udredning-edit", setup=_udr_kladde, kwargs=U("udr"), ok=ok(200), logs_access=True),
    Route("visitation:bilag-upload", method="POST", setup=_udr_kladde, kwargs=U("udr"), ok=ok(422), data=lambda c: {"titel": "x"}),
    Route("visitation:bilag-download", setup=_bilag, kwargs=U("bilag"), ok=ok(200), logs_access=True),
    Route("visitation:afgoerelse-create", method="POST", setup=_udr_done, kwargs=U("sag_erik"), ok=ok(302), data=lambda c: {"resultat": "afslag"}),
    Route("visitation:afgoerelse-detail", setup=_draft, kwargs=U("afg"), ok=ok(200), logs_access=True),
    Route("visitation:afgoerelse-traef", method="POST", setup=_draft, kwargs=U("afg"), ok=ok(302)),
    Route("visitation:afgoerelse-godkend", method="POST", setup=_afventer, kwargs=U("afg"), ok={"bo": 302}, forbidden=frozenset({"anna", "anders"})),
    Route("visitation:afgoerelse-send-tilbage", method="POST", setup=_afventer, kwargs=U("afg"), ok={"bo": 302},
          forbidden=frozenset({"anna", "anders"}), data=lambda c: {"kommentar": "Uddyb begrundelsen."}),
    Route("visitation:afgoerelse-brev", setup=_brev, kwargs=U("afg"), ok=ok(200), logs_access=True),
    Route("visitation:afgoerelse-brev-status", setup=_bevilling, kwargs=U("afg"), ok=ok(200), htmx=True),
    Route("visitation:revisitation-start", method="POST", setup=_bevilling, kwargs=U("afg"), ok=ok(302)),
    Route("visitation:bestilling-create", setup=_bevilling, kwargs=U("afg"), ok=ok(200)),
    Route("visitation:klage-create", setup=_bevilling, kwargs=U("afg"), ok=ok(200)),
    Route("visitation:godkendelser", ok=LEDERE, forbidden=SAGSBEHANDLERE),
    Route("visitation:bestilling-detail", setup=_best_kladde, kwargs=U("best"), ok=ok(200), logs_access=True),
    Route("visitation:bestilling-send", method="POST", setup=_best_kladde, kwargs=U("best"), ok=ok(302)),
    Route("visitation:bestilling-withdraw", method="POST", setup=_best_sendt, kwargs=U("best"), ok={"anna": 302, "anders": 422, "bo": 422},
          data=lambda c: {"begrundelse": "Borgeren er flyttet."}),
    Route("visitation:klage-detail", setup=_klage, kwargs=U("klage"), ok=ok(200), logs_access=True),
]
