from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from visitation.frister import (
    add_months,
    easter_sunday,
    er_arbejdsdag,
    frist_fra_arbejdsdage,
    frist_fra_dage,
    frist_fra_uger,
    helligdage,
    naeste_arbejdsdag,
)


class EasterTests:
    def test_it_knows_easter_sunday(self) -> None:
        assert easter_sunday(2024) == date(2024, 3, 31)
        assert easter_sunday(2025) == date(2025, 4, 20)
        assert easter_sunday(2026) == date(2026, 4, 5)
        assert easter_sunday(2027) == date(2027, 3, 28)

    def test_it_lists_the_easter_based_holidays(self) -> None:
        days = helligdage(2026)
        assert days[date(2026, 4, 2)] == "Skærtorsdag"
        assert days[date(2026, 4, 3)] == "Langfredag"
        assert days[date(2026, 4, 6)] == "2. påskedag"
        assert days[date(2026, 5, 14)] == "Kristi himmelfartsdag"
        assert days[date(2026, 5, 25)] == "2. pinsedag"

    def test_it_drops_store_bededag_from_2024(self) -> None:
        assert "Store bededag" in helligdage(2023).values()
        assert "Store bededag" not in helligdage(2024).values()


class FristTests:
    def test_it_counts_calendar_days(self) -> None:
        # Received Friday 20 March 2026, 1 week → Friday 27 March (a working day).
        assert frist_fra_uger(start_on=date(2026, 3, 20), uger=1) == date(2026, 3, 27)
        assert frist_fra_uger(start_on=date(2026, 3, 20), uger=8) == date(2026, 5, 15)

    def test_it_is_not_moved_by_the_dst_change(self) -> None:
        # Summer time starts Sunday 29 March 2026 at 02:00; a deadline across it is still 7 days.
        received_at = datetime(2026, 3, 24, 23, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))
        received_on = timezone.localdate(received_at)
        assert received_on == date(2026, 3, 24)
        assert frist_fra_uger(start_on=received_on, uger=1) == date(2026, 3, 31)
        # The same instant in UTC is still the Copenhagen date that counts.
        assert timezone.localdate(received_at.astimezone(ZoneInfo("UTC"))) == date(2026, 3, 24)

    def test_it_rolls_over_easter_to_the_next_working_day(self) -> None:
        # 26 March + 7 = Skærtorsdag 2 April → Langfredag, weekend, 2. påskedag → Tuesday 7 April.
        assert frist_fra_uger(start_on=date(2026, 3, 26), uger=1) == date(2026, 4, 7)

    def test_it_moves_a_frist_on_easter_monday(self) -> None:
        assert frist_fra_uger(start_on=date(2026, 3, 30), uger=1) == date(2026, 4, 7)

    def test_it_moves_a_frist_on_christmas_day(self) -> None:
        # 18 Dec 2026 + 7 = Friday 25 December (juledag) → 26th, weekend → Monday 28 December.
        assert frist_fra_uger(start_on=date(2026, 12, 18), uger=1) == date(2026, 12, 28)

    def test_it_moves_a_frist_on_a_weekend(self) -> None:
        assert frist_fra_dage(start_on=date(2026, 3, 20), dage=1) == date(2026, 3, 23)

    def test_it_treats_the_closing_days_as_non_working(self) -> None:
        assert not er_arbejdsdag(date(2026, 12, 24))
        assert not er_arbejdsdag(date(2026, 6, 5))
        assert naeste_arbejdsdag(date(2026, 12, 31)) == date(2027, 1, 4)

    def test_it_keeps_a_working_day(self) -> None:
        assert naeste_arbejdsdag(date(2026, 3, 27)) == date(2026, 3, 27)

    def test_it_refuses_negative_weeks(self) -> None:
        import pytest  # noqa: PLC0415

        with pytest.raises(ValueError):
            frist_fra_uger(start_on=date(2026, 3, 20), uger=-1)


class FristFraArbejdsdageTests:
    def test_it_counts_working_days_after_the_start(self) -> None:
        # Monday 16 November 2026 + 5 working days = Monday 23 November (the weekend does not count).
        assert frist_fra_arbejdsdage(start_on=date(2026, 11, 16), arbejdsdage=5) == date(2026, 11, 23)
        assert frist_fra_arbejdsdage(start_on=date(2026, 11, 16), arbejdsdage=1) == date(2026, 11, 17)

    def test_it_skips_easter_and_the_closing_days_at_new_year(self) -> None:
        # Wednesday 1 April 2026: Skærtorsdag, Langfredag, the weekend and 2. påskedag are skipped.
        assert frist_fra_arbejdsdage(start_on=date(2026, 4, 1), arbejdsdage=5) == date(2026, 4, 13)
        # Wednesday 23 December: 24th–27th, 31st, 1 January and the weekend are not working days.
        assert frist_fra_arbejdsdage(start_on=date(2026, 12, 23), arbejdsdage=3) == date(2026, 12, 30)
        assert frist_fra_arbejdsdage(start_on=date(2026, 12, 23), arbejdsdage=4) == date(2027, 1, 4)

    def test_it_starts_counting_after_a_discharge_on_a_weekend(self) -> None:
        assert frist_fra_arbejdsdage(start_on=date(2026, 11, 21), arbejdsdage=1) == date(2026, 11, 23)

    def test_zero_days_is_the_start_itself_and_negative_is_refused(self) -> None:
        import pytest  # noqa: PLC0415

        assert frist_fra_arbejdsdage(start_on=date(2026, 11, 21), arbejdsdage=0) == date(2026, 11, 21)
        with pytest.raises(ValueError):
            frist_fra_arbejdsdage(start_on=date(2026, 11, 21), arbejdsdage=-1)


class AddMonthsTests:
    def test_it_clamps_to_the_month_end(self) -> None:
        assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
        assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
        assert add_months(date(2026, 3, 20), 12) - date(2026, 3, 20) == timedelta(days=365)
