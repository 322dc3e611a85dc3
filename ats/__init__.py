"""The ATS project package: settings, URLs, the Celery app, roles and the domain error type."""

from .celery import app as celery_app

__all__ = ["celery_app"]
