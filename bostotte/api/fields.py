"""Input fields that keep odd but syntactically valid values away from the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.fields import IsoDateTimeField
from rest_framework import serializers

MESSAGE = "Angiv et gyldigt tidspunkt med tidszone."


def to_utc(value: datetime) -> datetime:
    """ISO 8601 allows offsets PostgreSQL refuses (e.g. +16:16): compare and store in UTC."""
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise ValueError(MESSAGE) from exc


class UtcDateTimeField(serializers.DateTimeField):
    def to_internal_value(self, value: Any) -> datetime:
        parsed = super().to_internal_value(value)
        try:
            return to_utc(parsed)
        except ValueError as exc:
            raise serializers.ValidationError(MESSAGE) from exc


class _UtcIsoDateTimeField(IsoDateTimeField):
    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        if cleaned is None:
            return None
        try:
            return to_utc(cleaned)
        except ValueError as exc:
            raise DjangoValidationError(MESSAGE) from exc


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class: type[forms.Field] = _UtcIsoDateTimeField


class UuidField(serializers.UUIDField):
    """DRF's UUIDField with a Danish message (DRF's Danish catalogue lacks this one)."""

    default_error_messages = {"invalid": "Angiv et gyldigt UUID."}
