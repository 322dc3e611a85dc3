"""Settings of the scale bench's gunicorn: the project's, with plain static URLs (as in
development: no collectstatic manifest is needed to render the HR pages)."""

from ats.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
