from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction

from bostotte.core.exceptions import ApplicationError, ConflictError
from bostotte.ffb.models import Kode
from bostotte.ffb.selectors import FUNKTIONSEVNENIVEAU_MODERAT, kode_get
from visitation import services as s
from visitation.models import Tilstand

from ..builders import (
    NOW,
    kilde_borger,
    make_bevilling,
    make_henvendelse,
    make_udredning,
    undertema_ad,
    undertema_other,
)


@pytest.mark.django_db
class UdredningSaveTests:
    def test_it_saves_a_draft_with_only_documented_undertemaer(self, cast, ks) -> None:
        h = make_henvendelse(cast.sag_erik, cast.anna)
        udr = s.udredning_create(sag=cast.sag_erik, henvendelse=h, actor=cast.anna, now=NOW)
        assert udr.borgers_maal_og_oensker == h.borgers_ord
        udr = s.udredning_save(
            udredning=udr, version=udr.version, actor=cast.anna,
            tilstande=[
                s.TilstandInput(undertema=undertema_ad(), beskrivelse="Handler ikke ind.", kilde=kilde_borger()),
                s.TilstandInput(undertema=undertema_other(), beskrivelse=""),
            ],
        )
        assert [t.undertema_id for t in udr.tilstande.all()] == [undertema_ad().pk]
        assert udr.version == 2

    def test_it_removes_an_undertema_whose_description_is_cleared(self, cast, ks) -> None:
        udr = make_udredning(cast.sag_erik, cast.anna, finish=False)
        udr = s.udredning_save(udredning=udr, version=udr.version, actor=cast.anna,
                               tilstande=[s.TilstandInput(undertema=undertema_other(), beskrivelse="")])
        assert udr.tilstande.count() == 0

    def test_it_refuses_a_level_outside_aktivitet_og_deltagelse(self, cast, ks) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError, match="kun under Aktivitet og deltagelse"):
            s.udredning_save(udredning=udr, version=udr.version, actor=cast.anna, tilstande=[
                s.TilstandInput(undertema=undertema_other(), beskrivelse="x", kilde=kilde_borger(),
                                funktionsevneniveau=kode_get(FUNKTIONSEVNENIVEAU_MODERAT))])

    def test_the_database_refuses_a_level_outside_aktivitet_og_deltagelse(self, cast, ks) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        with pytest.raises(DatabaseError), transaction.atomic():
            Tilstand.objects.create(udredning=udr, undertema=undertema_other(), beskrivelse="x", kilde=kilde_borger(),
                                    funktionsevneniveau=kode_get(FUNKTIONSEVNENIVEAU_MODERAT))

    def test_it_requires_a_source(self, cast, ks) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError, match="hvor oplysningerne kommer fra"):
            s.udredning_save(udredning=udr, version=udr.version, actor=cast.anna,
                             tilstande=[s.TilstandInput(undertema=undertema_ad(), beskrivelse="x")])

    def test_it_refuses_a_stale_version_naming_who_saved(self, cast, ks) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        stale = udr.version
        s.udredning_save(udredning=udr, version=stale, actor=cast.anders, borgers_vurdering="Anders skrev")
        with pytest.raises(ConflictError, match="Anders Kollega har gemt udredningen"):
            s.udredning_save(udredning=udr, version=stale, actor=cast.anna, borgers_vurdering="Anna skrev")
        udr.refresh_from_db()
        assert udr.borgers_vurdering == "Anders skrev"

    def test_it_refuses_a_second_draft(self, cast, ks) -> None:
        s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        with pytest.raises(ApplicationError):
            s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)


