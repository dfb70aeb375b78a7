"""Query expressions shared by the apps' selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Lookup


class AnyOf(Lookup):
    """`lhs = ANY(rhs)` as a filter expression, for an array subquery on the right
    (`AnyOf(F("pk"), ArraySubquery(…))`): PostgreSQL evaluates the subquery on its own (an
    InitPlan) and probes by key, instead of planning one join problem with the outer query."""

    lookup_name = "any_of"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
