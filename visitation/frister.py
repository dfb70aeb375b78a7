"""Deadlines in calendar days with a working-day roll-forward (DOMAIN.md 2.5 and 8.2).

The rule (used for the sagsbehandlingsfrist, and reusable by `tilsyn` for other deadlines):

1. A frist of N weeks is N × 7 *calendar* days from the date the henvendelse was received
   (Skive: "fristerne regnes inkl. søn- og helligdage"). Dates, not datetimes: the received date
   is the local date in Europe/Copenhagen (`timezone.localdate`), so daylight-saving changes can
   never move a deadline by a day.
2. If the last day is not a working day, the frist moves to the next working day.

A working day is Monday–Friday that is neither a Danish public holiday (helligdag) nor one of the
days the kommune's offices are closed by agreement (grundlovsdag 5 June, juleaftensdag 24 December,
nytårsaftensdag 31 December). Public holidays:

* fixed: nytårsdag (1/1), juledag (25/12), 2. juledag (26/12);
* Easter-based: skærtorsdag (−3), langfredag (−2), påskedag (0), 2. påskedag (+1),
  Kristi himmelfartsdag (+39), pinsedag (+49), 2. pinsedag (+50);
* store bededag (+26) until 2023; abolished as a public holiday from 2024 (lov nr. 152 af 28/2 2023).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

STORE_BEDEDAG_SIDSTE_AAR = 2023


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def helligdage(year: int) -> dict[date, str]:
    """Danish public holidays in `year` with their names."""
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Nytårsdag",
        easter - timedelta(days=3): "Skærtorsdag",
        easter - timedelta(days=2): "Langfredag",
        easter: "Påskedag",
        easter + timedelta(days=1): "2. påskedag",
        easter + timedelta(days=39): "Kristi himmelfartsdag",
        easter + timedelta(days=49): "Pinsedag",
        easter + timedelta(days=50): "2. pinsedag",
        date(year, 12, 25): "Juledag",
        date(year, 12, 26): "2. juledag",
    }
    if year <= STORE_BEDEDAG_SIDSTE_AAR:
        days[easter + timedelta(days=26)] = "Store bededag"
    return days


def lukkedage(year: int) -> dict[date, str]:
    """Days the kommune's offices are closed although they are not public holidays."""
    return {
        date(year, 6, 5): "Grundlovsdag",
        date(year, 12, 24): "Juleaftensdag",
        date(year, 12, 31): "Nytårsaftensdag",
    }


def er_helligdag(day: date) -> bool:
    return day in helligdage(day.year)


def er_arbejdsdag(day: date) -> bool:
    return day.weekday() < 5 and day not in helligdage(day.year) and day not in lukkedage(day.year)


def naeste_arbejdsdag(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not er_arbejdsdag(day):
        day += timedelta(days=1)
    return day


def frist_fra_uger(*, start_on: date, uger: int) -> date:
    """A frist of `uger` weeks counted in calendar days from `start_on`, rolled forward to the
    next working day if it ends on a weekend, a public holiday or a closing day."""
    if uger < 0:
        raise ValueError("uger must be >= 0")
    return naeste_arbejdsdag(start_on + timedelta(days=7 * uger))


def frist_fra_dage(*, start_on: date, dage: int) -> date:
    """Same rule for a frist given in calendar days."""
    if dage < 0:
        raise ValueError("dage must be >= 0")
    return naeste_arbejdsdag(start_on + timedelta(days=dage))


def frist_fra_arbejdsdage(*, start_on: date, arbejdsdage: int) -> date:
    """The `arbejdsdage`-th working day after `start_on` (`start_on` itself never counts), e.g.
    "within 5 arbejdsdage of the discharge"."""
    if arbejdsdage < 0:
        raise ValueError("arbejdsdage must be >= 0")
    day = start_on
    for _ in range(arbejdsdage):
        day = naeste_arbejdsdag(day + timedelta(days=1))
    return day


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the last day of the month (31/1 + 1 → 28/2 or 29/2)."""
    import calendar  # noqa: PLC0415

    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))
