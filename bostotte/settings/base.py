"""Base settings: everything is defined here and read from the environment.

Production differs from development only by environment values (see README, "Konfiguration").
A malformed boolean raises ImproperlyConfigured. Secrets may be given as <VAR>_FILE.
"""

from __future__ import annotations

import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def env_str(name: str, default: str | None = None) -> str:
    """Read a string, also from <NAME>_FILE (Docker/Kubernetes secrets)."""
    file_var = os.environ.get(f"{name}_FILE")
    if file_var:
        return Path(file_var).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Miljøvariablen {name} skal være sat.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on", "ja"}:
        return True
    if lowered in {"0", "false", "no", "off", "nej"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} er ikke en gyldig boolsk værdi (brug true/false).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} er ikke et heltal.") from exc


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in env_str("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
KOMMUNE_NAVN = env_str("KOMMUNE_NAVN", "Demo Kommune")
DEV_LOGIN = False  # overridden in dev/test settings only

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files (CSP, offline)
    "django_filters",
    "guardian",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "csp",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    # ours: shared core first, then the BUM apps
    "bostotte.core",
    "bostotte.ffb",
    "bostotte.api",
    "visitation",
    "handleplaner",
    "levering",
    "tilsyn",
    "tilsyn.maaling",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bostotte.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bostotte.core.middleware.SessionTimeoutMiddleware",
    "bostotte.core.middleware.NoStoreMiddleware",
    "bostotte.core.middleware.BostotteHistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bostotte.urls"
WSGI_APPLICATION = "bostotte.wsgi.application"
ASGI_APPLICATION = "bostotte.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "bostotte.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL is required; `make run` sets it to the embedded server when none is given.
DATABASES = {"default": env.db_url_config(env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bostotte"))}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The planner's price of a random page read relative to a sequential one. PostgreSQL's default (4)
# models spinning disks; on SSD/NVMe storage (any current server) 1.1 is the usual value, and with
# it the planner reaches a team's cases through their indexes instead of reading `core_sag` whole
# (docs/benchmarks.md, EXPLAIN). Sent as a connection startup option; set DB_RANDOM_PAGE_COST=""
# to leave the server's value (e.g. behind a pooler that refuses startup options).
DB_RANDOM_PAGE_COST = env_str("DB_RANDOM_PAGE_COST", "1.1").strip()
if DB_RANDOM_PAGE_COST:
    try:
        if not 0 < float(DB_RANDOM_PAGE_COST) <= 100:
            raise ValueError
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DB_RANDOM_PAGE_COST={DB_RANDOM_PAGE_COST!r} skal være et tal større end 0 (fx 1.1) eller tom."
        ) from exc
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={DB_RANDOM_PAGE_COST}"
# Django's PostgreSQL backend plus `prepared_cursor()`: the hot pages' fixed SQL binds its values on
# the server, and psycopg prepares a statement the 5th time a connection runs it, so PostgreSQL
# stops planning it again (decision 0006). Django's own queries are unchanged (client-side
# binding). DB_PREPARED_STATEMENTS=false for a transaction-mode pooler that does not keep
# prepared statements (pgbouncer before 1.21, or without max_prepared_statements).
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL skal pege på PostgreSQL (postgres://…).")
DATABASES["default"]["ENGINE"] = "bostotte.core.db"
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5 if DB_PREPARED_STATEMENTS else None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery (Redis) --------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("CACHE_URL", REDIS_URL),
        "KEY_PREFIX": "bostotte",
        "TIMEOUT": 300,
        # Redis down or unreachable must not hang a request (docs/operations.md, "Redis nede").
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "Europe/Copenhagen"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Short socket timeouts: publishing from a web request gives up quickly when Redis is down
# (bostotte/core/queue.py); the work waits in the database for the sweeps below.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 10}
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Proves beat → broker → worker for /healthz/baggrund (docs/operations.md).
    "livstegn": {"task": "core.heartbeat", "schedule": 300.0},
}
# tilsyn: the daily deadline scan at 05:00 Europe/Copenhagen, clear of the 02:00–03:00 DST hour.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["tilsyn-frister-scan"] = {"task": "tilsyn.frister_scan", "schedule": crontab(hour=5, minute=0)}
# maaling: the dashboard's stored measures, nightly at 04:15 (quiet, clear of the DST hour).
CELERY_BEAT_SCHEDULE["maaling-snapshots"] = {"task": "maaling.snapshots_plan", "schedule": crontab(hour=4, minute=15)}
# Sweeps: work whose queue message was lost (Redis down at enqueue, a killed worker) is a waiting
# row in the database; these enqueue it again (bostotte/core/queue.py, docs/operations.md).
CELERY_BEAT_SCHEDULE["visitation-brev-fejning"] = {"task": "visitation.afgoerelse_brev_sweep", "schedule": 600.0}
CELERY_BEAT_SCHEDULE["tilsyn-email-fejning"] = {"task": "tilsyn.notifikation_email_sweep", "schedule": 600.0}
CELERY_BEAT_SCHEDULE["maaling-eksport-fejning"] = {"task": "maaling.eksport_sweep", "schedule": 600.0}

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend with the session's user read by a query compiled once (issue 10).
    "bostotte.core.auth_backends.ModelBackend",
    # Explicit object grants only; visible_to() is the access function (never global perms).
    "guardian.backends.ObjectPermissionBackend",
]
USE_OIDC = env_bool("USE_OIDC", False)
if USE_OIDC:
    AUTHENTICATION_BACKENDS.append("bostotte.core.oidc.StaffOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid profile"
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = False  # staff accounts are provisioned; the IdP only proves who they are
# Staff bearer tokens (JWT) on the API, only with USE_OIDC (bostotte/api/oidc.py; docs/api.md):
# the audience the API accepts ("" = OIDC_RP_CLIENT_ID), and the JWKS fetch timeout and cache time.
OIDC_API_AUDIENCE = env_str("OIDC_API_AUDIENCE", "")
OIDC_API_JWKS_TIMEOUT_SECONDS = env_int("OIDC_API_JWKS_TIMEOUT_SECONDS", 5)
OIDC_API_JWKS_CACHE_SECONDS = env_int("OIDC_API_JWKS_CACHE_SECONDS", 3600)
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_RESET_ON_SUCCESS = True

# django-guardian: explicit object grants only (e.g. a vikar), folded into visible_to().
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# --- Borgerportal login (portal/auth; docs/portal.md) ------------------------------------------
# Citizens log in with MitID through NemLog-in (OIOSAML 3, djangosaml2; needs Debian `xmlsec1`)
# or through the kommune's OIDC broker (mozilla-django-oidc with its own PORTAL_OIDC_* settings).
# Both match the citizen on the CPR blind index and require at least PORTAL_MIN_LOA (NSIS).
PORTAL_MIN_LOA = env_str("PORTAL_MIN_LOA", "substantial").strip().lower()
if PORTAL_MIN_LOA not in {"substantial", "high"}:
    raise ImproperlyConfigured("PORTAL_MIN_LOA skal være substantial eller high.")
PORTAL_SAML_ENABLED = env_bool("PORTAL_SAML_ENABLED", False)
PORTAL_OIDC_ENABLED = env_bool("PORTAL_OIDC_ENABLED", False)
PORTAL_SAML_CPR_ATTRIBUTE = env_str("PORTAL_SAML_CPR_ATTRIBUTE", "https://data.gov.dk/model/core/eid/cprNumber")
PORTAL_SAML_LOA_ATTRIBUTE = env_str("PORTAL_SAML_LOA_ATTRIBUTE", "https://data.gov.dk/concept/core/nsis/loa")
PORTAL_SAML_SUBJECT_ATTRIBUTE = env_str("PORTAL_SAML_SUBJECT_ATTRIBUTE", "")  # "" = the persistent NameID
PORTAL_OIDC_CPR_CLAIM = env_str("PORTAL_OIDC_CPR_CLAIM", "dk.cpr")
PORTAL_OIDC_LOA_CLAIM = env_str("PORTAL_OIDC_LOA_CLAIM", "loa")  # falls back to `acr`
if PORTAL_SAML_ENABLED:
    from portal.auth.saml_config import build_saml_config  # noqa: E402

    INSTALLED_APPS.append("djangosaml2")
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1, "djangosaml2.middleware.SamlSessionMiddleware")
    AUTHENTICATION_BACKENDS.append("portal.auth.saml.BorgerSaml2Backend")
    SAML_SESSION_COOKIE_NAME = "saml_session"
    SAML_CREATE_UNKNOWN_USER = False
    SAML_CONFIG = build_saml_config(
        base_url=SITE_URL,
        entity_id=env_str("PORTAL_SAML_ENTITY_ID", f"{SITE_URL}/borger/saml/metadata/"),
        idp_metadata_file=env_str("PORTAL_SAML_IDP_METADATA_FILE", ""),
        idp_metadata_url=env_str("PORTAL_SAML_IDP_METADATA_URL", ""),
        key_file=env_str("PORTAL_SAML_KEY_FILE", ""),
        cert_file=env_str("PORTAL_SAML_CERT_FILE", ""),
        xmlsec_binary=env_str("PORTAL_SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1"),
        attribute_map_dir=env_str("PORTAL_SAML_ATTRIBUTE_MAP_DIR", ""),
    )
if PORTAL_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("portal.auth.oidc.BorgerOIDCBackend")
    PORTAL_OIDC_RP_CLIENT_ID = env_str("PORTAL_OIDC_RP_CLIENT_ID")
    PORTAL_OIDC_RP_CLIENT_SECRET = env_str("PORTAL_OIDC_RP_CLIENT_SECRET")
    PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT")
    PORTAL_OIDC_OP_TOKEN_ENDPOINT = env_str("PORTAL_OIDC_OP_TOKEN_ENDPOINT")
    PORTAL_OIDC_OP_USER_ENDPOINT = env_str("PORTAL_OIDC_OP_USER_ENDPOINT")
    PORTAL_OIDC_OP_JWKS_ENDPOINT = env_str("PORTAL_OIDC_OP_JWKS_ENDPOINT")
    PORTAL_OIDC_OP_ISSUER = env_str("PORTAL_OIDC_OP_ISSUER")
    PORTAL_OIDC_RP_SIGN_ALGO = env_str("PORTAL_OIDC_RP_SIGN_ALGO", "RS256")
    PORTAL_OIDC_RP_SCOPES = env_str("PORTAL_OIDC_RP_SCOPES", "openid")
    PORTAL_OIDC_ACR_VALUES = env_str("PORTAL_OIDC_ACR_VALUES", "")
    PORTAL_OIDC_USE_PKCE = True
    PORTAL_OIDC_USE_NONCE = True

# --- Sessions --------------------------------------------------------------------------------
# Django's database sessions, with the session row read by a query compiled once (issue 10).
SESSION_ENGINE = "bostotte.core.sessions"
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 10) * 3600
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
# The idle expiry is renewed at most once a minute (SessionTimeoutMiddleware), not by writing the
# session row on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# --- Security headers --------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# --- CPR encryption --------------------------------------------------------------------------
# Comma-separated Fernet keys; the first encrypts, all decrypt (rotation: prepend a new key,
# run `manage.py rotate_cpr_keys`, then drop the old key).
FIELD_ENCRYPTION_KEYS = [k.strip() for k in env_str("FIELD_ENCRYPTION_KEYS").split(",") if k.strip()]
CPR_INDEX_KEY = env_str("CPR_INDEX_KEY")

