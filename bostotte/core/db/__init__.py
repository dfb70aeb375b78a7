"""The project's PostgreSQL backend: Django's, plus `prepared_cursor()` (decision 0006)."""
