"""BesoegForm: the end time or a duration (minutes). The end time is prefilled, so a duration the
bostøtte types must win over it — also after a refused submit (issue 12: the form kept refusing
the minutes because the refused end time was still in the other field)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from levering.forms import BesoegForm

from .conftest import aware

pytestmark = pytest.mark.django_db

BASE = {"dato": "2026-03-04", "start": "10:00", "kontaktform": "hjemmebesoeg", "status": "gennemfoert", "planlagt": "0"}


def _form(**data: str) -> BesoegForm:
    return BesoegForm({**BASE, **data}, bestilling_ids=[])


class BesoegFormTests:
    def test_it_uses_the_end_time(self) -> None:
        form = _form(slut="10:40")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["ends_at"] == aware(2026, 3, 4, 10, 40)

    def test_it_uses_the_minutes_when_there_is_no_end_time(self) -> None:
        form = _form(slut="", minutter="25")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["ends_at"] - form.cleaned_data["starts_at"] == timedelta(minutes=25)

    def test_the_minutes_win_over_a_stale_end_time(self) -> None:
        # The end time refused a moment ago (before the start) is still in its field.
        form = _form(slut="09:00", minutter="25")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["starts_at"] == aware(2026, 3, 4, 10, 0)
        assert form.cleaned_data["ends_at"] == aware(2026, 3, 4, 10, 25)

    def test_an_end_before_the_start_is_refused_at_the_end_time_field(self) -> None:
        form = _form(slut="09:00")
        assert not form.is_valid()
        assert form.errors["slut"] == ["Sluttidspunktet skal være efter starttidspunktet."]

    def test_neither_end_time_nor_minutes_is_refused(self) -> None:
        form = _form(slut="", minutter="")
        assert not form.is_valid()
        assert form.errors["slut"] == ["Angiv sluttidspunkt eller varighed."]

    def test_minutes_out_of_range_are_refused_without_falling_back_to_the_end_time(self) -> None:
        form = _form(slut="10:30", minutter="0")
        assert not form.is_valid()
        assert "minutter" in form.errors

    def test_the_two_fields_clear_each_other_in_the_browser(self) -> None:
        html = str(_form())
        assert 'data-clears="minutter"' in html and 'data-clears="slut"' in html