# --- I18N ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk"))]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / ".data" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Attachments and letters live outside the web root and are served only by access-checked views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / ".data" / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url_config(env_str("EMAIL_URL", "consolemail://"))
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "bostotte@kommune.invalid")

# --- DRF ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # DRF views are exempt from LoginRequiredMiddleware: deny by default here.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "bostotte.core.exceptions.drf_exception_handler",
}
SPECTACULAR_SETTINGS = {
    # Stable names for choice sets that share the field name "status" (drf_spectacular.W001).
    "ENUM_NAME_OVERRIDES": {
        "IndsatsmaalStatusEnum": "visitation.models.Indsatsmaal.Status",
        "BesoegStatusEnum": "levering.models.BesoegStatus",
        "KontaktformEnum": "levering.models.Kontaktform",
    },
    "TITLE": "Bostøtte API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's static files: no CDN (CSP script-src 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Only the versioned integration API (bostotte.api) is described.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "PREPROCESSING_HOOKS": ["bostotte.api.schema.only_versioned_api"],
    "COMPONENT_SPLIT_REQUEST": True,
}
# Integration API (bostotte.api; docs/api.md): body limit checked before parsing, and
# fair-use rates per API client (Redis cache), in DRF's "<n>/<second|minute|hour|day>" form.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024)
API_THROTTLE_RATES = {
    "laes": env_str("API_THROTTLE_READ", "600/minute"),
    "skriv": env_str("API_THROTTLE_WRITE", "60/minute"),
}

