from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest, HttpResponse


def add_form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors where the field exists."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def role_required(*roller: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """403 for a role that may never do this (the object itself is still 404-scoped in the view)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request.user, "rolle", None) not in roller:
                return HttpResponse(status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def page_from(fetch: Callable[[int, int], tuple[list[Any], int]], side: str | None, pr_side: int) -> Page:
    """A `Paginator(…).get_page(side)` over rows that `fetch(start, stop)` gives together with the
    total (one query a page: `COUNT(*) OVER ()` in the page's own query, issue 10). A page past
    the end or below 1 gives the last page (the total read on page 1), a page number that is not a
    number gives the first, as `get_page` does; so does a number too large for PostgreSQL's OFFSET
    (a bigint), instead of an error."""
    try:
        number = int(side) if side is not None else 1
    except ValueError:
        number = 1
    paginator: Paginator[Any] = Paginator([], pr_side)
    rows: list[Any] = []
    total = 0
    if 1 <= number <= 2**62 // pr_side:
        rows, total = fetch((number - 1) * pr_side, number * pr_side)
    if not rows and number != 1:
        rows, total = fetch(0, pr_side)
        paginator.count = total  # type: ignore[misc]  # the cached property, known now
        number = paginator.num_pages
        if number > 1:
            rows, total = fetch((number - 1) * pr_side, number * pr_side)
    paginator.count = total  # type: ignore[misc]
    return Page(rows, number, paginator)


def page_with_total(qs: QuerySet[Any], side: str | None, pr_side: int) -> Page:
    """`page_from` over a queryset: the page's model rows with the total as a window count."""

    def fetch(start: int, stop: int) -> tuple[list[Any], int]:
        rows = list(qs.annotate(_i_alt=Window(Count("pk")))[start:stop])
        return rows, (rows[0]._i_alt if rows else 0)  # type: ignore[attr-defined]

    return page_from(fetch, side, pr_side)
