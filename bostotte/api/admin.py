"""API clients in the admin: read-only overview (create and revoke with the management commands,
so a token is shown exactly once, in a terminal)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiKlient


@admin.register(ApiKlient)
class ApiKlientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "navn",
        "token_prefix",
        "kommune",
        "leverandoer",
        "service_user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("navn", "token_prefix")
    readonly_fields = [f.name for f in ApiKlient._meta.fields if f.name != "token_hash"]
    exclude = ("token_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
