"""One settings file for every environment.

With no environment at all it runs on SQLite, with Celery tasks executed eagerly in-process and
email printed to the console. Each real component is one variable away (see .env.example).
"""

from email.utils import getaddresses
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mentoring.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# A fixed key keeps development sessions valid across restarts; production must replace it.
DEV_SECRET_KEY = "dev-only-pay-it-forward-secret-key-never-use-in-production"

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
# Rotating the key: the old one goes here for a while, so sessions and links it signed still
# work (README, "Running in production").
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[] if not DEBUG else ["*"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if not DEBUG:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 needs DJANGO_SECRET_KEY: 50 or more random characters, "
            "not the development key."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 needs DJANGO_ALLOWED_HOSTS, e.g. DJANGO_ALLOWED_HOSTS=example.org"
        )

INSTALLED_APPS = [
    "mentoring.core",
    "mentoring.people",
    "mentoring.community",
    "events",
    "matching",
    "matching.relationships",
    "mentoring.campaign",
    # Before the admin, so its admin classes and checks see the translation fields.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "allauth",
    "allauth.account",
    "csp",
]

MIDDLEWARE = [
    "mentoring.health.HealthMiddleware",  # first: probes send whatever Host they like
    "mentoring.logs.RequestIdMiddleware",  # every later log line carries the request's id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "mentoring.middleware.RejectNulBytesMiddleware",  # before anything reads the session
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mentoring.middleware.PrivatePagesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "mentoring.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# Safeguarding history is a trail, not an undo button: nobody reverts to an older version.
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once (web server + beat); IMMEDIATE takes the
    # write lock when a transaction starts, so two writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Persistent connections, checked before reuse, so a database restart heals itself.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "mentoring.User"

# --- Cache and Celery ---------------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    # Shared cache: allauth's rate limits then hold across every web process. It fails open
    # (mentoring/core/cache.py), with short timeouts: a Redis outage must not take pages down.
    CACHES = {
        "default": {
            "BACKEND": "mentoring.core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pif",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without Redis, tasks run in-process at once; `make run` still runs beat (see Makefile), whose
# periodic jobs then execute inside the beat process itself, so no broker server is needed.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it ran, and given back if its worker dies: jobs are
# written to be idempotent, so running one twice is safe while losing one is not.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when Redis is down: the web request goes on, the job is in the
# database, and the next periodic scan picks it up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# After a failed publish, a process leaves jobs to the scan for this long (mentoring.core.jobs).
BROKER_BACKOFF_SECONDS = env.float("BROKER_BACKOFF_SECONDS", default=30.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": 3600,
}
CELERY_TIMEZONE = "UTC"
# Apps add their periodic jobs here: one place to read the whole schedule.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "clear-expired-sessions": {
        "task": "mentoring.people.tasks.clear_expired_sessions",
        "schedule": 60 * 60 * 24,
    },
    "events-send-due-reminders": {"task": "events.tasks.send_due_reminders", "schedule": 300},
    "matching-relationships-hourly": {
        "task": "matching.relationships.tasks.relationships_hourly",
        "schedule": 3600,
    },
    # One email per conversation with unread messages, a few minutes after the last one.
    "relationships-message-digests": {
        "task": "matching.relationships.tasks.send_message_digests",
        "schedule": 300,
    },
    # Agreed meetings starting within a day: each side reminded once (stamped on the meeting).
    "relationships-meeting-reminders": {
        "task": "matching.relationships.tasks.send_meeting_reminders",
        "schedule": 900,
    },
    "campaign-observance-prompts": {
        "task": "mentoring.campaign.tasks.send_observance_prompts",
        "schedule": 3600,
    },
    # Sends whatever the broker never delivered or a dead worker left half-sent.
    "core-outbox-scan": {"task": "mentoring.core.tasks.outbox_scan", "schedule": 60},
    # Matching runs queued while the broker was down, and runs whose worker died.
    "matching-runs-scan": {"task": "matching.tasks.matching_runs_scan", "schedule": 60},
}

# --- Email --------------------------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Absolute links in emails (confirmation, reminders, one-click cancel) start with this.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Pay It Forward <hello@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets Django's email about a server error, e.g. DJANGO_ADMINS="Ana <ana@example.org>, ops@…"
ADMINS = getaddresses(env.list("DJANGO_ADMINS", default=[]))

# --- Accounts (django-allauth) ------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pay It Forward] "
ACCOUNT_ADAPTER = "mentoring.people.adapters.AccountAdapter"
# ACCOUNT_RATE_LIMITS is left at allauth's defaults on purpose: they protect sign-up, login
# (including the admin's, routed through allauth) and password reset.
# Our own per-person limits on what emails other people or lands in a coordinator's queue
# (mentoring/core/ratelimit.py): (attempts, seconds), counted per account.
RATE_LIMITS = {
    "campaign.note": (env.int("RATE_LIMIT_NOTES_PER_HOUR", default=5), 3600),
    "campaign.nomination": (env.int("RATE_LIMIT_NOMINATIONS_PER_HOUR", default=5), 3600),
    "events.host_message": (env.int("RATE_LIMIT_HOST_MESSAGES_PER_HOUR", default=6), 3600),
    "events.proposal": (env.int("RATE_LIMIT_PROPOSALS_PER_DAY", default=10), 86400),
    # A conversation is for talking, not flooding: a burst past this waits a few minutes.
    "relationships.message": (env.int("RATE_LIMIT_MESSAGES_PER_10_MINUTES", default=20), 600),
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "me"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Time and language --------------------------------------------------------------------------

USE_TZ = True
TIME_ZONE = "UTC"  # storage; each user sees their own timezone (UserTimezoneMiddleware)
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Text coordinators write (see each app's translation.py) gets a <field>_<code> column per
# language: a third language is a line in LANGUAGES and a makemigrations. A reader whose
# language has no text yet reads the English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Static files -------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security -----------------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# No page script reads the language; the cookie travels like the session's.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
# Only this site's own scripts, styles, images and forms, on every page (the admin too); no
# plugins, no <base> rewriting links, never inside another site's frame. A template therefore
# holds no inline <script>, style="" or <style>: those go to static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# How many proxies (TLS terminator, load balancer) stand in front of gunicorn. Their headers are
# trusted only when this says they exist: X-Forwarded-For gives the visitor's address (rate
# limits, the consent record: mentoring/core/client_ip.py), X-Forwarded-Proto says HTTPS.
# Left at 0, both headers are ignored, so a visitor cannot forge them.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SILENCED_SYSTEM_CHECKS: list[str] = []

# JSON lines in production (a log collector parses them), readable lines in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="") or ("plain" if DEBUG else "json")
LOGGING = logging_config(
    json_lines=LOG_FORMAT == "json", level=env.str("LOG_LEVEL", default="INFO")
)

# Error reporting is opt-in. No personal data is sent, and token URLs are redacted from every
# event (mentoring/redaction.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    from mentoring.redaction import sentry_before_send

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        before_send=sentry_before_send,
        before_send_transaction=sentry_before_send,
    )
