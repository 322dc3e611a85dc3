"""The Celery application; eager (in-process) on the default memory:// broker."""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

from ats.runtime import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ats.settings")

app = Celery("ats")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@worker_process_init.connect
def _freeze_startup_objects(**_kwargs: object) -> None:
    """The worker once started, before it forks its pool, and each pool process once forked
    (see `ats.runtime`)."""
    freeze_startup_objects()
