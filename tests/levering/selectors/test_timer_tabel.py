"""The hours table's pre-formatted rows (levering/timer_tabel.py) give what the template's
`floatformat` gave: same rounding, Danish comma, no "-0", escaped text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from levering.timer import BestillingTimer, Periode
from levering.timer_tabel import periode_rad, tal, total_rad

CASES = [
    (2.25, 1),
    (2.35, 1),
    (0.05, 1),
    (-0.04, 1),
    (-0.05, 1),
    (-16.7, 0),
    (-51.5, 0),
    (-0.4, 0),
    (12.0, 0),
    (100.0, 0),
    (1234.56, 1),
    (7.1000000000000005, 1),
    (0.0, 1),
    (Decimal("5.50"), 1),
]


class TalTests:
    @pytest.mark.parametrize(("x", "n"), CASES)
    def test_it_matches_floatformat_in_danish(self, x, n):
        with translation.override("da"):
            expected = Template("{{ x|floatformat:n }}").render(Context({"x": x, "n": n}))
        assert tal(x, n) == expected

    def test_it_uses_a_decimal_comma_and_rounds_half_up(self):
        assert tal(2.25) == "2,3"
        assert tal(1234.56) == "1234,6"  # no thousands separator, as floatformat without "g"
        assert tal(-16.7, 0) == "-17"

    def test_it_never_shows_minus_zero(self):
        assert tal(-0.04) == "0,0"
        assert tal(-0.4, 0) == "0"


def _periode(**kw):
    return Periode(
        start=date(2026, 3, 2), slut=date(2026, 3, 8), label="Uge 10 2026", tolerance_pct=20, **kw
    )


class PeriodeRadTests:
    def test_a_period_under_the_tolerance_shows_the_negative_deviation_and_the_flag(self):
        p = _periode(
            ramme=3.0,
            leveret=1.25,
            leveret_pr_form={"hjemmebesoeg": 1.0, "telefon": 0.25},
            aflyst_borger=1,
            udeblevet=2,
        )
        with translation.override("da"):
            row = periode_rad(p)
        assert row == (
            '<tr><th scope="row">Uge 10 2026</th><td>3,0</td><td>1,3</td>'
            '<td>-58 % <strong class="lev-flag lev-flag-warn">under tolerancen</strong></td>'
            "<td>Hjemmebesøg 1,0, Telefon 0,3</td><td>1 / 0 / 2</td></tr>\n"
        )

    def test_within_the_tolerance_there_is_no_flag(self):
        with translation.override("da"):
            row = periode_rad(
                _periode(ramme=3.0, leveret=2.5, leveret_pr_form={"hjemmebesoeg": 2.5})
            )
        assert "<td>-17 %</td>" in row and "under tolerancen" not in row

    def test_without_a_frame_it_shows_dashes(self):
        with translation.override("da"):
            row = periode_rad(_periode(ramme=None, leveret=0.0))
        assert "<td>–</td><td>0,0</td><td>–</td><td>–</td><td>0 / 0 / 0</td>" in row

    def test_raised_and_admitted_days_are_noted_at_the_frame(self):
        with translation.override("da"):
            one = periode_rad(_periode(ramme=1.5, leveret=2.0, forhoejet_dage=3, indlagt_dage=1))
            two = periode_rad(_periode(ramme=1.5, leveret=2.0, indlagt_dage=2))
        assert (
            '<td>1,5 <span class="app-meta">(forhøjet)</span> <span class="app-meta">(1 dag indlagt)</span></td>'
            in one
        )
        assert '<span class="app-meta">(2 dage indlagt)</span>' in two and "forhøjet" not in two
        assert "<td>33 %</td>" in one  # above the frame: positive, no flag

    def test_the_label_is_escaped(self):
        with translation.override("da"):
            row = periode_rad(
                Periode(
                    start=date(2026, 3, 2),
                    slut=date(2026, 3, 8),
                    label="<b>x</b>",
                    ramme=1.0,
                    leveret=1.0,
                )
            )
        assert "&lt;b&gt;x&lt;/b&gt;" in row and "<b>" not in row

    def test_the_footer_shows_the_total_deviation_or_nothing(self):
        total = Periode(
            start=date(2026, 3, 2),
            slut=date(2026, 3, 8),
            label="I alt",
            ramme=10.0,
            leveret=7.04,
            aflyst_medarbejder=1,
        )
        bt = BestillingTimer(bestilling=None, perioder=[], total=total)  # type: ignore[arg-type]
        assert total_rad(bt) == {
            "ramme": "10,0",
            "leveret": "7,0",
            "afvigelse": "-30 %",
            "aflyst": "0 / 1 / 0",
        }
        bt = BestillingTimer(
            bestilling=None,
            perioder=[],
            total=Periode(start=date(2026, 3, 2), slut=date(2026, 3, 8), label="I alt"),
        )  # type: ignore[arg-type]
        assert total_rad(bt) == {
            "ramme": "–",
            "leveret": "0,0",
            "afvigelse": "",
            "aflyst": "0 / 0 / 0",
        }
