"""Settings of the apply bench's gunicorn: the project's, plus a bare one-INSERT view's URL."""

from ats.settings import *  # noqa: F403

ROOT_URLCONF = "apply_urls"
