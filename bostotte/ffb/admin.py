"""Read-only admin: reference data changes only through `manage.py load_ffb`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Kode, Kodesystem


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Kodesystem)
class KodesystemAdmin(ReadOnlyAdmin):
    list_display = ("title", "version", "url", "is_current", "created_at")
    list_filter = ("is_current", "url")
    search_fields = ("url", "version", "name", "title")
    ordering = ("url", "-version")


@admin.register(Kode)
class KodeAdmin(ReadOnlyAdmin):
    list_display = (
        "display",
        "gruppe",
        "ordinal",
        "is_leaf",
        "kraever_funktionsevneniveau",
        "code",
        "kodesystem",
    )
    list_filter = ("kodesystem", "gruppe", "is_leaf", "kraever_funktionsevneniveau")
    search_fields = ("code", "display", "path")
    list_select_related = ("kodesystem",)
    ordering = ("kodesystem", "path")
    readonly_fields = ("parent",)
    show_full_result_count = False
