"""Development: safe defaults so `make run` works with no configuration at all."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-secret-key-not-for-production-0123456789abcdef")
# Fixed development keys: demo data only. Production must set its own (see README).
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "2oB0xk1bKfT3ZcQvNn3e8lJ5Yq0cYp3A9hWb6mJ1cXo=")
os.environ.setdefault("CPR_INDEX_KEY", "dev-only-cpr-index-key")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
from .base import MIDDLEWARE, STORAGES  # noqa: E402

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
DEV_LOGIN = True  # the development login page that lists demo users (never in production)
MIDDLEWARE = [*MIDDLEWARE]
