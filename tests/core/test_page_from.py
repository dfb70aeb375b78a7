"""viewutils.page_from: Paginator.get_page's answers from one fetch a page (issue 10)."""

from __future__ import annotations

import pytest

from bostotte.core.viewutils import page_from

ROWS = list(range(1, 24))  # 23 rows: pages of 10 → 10, 10, 3


def _fetch(calls: list[tuple[int, int]], rows: list[int] = ROWS):  # type: ignore[no-untyped-def]
    def fetch(start: int, stop: int) -> tuple[list[int], int]:
        calls.append((start, stop))
        page = rows[start:stop]
        return page, (len(rows) if page else 0)

    return fetch


@pytest.mark.parametrize(
    ("side", "number", "first", "fetches"),
    [
        (None, 1, 1, 1),
        ("2", 2, 11, 1),
        ("3", 3, 21, 1),
        ("4", 3, 21, 3),  # past the end: total from page 1, then the last page
        ("0", 3, 21, 2),  # below 1: the last page, as Paginator.get_page
        ("-7", 3, 21, 2),
        ("x", 1, 1, 1),  # not a number: the first page
        ("99999999999999999999", 3, 21, 2),  # beyond PostgreSQL's bigint OFFSET: never sent
    ],
)
def test_page_numbers(side, number, first, fetches) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []
    page = page_from(_fetch(calls), side, 10)
    assert page.number == number
    assert page.object_list[0] == first
    assert page.paginator.count == 23 and page.paginator.num_pages == 3
    assert len(calls) == fetches
    assert all(stop - start == 10 and start < 2**62 for start, stop in calls)


def test_no_rows_gives_an_empty_first_page() -> None:
    for side in (None, "1", "5", "0"):
        calls: list[tuple[int, int]] = []
        page = page_from(_fetch(calls, []), side, 10)
        assert page.number == 1 and list(page.object_list) == [] and page.paginator.count == 0
