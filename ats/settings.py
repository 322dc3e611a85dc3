"""Settings for the ATS, read from the environment; every variable has a safe local default."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ats.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "local-development-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # Listed for its country names in every language (its catalogue loads only for an app).
    "django_countries",
    "axes",
    "ats",
    "applications",
    "screening",
    "interviews",
    "programs",
    "webhooks",
    "messaging",
    "diversity",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the web process, compressed and with hashed names: gunicorn
    # alone serves a styled app (no CDN, no separate web server needed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ats.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A logged-in user's language and zone from their profile, over the browser's.
    "ats.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: it answers a locked-out login before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ats.urls"
WSGI_APPLICATION = "ats.wsgi.application"

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
                "ats.roles.role_context",
            ],
        },
    }
]

# SQLite file under the project unless DATABASE_URL points elsewhere (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'ats.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, eager tasks and tests share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so that threads in the concurrency tests share one test database;
    # beside the main file, so that two checkouts (or two DATABASE_URLs) never share it.
    _db_file = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_db_file.with_name(f"test_{_db_file.name}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every login path (the login page, the admin's, the browsable API's) authenticates through
# axes first: after LOGIN_FAILURE_LIMIT failures for one user name, or from one address, that
# user or address is locked out for LOGIN_COOLOFF_MINUTES (HR unlocks in the admin, "Access
# attempts", or with `manage.py axes_reset_username <name>`); every lockout is logged.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ats.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them (ats/formats/<locale>/formats.py); both use the 24-hour clock.
FORMAT_MODULE_PATH = ["ats.formats"]
USE_I18N = True
USE_TZ = True
# Times are stored in UTC; this is the zone they are shown in.
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# With DEBUG off, `collectstatic` writes compressed files with hashed names that WhiteNoise
# serves with far-future caching; locally the files are served as they are.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files (CVs, documents) are private: MEDIA_ROOT is never served by URL, only through
# views that check permission.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/_private/"  # no URL pattern serves it; files go out only through checked views

# Cache: per-process memory locally; CACHE_URL=redis://host:6379/1 shares it between processes
# (the per-IP limit on applications needs that when several web processes run).
_cache_url = env_str("CACHE_URL", "")
if _cache_url.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
elif _cache_url:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, got {_cache_url!r}")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Applications and CVs.
CV_MAX_BYTES = env_int("CV_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
CV_PARSE_TIMEOUT_SECONDS = env_int("CV_PARSE_TIMEOUT_SECONDS", 60)
CV_PARSE_MEMORY_MB = env_int("CV_PARSE_MEMORY_MB", 768)
# Scanned CVs (no text layer) are OCR'd with Tesseract when installed, at most this many pages.
CV_OCR_MAX_PAGES = env_int("CV_OCR_MAX_PAGES", 5)
# Personal data (README, "Personal data"): kept this many days after a person's last
# application ended, then erased by the daily retention job; a hire's recruitment file longer.
DATA_RETENTION_DAYS = env_int("DATA_RETENTION_DAYS", 730)
HIRED_RETENTION_DAYS = env_int("HIRED_RETENTION_DAYS", 3650)
# A status link stops working this many days after its application ended.
STATUS_LINK_DAYS = env_int("STATUS_LINK_DAYS", 90)
# An interviewer keeps access to a candidate this many days after the round was decided.
INTERVIEWER_ACCESS_DAYS = env_int("INTERVIEWER_ACCESS_DAYS", 30)
for _name in ("DATA_RETENTION_DAYS", "HIRED_RETENTION_DAYS", "STATUS_LINK_DAYS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more")
if INTERVIEWER_ACCESS_DAYS < 0:
    raise ImproperlyConfigured("INTERVIEWER_ACCESS_DAYS must be 0 or more")
APPLY_RATE_LIMIT_PER_HOUR = env_int("APPLY_RATE_LIMIT_PER_HOUR", 20)
# Behind reverse proxies, how many of them append to X-Forwarded-For: the client's address is
# taken that many entries from the right (entries further left are the client's own say).
# 0: no proxy, the connection's own address. TRUST_X_FORWARDED_FOR=1 is the older spelling of 1.
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT", 1 if env_bool("TRUST_X_FORWARDED_FOR", False) else 0
)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
ORGANISATION_NAME = env_str("ORGANISATION_NAME", "Alliance of International Science Organizations")

# E-mail: EMAIL_URL like smtp://user:password@host:587?tls=1, console:// (default), locmem://,
# or file:///path/to/folder (one file per message).
_email = urlsplit(env_str("EMAIL_URL", "console://"))
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}
if _email.scheme not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme must be one of {sorted(_EMAIL_BACKENDS)}, got {_email.scheme!r}"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email.scheme]
if _email.scheme == "smtp":
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = parse_qs(_email.query).get("tls", ["0"])[0] in {"1", "true"}
if _email.scheme == "file":
    EMAIL_FILE_PATH = _email.path
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Recruitment <recruitment@localhost>")
HR_NOTIFICATION_EMAILS = env_list("HR_NOTIFICATION_EMAILS", [])

# Celery: without a broker, kombu's in-process memory transport, and tasks run eagerly (in the
# request), so one command runs the whole system. Eager exactly then: a memory broker has no
# worker to deliver to, and a real broker means real workers. The host keeps kombu from
# warning "No hostname was supplied" wherever a connection is built (beat, control, purge).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL.startswith("memory://")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_SOFT_TIME_LIMIT must be below CELERY_TASK_TIME_LIMIT")
# Redis redelivers an unacknowledged task (its worker died) after this; it must outlast the hard
# time limit, or a slow task that is still running would be delivered twice.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT * 2 + 60)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "ats")
# CV parsing has a queue of its own: a burst of applications never holds up e-mails.
CELERY_CV_QUEUE = env_str("CELERY_CV_QUEUE", "cv")
CELERY_TASK_ROUTES = {"applications.tasks.parse_cv_document": {"queue": CELERY_CV_QUEUE}}
# Work still pending this long after it was written is handed to Celery again (ats/queue.py).
REQUEUE_AFTER_SECONDS = env_int("REQUEUE_AFTER_SECONDS", 180)
# Outbox e-mails (messaging/): attempts before a message is `failed` for HR to retry, and the
# first retry's delay (doubled at each attempt, at most an hour).
MESSAGE_MAX_ATTEMPTS = env_int("MESSAGE_MAX_ATTEMPTS", 5)
MESSAGE_RETRY_BACKOFF_SECONDS = env_int("MESSAGE_RETRY_BACKOFF_SECONDS", 30)
CELERY_BEAT_SCHEDULE: dict = {
    # Pending work whose task never reached a worker (broker down, lost message).
    "requeue-stale-work": {"task": "ats.tasks.requeue_stale", "schedule": 60.0},
    # Foreign-expert deadlines: one e-mail to HR a day. Celery schedules in UTC (no
    # CELERY_TIMEZONE is set): 23:30 UTC is 07:30 in Beijing.
    "programs-daily-reminders": {
        "task": "programs.tasks.send_programme_reminders",
        "schedule": crontab(hour=23, minute=30),
    },
    # Personal data whose retention has ended is erased; 19:00 UTC is 03:00 in Beijing.
    "personal-data-retention": {
        "task": "applications.tasks.apply_retention",
        "schedule": crontab(hour=19, minute=0),
    },
    # Scorecards still missing 24 hours after an interview: one reminder per panel seat.
    "interviews-scorecard-reminders": {
        "task": "interviews.tasks.send_scorecard_reminders",
        "schedule": crontab(minute=15),
    },
}

# Webhooks: receivers on internal or loopback addresses are refused unless their host name or
# address (or a network like 10.0.0.0/8) is listed here; a delivery waits this long for an
# answer; a subscription whose every delivery failed for this many hours is switched off.
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS", [])
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
WEBHOOK_DISABLE_AFTER_HOURS = env_int("WEBHOOK_DISABLE_AFTER_HOURS", 24)
if not 1 <= WEBHOOK_TIMEOUT_SECONDS <= 60:
    raise ImproperlyConfigured("WEBHOOK_TIMEOUT_SECONDS must be between 1 and 60")
if WEBHOOK_DISABLE_AFTER_HOURS < 1:
    raise ImproperlyConfigured("WEBHOOK_DISABLE_AFTER_HOURS must be 1 or more")

REST_FRAMEWORK = {
    # Per user (token or session) and per anonymous address; the public careers API has its own.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/minute"),
        "user": env_str("API_USER_RATE", "3000/minute"),
        "public": env_str("API_PUBLIC_RATE", "120/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Token first: its WWW-Authenticate header turns "not logged in" into a proper 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ats.roles.IsHR"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "ats.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "ats.schema.AutoSchema",
    "EXCEPTION_HANDLER": "ats.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)
SPECTACULAR_SETTINGS = {
    "TITLE": "ATS API",
    "DESCRIPTION": "Recruitment applicant-tracking system: jobs, applications and their workflow.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs need a login unless API_DOCS_PUBLIC opens them.
    "SERVE_PERMISSIONS": (
        ["rest_framework.permissions.AllowAny"]
        if API_DOCS_PUBLIC
        else ["rest_framework.permissions.IsAuthenticated"]
    ),
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set, whatever the field is called: fields named status, kind,
    # from_status, to_status, country … exist in several apps with different choices, and
    # the same choices under several field names. New choices classes in the API go here too.
    "ENUM_NAME_OVERRIDES": {
        # applications
        "ApplicationStatusEnum": "applications.models.ApplicationStatus",
        "StageKindEnum": "applications.models.StageKind",
        "JobStatusEnum": "applications.models.JobOpening.Status",
        "EmploymentTypeEnum": "applications.models.JobOpening.EmploymentType",
        "ChannelKindEnum": "applications.models.Channel.Kind",
        "StageEventKindEnum": "applications.models.StageEvent.Kind",
        "OfferStatusEnum": "applications.models.Offer.Status",
        "JobQuestionKindEnum": "applications.models.JobQuestion.Kind",
        "DegreeLevelEnum": "applications.models.DegreeLevel",
        "CVParseStatusEnum": "applications.models.CVDocument.ParseStatus",
        "DuplicateResolutionEnum": "applications.models.PossibleDuplicate.Resolution",
        "DuplicateDecisionEnum": "applications.models.PossibleDuplicate.DECISIONS",
        "CountryEnum": "django_countries.countries",
        # screening
        "NationalityRuleEnum": "screening.models.NationalityRule",
        "ScreeningRecommendationEnum": "screening.models.Recommendation",
        "ScreeningDecisionEnum": "screening.models.Decision",
        "ExamAttendanceEnum": "screening.models.Attendance",
        "ExamMarkerRoleEnum": "screening.models.MarkerRole",
        # interviews
        "InterviewStatusEnum": "interviews.models.InterviewStatus",
        "ConflictStatusEnum": "interviews.models.ConflictStatus",
        "ScorecardRecommendationEnum": "interviews.models.Recommendation",
        "ScorecardStatusEnum": "interviews.models.ScorecardStatus",
        "RoundOutcomeEnum": "interviews.models.RoundOutcome",
        # programs
        "CaseStatusEnum": "programs.models.CaseStatus",
        "CaseEventKindEnum": "programs.models.CaseEvent.Kind",
        "FundingStatusEnum": "programs.models.FundingStatus",
        "ImmigrationRecordKindEnum": "programs.models.RecordKind",
        "ImmigrationRecordStatusEnum": "programs.models.RecordStatus",
        "VisaTypeEnum": "programs.models.VisaType",
        "PermitCategoryEnum": "programs.models.PermitCategory",
        "DocumentAuthenticationEnum": "programs.models.Authentication",
        "DocumentStatusEnum": "programs.models.DocumentStatus",
        "LegalisationKindEnum": "programs.models.LegalisationKind",
        # webhooks
        "WebhookEventEnum": "webhooks.models.WebhookEvent",
        "WebhookDeliveryStatusEnum": "webhooks.models.DeliveryStatus",
    },
}

# Production defaults (DEBUG=0): HTTPS only, HSTS for a year, secure cookies; each one can be
# set otherwise. Behind a proxy that ends TLS, SECURE_PROXY_SSL_HEADER=1 trusts its
# X-Forwarded-Proto (only when the proxy always sets it: a client could send it too).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# No page of ours may be framed by another site; the CV file view allows its own page only.
X_FRAME_OPTIONS = "DENY"
# Everything is vendored, so the policy can be strict: scripts, styles, fonts and images from
# this site only, no inline script, nothing framed, forms posted here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # In eager mode every task would log a "succeeded" line into the command's own output.
    "loggers": {"celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"}},
}
