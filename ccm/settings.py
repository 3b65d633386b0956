"""Settings for CCM Tracker, read from the environment (and an optional `.env`).

Every value has a safe development default except in production
(`DJANGO_DEBUG=0`), where a missing secret key is an error. A malformed value
raises ImproperlyConfigured at start-up, naming the variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "reversion",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ccm.core",
    "ccm.accounts",
    "ccm.history",
    "ccm.edit",
    "ccm.states",
    "ccm.meetings",
    "ccm.obligations",
    "ccm.reports",
    "ccm.reference",
    "ccm.exports",
    "ccm.api",
    "ccm.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ccm.core.middleware.PrivateResponsesMiddleware",  # credentialed: private, no-store
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "ccm.history.middleware.ChangeContextMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling first
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "edit:home"
LOGOUT_REDIRECT_URL = "public:home"

# Reverse proxies in front of the application (docs/decisions/0005-sign-in-throttling.md):
# 0 = none, the connection's peer is the client; N = that many proxies, each appending the
# address it received the request from to X-Forwarded-For. Only those N entries, and the
# proxy's X-Forwarded-Proto, are believed (ccm.core.net.client_ip); the application must
# then be reachable through the proxies only.
try:
    CCM_TRUSTED_PROXY_HOPS = env.int("CCM_TRUSTED_PROXY_HOPS", default=0)
except ValueError:
    CCM_TRUSTED_PROXY_HOPS = -1
if CCM_TRUSTED_PROXY_HOPS < 0:
    raise ImproperlyConfigured(
        "CCM_TRUSTED_PROXY_HOPS must be the number of reverse proxies in front of the "
        "application: 0 (none) or more."
    )
if CCM_TRUSTED_PROXY_HOPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name
# from one client address, that pair is locked out for AXES_COOLOFF_TIME hours. A
# stranger's failures from their own address never lock the user out elsewhere.
AXES_FAILURE_LIMIT = env.int("CCM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("CCM_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "ccm.core.net.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

ROOT_URLCONF = "ccm.urls"
WSGI_APPLICATION = "ccm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ccm" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# SQLite (embedded, WAL) unless DATABASE_URL names a server.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'ccm.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Strength as guesses (zxcvbn): repeats, sequences, keyboard walks, dates, names.
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
]
# zxcvbn scores 0-4; 3 = "safely unguessable" (about 10^8 guesses or more).
PASSWORD_MINIMAL_STRENGTH = 3
PASSWORD_EXTRA_DICTIONARY = ["ccm", "cluster", "munitions", "convention", "tracker"]

# The Convention's six authentic languages.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Zurich")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "ccm" / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    # The schema documents every error status with its body (ccm.api.schema).
    "DEFAULT_SCHEMA_CLASS": "ccm.api.schema.AutoSchema",
    # Bodies are JSON only, with a depth bound, and a size bound (DATA_UPLOAD_MAX_MEMORY_SIZE)
    # answered as JSON: bad input is a 400 (413), never a 500.
    "DEFAULT_PARSER_CLASSES": ["ccm.api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "ccm.api.exceptions.handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Public reads need no account (restricted reports and drafts only show to those
    # allowed to read them); writes need a personal token (knox: hashed, expiring,
    # revocable) or, from the site's own pages, the session with its CSRF token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CCM Tracker API",
    "DESCRIPTION": "The Convention on Cluster Munitions on any date: membership derived by the treaty's rules from the depositary's dated acts, Article 3 and 4 obligations and their deadlines, Article 7 reports and reporting, and each record's history.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "StateStatus": "ccm.states.choices.Status",
        "DeadlineStatus": "ccm.obligations.choices.DeadlineStatus",
        "DatePrecision": "ccm.core.choices.Precision",
        "ExtensionDecision": "ccm.obligations.choices.Decision",
        "ReportKind": "ccm.reports.choices.ReportKind",
        "ReportStatus": "ccm.reports.choices.ReportStatus",
        "ReportingStatus": "ccm.reports.api.views.REPORTING_STATUS",
        "ObligationStatus": "ccm.obligations.choices.ObligationStatus",
        "StockpileRecordKind": "ccm.obligations.choices.StockpileRecordKind",
    },
}

REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("CCM_API_TOKEN_DAYS", default=90)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 10,
}

# Security defaults stay on; production turns on HTTPS-only cookies and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("CCM_SESSION_SECONDS", default=8 * 3600)
CSRF_COOKIE_HTTPONLY = True
# Content security policy: only this site's own files; inline scripts only with the
# request's nonce (no page uses one today); no framing, no plugins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# Caches: local memory per process unless CACHE_URL names a shared one; several processes
# share Redis (redis://host:6379/0, docs/deploy.md). A cache that does not answer within a
# second is skipped (pages are computed), unless the URL sets its own socket timeouts.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://ccm")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
        **CACHES["default"].get("OPTIONS", {}),
    }
CCM_RESPONSE_CACHE = "default"
CCM_RESPONSE_CACHE_SECONDS = env.int("CCM_RESPONSE_CACHE_SECONDS", default=300)
CCM_DATA_VERSION_TTL = env.float("CCM_DATA_VERSION_TTL", default=1.0)

# Where the reference data lives (the repository's own copy, with provenance).
CCM_DATA_DIR = Path(env.str("CCM_DATA_DIR", default=str(BASE_DIR / "data")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

FORMAT_MODULE_PATH = ["ccm.formats"]

# Article 7 reports
CCM_REPORT_MAX_UPLOAD_MB = env.int("CCM_REPORT_MAX_UPLOAD_MB", default=20)
CCM_REMINDER_LEAD_DAYS = [int(d) for d in env.list("CCM_REMINDER_LEAD_DAYS", default=["60", "14"])]
MEDIA_ROOT = Path(env.str("CCM_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Report files are served only through the report's page (ccm.public.views.reports.report_file),
# which checks who may read them: MEDIA_ROOT is never served as static files.
# Mail: CCM_EMAIL_URL, e.g. smtp+tls://user:password@host:587 (console in development).
_mail = env.email_url("CCM_EMAIL_URL", default="consolemail://")
_smtp = {
    "host": _mail.get("EMAIL_HOST"),
    "port": _mail.get("EMAIL_PORT"),
    "username": _mail.get("EMAIL_HOST_USER"),
    "password": _mail.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _mail.get("EMAIL_USE_TLS"),
    "use_ssl": _mail.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": _mail["EMAIL_BACKEND"],
        "OPTIONS": {k: v for k, v in _smtp.items() if v not in (None, "")}
        if _mail["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("CCM_FROM_EMAIL", default="CCM Tracker <noreply@localhost>")
