"""Benchmark-only middleware: `X-Query-Count` and `Server-Timing` headers on every response.

Registered by settings only when the environment variable BENCH_QUERY_COUNT is on (never in a
normal deployment). It counts the queries Django executes while the request is handled (an
execute wrapper, like django_assert_num_queries) and the server time from the first middleware
to the response."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(
            execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
        ) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - start) * 1000
        response["X-Query-Count"] = str(count)
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response
