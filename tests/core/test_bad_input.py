"""Property-based tests: free text is stored exactly, bad CPR is refused in Danish, HTML is text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bostotte.core import crypto
from bostotte.core.models import Journalnotat
from bostotte.core.services.journal import journalnotat_create

pytestmark = pytest.mark.django_db

# Text a person can type: no NUL (PostgreSQL refuses it in text columns) and no surrogates.
typed_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=400).filter(lambda s: s.strip() == s and s)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tekst=typed_text)
def test_journal_text_is_stored_exactly(cast, tekst: str) -> None:  # type: ignore[no-untyped-def]
    note = journalnotat_create(sag=cast.sag_erik, art="andet", emne="Emne", tekst=tekst, actor=cast.anna)
    assert Journalnotat.objects.get(pk=note.pk).tekst == tekst


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=14))
def test_cpr_is_accepted_only_as_ten_digits_with_a_real_date(value: str) -> None:
    try:
        digits = crypto.cpr_normalise(value)
    except ValidationError as exc:
        assert exc.messages[0] in {
            "Skriv CPR-nummeret.",
            "Et CPR-nummer har 10 cifre, fx 010190-1234.",
            "CPR-nummeret indeholder ikke en gyldig fødselsdato (de første 6 cifre er DDMMÅÅ).",
        }
    else:
        assert len(digits) == 10 and digits.isdigit()
        crypto.cpr_birth_date(digits)


def test_html_in_free_text_is_shown_as_text(cast, client) -> None:  # type: ignore[no-untyped-def]
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    journalnotat_create(sag=cast.sag_erik, art="andet", emne=payload, tekst=payload, actor=cast.anna)
    client.force_login(cast.anna)
    body = client.get(f"/sager/{cast.sag_erik.uuid}/").content.decode()
    assert payload not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
