"""Small shared output serializers (references to other objects)."""

from __future__ import annotations

from rest_framework import serializers


class KodeRefSerializer(serializers.Serializer):
    """An FFB/CareSocialCodes code: KL's code (a UUID, case-sensitive) and its display text."""

    code = serializers.CharField()
    display = serializers.CharField()


class BrugerRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    navn = serializers.CharField(source="visningsnavn")


class NavnRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    navn = serializers.CharField()
