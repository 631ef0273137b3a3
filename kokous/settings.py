"""Kokous settings, read from environment variables.

Development (`make run`) sets KOKOUS_DEBUG=1. Without it the defaults are the production ones:
SECRET_KEY and ALLOWED_HOSTS must be given, cookies are secure and HTTPS is enforced.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kokous.core.objectstorage import s3_storages

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("KOKOUS_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


DEBUG = env_bool("KOKOUS_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when KOKOUS_DEBUG is off (see README: Configuration)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "csp",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "corsheaders",
    "kokous.core",
    "kokous.organisations",
    "kokous.cases",
    "kokous.meetings",
    "kokous.publishing",
    "kokous.invitations",
    "kokous.proceedings",
    "kokous.minutes",
    "kokous.documents",
    "kokous.staff",
    "kokous.api",
    "kokous.paatos",
    "kokous.news",
    "kokous.participation",
    "kokous.importer",
    "kokous.search",
    "kokous.preparation",
    "kokous.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The content security policy (django-csp): CONTENT_SECURITY_POLICY below.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Cross-origin reads of the open APIs (CORS_URLS_REGEX); before CommonMiddleware.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each change in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Login throttling (django-axes): last, so that it sees the response of a refused login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kokous.urls"

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

WSGI_APPLICATION = "kokous.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kokous.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Several readers and one writer at a time without "database is locked" on a first run.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Twelve characters at least: the accounts open confidential preparation materials.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as Finnish documents write them (27.1.2022 klo 12.00), also in Swedish.
FORMAT_MODULE_PATH = ["kokous.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The stored PDFs of final minutes and extracts: outside MEDIA_ROOT, never served by
    # address, only through the document views that apply the publication rule.
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(os.environ.get("KOKOUS_DOCUMENT_ROOT", VAR_DIR / "documents")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Attachments and stored documents in S3-compatible object storage when KOKOUS_S3_BUCKET is set
# (kokous.core.objectstorage lists the other KOKOUS_S3_* variables).
STORAGES.update(s3_storages(os.environ))

# E-mail: the console backend in development, SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kokous@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Signing in goes through Django's authentication backends: an identity provider (SAML, OpenID
# Connect, Suomi.fi) plugs in as another backend that links the account to a Person.
AUTHENTICATION_BACKENDS = [
    # First: refuses the sign-in of a user name locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    *env_list("AUTHENTICATION_BACKENDS", ["django.contrib.auth.backends.ModelBackend"]),
]
# Login throttling: after KOKOUS_LOGIN_FAILURE_LIMIT failed sign-ins of one user name from one
# address, that pair is locked out for KOKOUS_LOGIN_COOLOFF_MINUTES (HTTP 429, a page that says
# so). The attempts are rows in the database, shared by every app server.
AXES_FAILURE_LIMIT = int(os.environ.get("KOKOUS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("KOKOUS_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kokous.core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "kokous.core.security.client_ip"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"

# Secure defaults outside debug mode; each can be relaxed explicitly (e.g. behind a proxy).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content security policy: scripts, styles, fonts, images and requests from this site only; no
# inline scripts or <style> elements (style attributes are allowed: charts size themselves with
# them); no framing, plugins or other base addresses; forms post only here. A downloaded file
# keeps the stricter policy its view sets ("default-src 'none'; sandbox").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # The nonce goes only on responses that use it (the rich-text editor's import map).
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        # And the one <style> element the rich-text editor (django-prose-editor 0.28) adds
        # itself; the browser tests fail on any other refusal, e.g. after its upgrade.
        "style-src-elem": ["'self'", "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
    # The Django admin (superusers only) renders widget assets of its own inline.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every page and glyph at INFO: only their warnings.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes announces itself at every start; its lockouts are warnings.
        "axes.apps": {"level": "WARNING"},
    },
}

# Per-installation defaults that an organisation's own rules (hallintosääntö) may override.
KOKOUS_DEFAULT_INVITATION_LEAD_DAYS = int(os.environ.get("KOKOUS_INVITATION_LEAD_DAYS", "4"))

# The address of the site as members reach it, for links in e-mails and calendar files that are
# written outside a request (by the task worker).
KOKOUS_SITE_URL = os.environ.get("KOKOUS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The PDF standard the documents are written to (WeasyPrint's variant name; empty for plain PDF).
KOKOUS_PDF_VARIANT = os.environ.get("KOKOUS_PDF_VARIANT", "pdf/a-3b")

# Attachments: the largest file accepted, in megabytes. Types are checked from the file's content.
KOKOUS_ATTACHMENT_MAX_MB = int(os.environ.get("KOKOUS_ATTACHMENT_MAX_MB", "25"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The cache (the open API's rate limit counts requests in it) is shared by every app server: a
# table in the database by default (`migrate` creates it), or memcached / Redis / any Django cache
# backend named by KOKOUS_CACHE_BACKEND with its KOKOUS_CACHE_LOCATION. Sessions are rows in the
# database too, and attachments go through Django's storage API (STORAGES): an app server keeps
# nothing of its own between requests, so several can serve one site.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "KOKOUS_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"
        ),
        "LOCATION": os.environ.get("KOKOUS_CACHE_LOCATION", "kokous_cache"),
        # One entry per API client and window: room for many before the database cache culls.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Background tasks (django-tasks with its database backend): invitations are e-mailed by the
# worker, `kokous db_worker`, so that sending to a large body never holds up a web request.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("KOKOUS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The open APIs (kokous.api at /api/v1/, kokous.paatos at /api/paatos/v1/): read-only, public.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# The open API at /api/v1/ (kokous.api): read-only and public, JSON and DRF's browsable pages,
# one error shape, a rate limit per client (requests per second, minute, hour or day).
# The search index follows every change through the task queue (off in most tests, which
# switch it on where they search).
KOKOUS_SEARCH_AUTO_INDEX = env_bool("KOKOUS_SEARCH_AUTO_INDEX", True)

KOKOUS_API_RATE = os.environ.get("KOKOUS_API_RATE", "1200/hour")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_RATES": {"anon": KOKOUS_API_RATE, "user": KOKOUS_API_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kokous.api.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kokous open API",
    "DESCRIPTION": (
        "Public meetings, agendas, decisions, votes and cases of the bodies Kokous serves, "
        "read-only, after OParl 1.1 and Popolo. Every object's `id` is its own stable address; "
        "`web_url` is its public page. Lists are paginated (`page`, `page_size` up to 200, "
        "`next`/`previous`) and take `modified_since` for incremental sync, which also reports "
        'deleted objects as `{"id", "type", "deleted": true, "modified"}`. Only what the '
        "publication rule makes public is ever shown. Responses carry an ETag (send "
        "If-None-Match for a 304) and may be cached for a minute; CORS is open for reads; "
        "clients are rate limited (429). Errors: "
        '`{"error": {"status", "code", "detail"}}`.'
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "kokous.organisations.models.Organisation.Kind",
        "BodyKindEnum": "kokous.organisations.models.Body.Kind",
        "MembershipRoleEnum": "kokous.organisations.models.Membership.Role",
        "MeetingStatusEnum": "kokous.meetings.models.Meeting.Status",
        "PublicityEnum": "kokous.meetings.models.Publicity",
        "DecisionTypeEnum": "kokous.meetings.models.AgendaItem.DecisionType",
        "AttendanceCapacityEnum": "kokous.meetings.models.Attendance.Capacity",
        "ProposalKindEnum": "kokous.proceedings.models.Proposal.Kind",
        "BallotChoiceEnum": "kokous.api.serializers.BALLOT_CHOICES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kokous.api.schema.error_responses_add",
    ],
}
# The Swagger UI's scripts are served from here (drf-spectacular-sidecar), never from a CDN.
INSTALLED_APPS.append("drf_spectacular_sidecar")
SPECTACULAR_SETTINGS.update(
    SWAGGER_UI_DIST="SIDECAR", SWAGGER_UI_FAVICON_HREF="SIDECAR", REDOC_DIST="SIDECAR"
)
