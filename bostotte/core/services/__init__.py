"""Writes. Every function here is keyword-only, takes the acting user and owns its transaction."""
