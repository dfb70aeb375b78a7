# syntax=docker/dockerfile:1
#
# Production image for Bostøtte. One image, three roles (docker-compose.yml):
#   web     gunicorn bostotte.wsgi (default CMD; WhiteNoise serves the static files)
#   worker  celery -A bostotte worker
#   beat    celery -A bostotte beat   (exactly one)
#
# Static files are collected at build time with dummy secrets that exist only in that RUN step;
# the real ones come from the environment at run time (.env, see .env.example).
# Build:  docker build -t bostotte .

ARG PYTHON_IMAGE=python:3.11-slim
ARG NODE_IMAGE=node:20-slim

# --- 1. npm packages (DKFDS, htmx, Chart.js, axe-core) from package-lock.json -----------------------
FROM ${NODE_IMAGE} AS node
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- 2. copy the files we serve into static/vendor/ ---------------------------------------------------
FROM ${PYTHON_IMAGE} AS assets
WORKDIR /src
COPY --from=node /src/node_modules ./node_modules
COPY scripts/build_assets.py ./scripts/build_assets.py
RUN python scripts/build_assets.py

# --- 3. runtime -----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bostotte.settings.production \
    STATIC_ROOT=/app/staticfiles \
    PRIVATE_MEDIA_ROOT=/data/private

# xmlsec1 is for the citizen portal's SAML login (NemLog-in, djangosaml2).
# WeasyPrint (PDF letters) needs Pango and HarfBuzz (incl. the subsetter) plus fontconfig and a
# fallback font; IBM Plex Sans itself ships with DKFDS in static/vendor/.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-dejavu-core \
        shared-mime-info \
        xmlsec1 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 bostotte \
    && useradd --system --uid 10001 --gid bostotte --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin bostotte

WORKDIR /app

# Dependencies first (cached until pyproject.toml changes). The project itself is not installed:
# it runs from /app, where manage.py, templates/ and static/ are.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Code stays owned by root: the app user can read it, not change it.
COPY . .
COPY --from=assets /src/static/vendor ./static/vendor

RUN SECRET_KEY=build-time-dummy-not-secret \
    FIELD_ENCRYPTION_KEYS=YnVpbGQtdGltZS1kdW1teS1rZXktbm90LXNlY3JldCE= \
    CPR_INDEX_KEY=build-time-dummy-not-secret \
    python manage.py collectstatic --noinput -v 0

# Writable only: private media (letters, attachments) and the beat schedule file; both volumes.
RUN mkdir -p /data/private /data/beat && chown -R bostotte:bostotte /data

USER bostotte
EXPOSE 8000

# Access log without query strings (%(U)s is the path only): no personal data in logs.
CMD ["gunicorn", "bostotte.wsgi", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--graceful-timeout", "30", \
     "--access-logfile", "-", \
     "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s %(H)s\" %(s)s %(B)s %(M)sms"]