# --- Logging -------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bostotte.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Never log request bodies or query strings with personal data.
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Pghistory -----------------------------------------------------------------------------------
PGHISTORY_APPEND_ONLY = True

# --- Domain configuration -------------------------------------------------------------------------
FFB_REFERENCE_DIR = Path(env_str("FFB_REFERENCE_DIR", str(BASE_DIR / "bostotte" / "ffb" / "data")))
# Retention (docs/operations.md "Sletning og arkivering"): closed cases are deleted by
# `manage.py slet_udloebne_sager` this many whole years after their closing date. The municipality's
# archive rules (bevarings- og kassationsbestemmelser) decide the number; 5 is the common period
# for adult social cases. RETENTION_ARCHIVE_DIR, when set, receives one ZIP per case before it goes.
RETENTION_YEARS = env_int("RETENTION_YEARS", 5)
if not 1 <= RETENTION_YEARS <= 100:
    raise ImproperlyConfigured(f"RETENTION_YEARS={RETENTION_YEARS} skal være et helt antal år mellem 1 og 100.")
RETENTION_ARCHIVE_DIR = env_str("RETENTION_ARCHIVE_DIR", "").strip()

# --- Benchmarks (docs/benchmarks.md) ---------------------------------------------------------
# Only when BENCH_QUERY_COUNT is on: X-Query-Count and Server-Timing headers (make bench).
if env_bool("BENCH_QUERY_COUNT", False):
    MIDDLEWARE.insert(0, "bostotte.core.volume.middleware.QueryCountMiddleware")
