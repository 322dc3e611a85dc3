"""The Celery application; eager (in-process) on the default memory:// broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ats.settings")

app = Celery("ats")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
