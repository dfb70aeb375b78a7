from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bostotte.core.services.borger import borger_update
from visitation import services as s
from visitation.pdf import StaticOnlyFetcher

from ..builders import NOW, make_bevilling, make_henvendelse


def _text(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), reader


@pytest.mark.django_db
class AfgoerelseBrevTests:
    def test_it_explains_the_decision_in_danish(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna, begrundelse_hovedhensyn="Erik har svært ved at handle ind.")
        text, _reader = _text(s.afgoerelse_brev_render(afgoerelse=afg))
        flat = " ".join(text.split())
        assert "Du får socialpædagogisk støtte" in flat
        assert "Op til 3 timer pr. uge" in flat
        assert "Fra 1. april 2026" in flat
        assert "Erik har svært ved at handle ind." in flat
        assert "4 uger" in flat and "Du klager til Bøgelund Kommune" in flat

    def test_it_is_tagged_pdf_ua(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        _text_, reader = _text(s.afgoerelse_brev_render(afgoerelse=afg))
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert 'pdfuaid:part="1"' in xmp  # the PDF/UA-1 identification
        assert bool(root["/MarkInfo"]["/Marked"]) is True
        assert str(root["/Lang"]) == "da"
        assert "/StructTreeRoot" in root
        assert "Afgørelse om socialpædagogisk støtte" in str(reader.metadata.title)

    def test_it_embeds_the_font(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        _t, reader = _text(s.afgoerelse_brev_render(afgoerelse=afg))
        fonts = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        assert any("IBM-Plex-Sans" in f for f in fonts), fonts

    def test_user_text_cannot_inject_markup_or_fetch_urls(self, cast, ks) -> None:
        borger_update(borger=cast.erik, actor=None, fornavn='<img src="http://example.invalid/x.png">Erik')
        afg = make_bevilling(cast.sag_erik, cast.anna, begrundelse_fakta='<a href="file:///etc/passwd">x</a>')
        text, _r = _text(s.afgoerelse_brev_render(afgoerelse=afg))
        assert '<img src="http://example.invalid/x.png">Erik' in " ".join(text.split())

    def test_the_fetcher_refuses_anything_but_static_files(self) -> None:
        fetcher = StaticOnlyFetcher()
        for url in ("http://example.invalid/x", "file:///etc/passwd", "https://static.bostotte.invalid/../settings.py"):
            with pytest.raises(ValueError):
                fetcher.fetch(url)
        ok = fetcher.fetch("https://static.bostotte.invalid/css/app.css")
        assert b"app-logo" in ok.read()

    def test_generate_stores_the_letter_once(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        assert s.afgoerelse_brev_generate(afgoerelse_id=afg.pk, now=NOW) is True
        assert s.afgoerelse_brev_generate(afgoerelse_id=afg.pk, now=NOW) is False
        afg.refresh_from_db()
        assert afg.brev.name.endswith(".pdf") and afg.brev_dannet_at == NOW
        assert afg.brev.read(5) == b"%PDF-"


@pytest.mark.django_db
class UnderretningBrevTests:
    def test_it_tells_the_citizen_when_to_expect_a_decision(self, cast, ks) -> None:
        from datetime import date  # noqa: PLC0415

        h = make_henvendelse(cast.sag_erik, cast.anna)
        h = s.henvendelse_underretning_record(henvendelse=h, begrundelse="Vi venter på en lægeerklæring.",
                                              forventet_afgoerelse_on=date(2026, 6, 15), actor=cast.anna, now=NOW)
        text, reader = _text(s.underretning_pdf_render(henvendelse=h))
        flat = " ".join(text.split())
        assert "15. juni 2026" in flat and "Vi venter på en lægeerklæring." in flat and "§ 3, stk. 2" in flat
        assert str(reader.trailer["/Root"]["/Lang"]) == "da"
