from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class ApiCursorPagination(CursorPagination):
    """Cursor pagination: stable under inserts, no COUNT(*). Orderings end in a unique column.
    `antal` must be 1–100; anything else is a 400 (not silently the default)."""

    page_size = 25
    page_size_query_param = "antal"
    max_page_size = 100
    cursor_query_param = "cursor"
    ordering: Any = ("-created_at", "-id")
    invalid_cursor_message = "Ugyldig cursor."

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Angiv et helt tal fra 1 til {self.max_page_size}."]}
            )
        return int(raw)

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        """Views with `page_rows(pks)` are paged in two steps: the page is chosen on the
        ordering columns alone (the scope and the filters, no joins), then only its rows are
        loaded with their relations. Joining every visible row before the sort made the list
        cost follow the caller's scope instead of the page size (issue 10)."""
        page_rows: Callable[[Sequence[int]], list[Model]] | None = getattr(view, "page_rows", None)
        if page_rows is None:
            return super().paginate_queryset(queryset, request, view)
        keys = {field.lstrip("-") for field in self.get_ordering(request, queryset, view)}
        page = super().paginate_queryset(queryset.select_related(None).only(*keys), request, view)
        if page is None:
            return None
        self.page = page_rows([obj.pk for obj in page])
        return self.page

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for p in params:
            if p["name"] == self.page_size_query_param:
                p["description"] = (
                    f"Antal rækker pr. side (1–{self.max_page_size}, standard {self.page_size})."
                )
                p["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
            elif p["name"] == self.cursor_query_param:
                p["description"] = "Cursor fra `next`/`previous` i et tidligere svar."
                p["schema"] = {"type": "string", "minLength": 1}
        return params


class KeyCursorPagination(ApiCursorPagination):
    """`ApiCursorPagination` that reads only the ordering columns and the primary key, as plain
    dicts: `paginate_queryset` answers the page's keys (`{"pk": …, <ordering columns>}`), and the
    view loads and writes the page's rows from them (`SagListApi.list`). The cursors and links are
    computed from the same column values, so they are those of the one-query pagination; model
    instances for the keys only cost Python time (issue 10)."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[dict[str, Any]] | None:
        keys = sorted({field.lstrip("-") for field in self.get_ordering(request, queryset, view)})
        return CursorPagination.paginate_queryset(self, queryset.values("pk", *keys), request, view)


class IdCursorPagination(ApiCursorPagination):
    ordering = ("id",)