@pytest.mark.django_db
class UdredningFinishTests:
    def test_it_finishes_a_complete_udredning(self, cast, ks) -> None:
        udr = make_udredning(cast.sag_erik, cast.anna)
        assert udr.status == "afsluttet" and udr.afsluttet_at == NOW

    def test_it_requires_the_citizens_own_view(self, cast, ks) -> None:
        udr = make_udredning(cast.sag_erik, cast.anna, finish=False)
        udr = s.udredning_save(udredning=udr, version=udr.version, actor=cast.anna, borgers_vurdering="")
        with pytest.raises(ApplicationError, match="borgerens egen vurdering"):
            s.udredning_finish(udredning=udr, version=udr.version, actor=cast.anna, now=NOW)

    def test_it_names_everything_missing(self, cast, ks) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        udr = s.udredning_save(udredning=udr, version=udr.version, actor=cast.anna, tilstande=[
            s.TilstandInput(undertema=undertema_ad(), beskrivelse="x", kilde=kilde_borger())])
        with pytest.raises(ApplicationError) as exc:
            s.udredning_finish(udredning=udr, version=udr.version, actor=cast.anna, now=NOW)
        mangler = exc.value.extra["mangler"]
        assert any(m.startswith("funktionsevneniveau for") for m in mangler)
        assert {"borgerens mål og ønsker", "borgerens egen vurdering", "samlet støttebehov"} <= set(mangler)

    def test_it_cannot_be_changed_when_finished(self, cast, ks) -> None:
        udr = make_udredning(cast.sag_erik, cast.anna)
        with pytest.raises(ApplicationError, match="afsluttet"):
            s.udredning_save(udredning=udr, version=udr.version, actor=cast.anna, borgers_vurdering="ny")


@pytest.mark.django_db
class RevisitationTests:
    def test_it_prefills_from_the_last_udredning(self, cast, ks) -> None:
        bevilling = make_bevilling(cast.sag_erik, cast.anna)
        udr = s.udredning_start_revisitation(bevilling=bevilling, actor=cast.anna, now=NOW)
        assert udr.er_revisitation and udr.forrige_id == bevilling.udredning_id
        assert udr.tilstande.count() == bevilling.udredning.tilstande.count() == 2
        assert udr.borgers_vurdering == ""  # the citizen's own view is asked for anew

    def test_it_requires_an_active_bevilling(self, cast, ks) -> None:
        from ..builders import make_draft  # noqa: PLC0415

        draft = make_draft(cast.sag_erik, cast.anna)
        with pytest.raises(ApplicationError):
            s.udredning_start_revisitation(bevilling=draft, actor=cast.anna, now=NOW)


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.django_db
class BilagCreateTests:
    def test_it_stores_a_pdf_in_private_storage(self, cast, ks, settings) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        bilag = s.bilag_create(udredning=udr, fil=SimpleUploadedFile("aftale.exe", PDF, content_type="text/html"),
                               titel="Udskrivningsaftale", art="udskrivningsaftale", actor=cast.anna, now=NOW)
        assert bilag.content_type == "application/pdf"
        assert bilag.fil.name.endswith(".pdf") and "aftale" not in bilag.fil.name
        assert str(settings.PRIVATE_MEDIA_ROOT) in bilag.fil.path
        assert bilag.fil.read() == PDF

    def test_it_decides_the_type_by_content(self, cast, ks) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        bilag = s.bilag_create(udredning=udr, fil=SimpleUploadedFile("x.pdf", PNG), titel="Foto", art="andet", actor=cast.anna, now=NOW)
        assert bilag.content_type == "image/png"

    def test_it_refuses_other_content(self, cast, ks) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError, match="PDF, PNG eller JPEG"):
            s.bilag_create(udredning=udr, fil=SimpleUploadedFile("x.pdf", b"<html><script>"), titel="x", art="andet", actor=cast.anna, now=NOW)

    def test_it_refuses_a_file_over_10_mb(self, cast, ks) -> None:
        udr = s.udredning_create(sag=cast.sag_erik, actor=cast.anna, now=NOW)
        big = PDF + b"0" * (10 * 1024 * 1024)
        with pytest.raises(ValidationError, match="10 MB"):
            s.bilag_create(udredning=udr, fil=SimpleUploadedFile("x.pdf", big), titel="x", art="andet", actor=cast.anna, now=NOW)


assert Kode
