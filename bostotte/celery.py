"""The Celery app. JSON only, ids only in arguments, schedules in code (exactly one beat)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bostotte.settings.dev")

app = Celery("bostotte")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
