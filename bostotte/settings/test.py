"""Tests: the real PostgreSQL and Redis (CI: 127.0.0.1), fast hashing, locmem e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEYS",
    "x3F0vC8cFQ5c1z3o0Y4mH2b1aU5wKQ7kqJm8WnV6dRk=,2oB0xk1bKfT3ZcQvNn3e8lJ5Yq0cYp3A9hWb6mJ1cXo=",
)
os.environ.setdefault("CPR_INDEX_KEY", "test-cpr-index-key")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
DEV_LOGIN = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "bostotte-test-private"
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}

# Each developer/helper may use their own test database (pytest-xdist adds _gw0, _gw1 …).
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_bostotte")}  # noqa: F405

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns if it is missing)

# django-zeal: N+1 detection on every request in tests (STACK.md "Performance", STYLE.md §20).
# Raise mode: an N+1 in any request a test makes fails that test with zeal.NPlusOneError.
# A deliberate repeat is marked where it happens with zeal.zeal_ignore([...]) and a comment why
# (never a global ZEAL_ALLOWLIST). See docs/architecture.md "Query patterns and N+1 detection".
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]  # noqa: F405
# ZEAL_RAISE=0 in the environment turns the failures back into warnings for a run (to list them all).
ZEAL_RAISE = os.environ.get("ZEAL_RAISE", "1") != "0"
ZEAL_NPLUSONE_THRESHOLD = 2
