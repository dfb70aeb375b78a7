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


def page_with_total(qs: QuerySet[Any], side: str | None, pr_side: int) -> Page:
    """`Paginator(qs, pr_side).get_page(side)` with the total counted in the page's own query
    (`COUNT(*) OVER ()`) instead of a COUNT query first (issue 10). A page past the end, or a
    number below 1, falls back to the paginator (which shows the last page, like `get_page`); a
    page number that is not a number gives the first page."""
    try:
        number = int(side) if side is not None else 1
    except ValueError:
        number = 1
    paginator = Paginator(qs, pr_side)
    if number < 1:
        return paginator.get_page(side)
    start = (number - 1) * pr_side
    rows = list(qs.annotate(_i_alt=Window(Count("pk")))[start : start + pr_side])
    if not rows and number > 1:
        return paginator.get_page(side)
    paginator.count = rows[0]._i_alt if rows else 0  # type: ignore[attr-defined,misc]  # the cached property, known now
    return Page(rows, number, paginator)
