from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from bostotte.core.models import Journalnotat
from bostotte.core.services.journal import journalnotat_correct, journalnotat_create

pytestmark = pytest.mark.django_db


class JournalnotatTests:
    def test_it_writes_a_note_with_author_and_time(self, cast) -> None:  # type: ignore[no-untyped-def]
        now = timezone.now()
        note = journalnotat_create(sag=cast.sag_erik, art="opkald", emne="Opkald", tekst="Erik ringede.", actor=cast.anna, now=now)
        assert note.forfatter == cast.anna and note.haendelse_at == now

    def test_it_refuses_empty_text_and_future_events_in_danish(self, cast) -> None:  # type: ignore[no-untyped-def]
        now = timezone.now()
        with pytest.raises(ValidationError) as exc:
            journalnotat_create(sag=cast.sag_erik, art="opkald", emne="", tekst="  ", actor=cast.anna, haendelse_at=now + timedelta(days=1), now=now)
        assert set(exc.value.message_dict) == {"tekst", "emne", "haendelse_at"}
        assert exc.value.message_dict["tekst"] == ["Skriv selve notatet."]

    def test_a_correction_is_a_new_note_and_the_original_is_unchanged(self, cast) -> None:  # type: ignore[no-untyped-def]
        original = journalnotat_create(sag=cast.sag_erik, art="moede", emne="Møde", tekst="Forkert dato nævnt.", actor=cast.anna)
        rettelse = journalnotat_correct(original=original, tekst="Mødet var tirsdag.", actor=cast.anders)
        original.refresh_from_db()
        assert original.tekst == "Forkert dato nævnt."
        assert rettelse.korrigerer == original and rettelse.emne == "Rettelse: Møde"

    def test_a_correction_must_be_on_the_same_case(self, cast) -> None:  # type: ignore[no-untyped-def]
        original = journalnotat_create(sag=cast.sag_gitte, art="moede", emne="Møde", tekst="x", actor=cast.carl)
        with pytest.raises(ValidationError):
            journalnotat_create(sag=cast.sag_erik, art="moede", emne="x", tekst="y", actor=cast.anna, korrigerer=original)

    def test_the_database_refuses_update_and_delete(self, cast) -> None:  # type: ignore[no-untyped-def]
        note = journalnotat_create(sag=cast.sag_erik, art="opkald", emne="Opkald", tekst="Tekst", actor=cast.anna)
        with pytest.raises(DatabaseError), transaction.atomic():
            Journalnotat.objects.filter(pk=note.pk).update(tekst="ændret")
        with pytest.raises(DatabaseError), transaction.atomic():
            Journalnotat.objects.filter(pk=note.pk).delete()
        with pytest.raises(DatabaseError), transaction.atomic():
            note.tekst = "ændret"
            note.save()
        assert Journalnotat.objects.get(pk=note.pk).tekst == "Tekst"


class SystemJournalnotatTests:
    def test_the_system_can_write_a_note_without_an_actor(self, cast) -> None:  # type: ignore[no-untyped-def]
        note = journalnotat_create(sag=cast.sag_erik, art="sagsskridt", emne="Frist overskredet", tekst="Automatisk notat.", actor=None)
        assert note.forfatter is None
