"""Settings read from the environment.

Defaults give an embedded, local set-up (SQLite, local-memory cache, e-mail on the console);
production sets ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``CACHE_URL``,
``EMAIL_URL``, ``MEDIA_ROOT``, ``SECURE_HTTPS=1``, ``TASKS_BACKEND=database`` and ``ADMINS``.
Values are checked as they are read (``gealc.site.configuration``): without DEBUG, a missing
or weak ``SECRET_KEY``, an unknown ``TASKS_BACKEND`` or a bad URL stops the start with a
message naming the variable.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from gealc.accounts.configuration import oidc_providers
from gealc.site import configuration

PACKAGE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
VAR_DIR = Path(env.str("GEALC_HOME", default=str(configuration.default_home())))

DEBUG = env.bool("DEBUG", default=False)
# No public fallback: without DEBUG a missing or weak key stops the start (`gealc demo` makes
# a key of its own for the local demo).
SECRET_KEY = configuration.secret_key(env.str("SECRET_KEY", default=""), debug=DEBUG)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gealc.core",
    "gealc.site",
    "gealc.network",
    "gealc.notifications",
    "gealc.measurement",
    "gealc.observatory",
    "gealc.knowledge",
    "gealc.continuity",
    "gealc.accounts",
    # Sign-in, password reset, e-mail addresses, MFA, sessions and OpenID Connect, through
    # django-allauth (gealc.accounts wires it to the site).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "gealc.groups",
    "gealc.agreements",
    "gealc.cooperation",
    "gealc.participation",
]

MIDDLEWARE = [
    # First, so that every log line of a request, errors included, carries its id.
    "gealc.site.logs.RequestIdMiddleware",
    "gealc.core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything uses the address, the query or a cookie (a NUL breaks PostgreSQL).
    "gealc.core.middleware.ControlCharacterAddressMiddleware",
    # Right after whitenoise: repeated anonymous public API reads need nothing below it.
    "gealc.observatory.middleware.PublishedResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gealc.core.http.ReadOnlyCorsMiddleware",
    "gealc.core.http.PublicReadValidatorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The secretariat and administrators enrol a second factor before anything else.
    "gealc.accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that its 400 page has the language, the user and the session.
    "gealc.core.middleware.UploadSizeLimitMiddleware",
    # After the size limit, which must refuse a large body before this one reads it.
    "gealc.core.middleware.ControlCharacterBodyMiddleware",
]

ROOT_URLCONF = "gealc.site.urls"
WSGI_APPLICATION = "gealc.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gealc.site.context_processors.site",
            ],
            # Dates, numbers in the reader's language on every template, without a load.
            "builtins": ["gealc.core.templatetags.locale_format"],
        },
    },
]

DATABASES = {
    "default": configuration.database(env, default=f"sqlite:///{VAR_DIR / 'gealc.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer. A deferred transaction that reads and then writes cannot wait
    # for the lock ("database is locked" at once), so a transaction takes the write lock when
    # it begins and waits up to SQLITE_BUSY_TIMEOUT seconds for it; WAL lets readers go on
    # while one writes. Concurrent saves then queue and a stale one stays a 409. Requests that
    # only read (GET, HEAD) begin deferred and never queue: see gealc.core.sqlite.
    DATABASES["default"]["ENGINE"] = "gealc.core.sqlite"
    MIDDLEWARE.insert(1, "gealc.core.sqlite.middleware.ReadingRequestMiddleware")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": configuration.cache(env, default="locmemcache://gealc")}
vars().update(configuration.email(env, default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GEALC Hub <no-reply@localhost>")
# The site's public address (https://hub.example.org): e-mails link to it when it is set.
SITE_URL = env.str("SITE_URL", default="")
# Errors (500s, security events) are mailed to these people, from SERVER_EMAIL.
ADMINS = configuration.admins(env.list("ADMINS", default=[]))
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Username or e-mail address and password (it extends Django's ModelBackend).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures lock the username from that address for an hour.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# allauth's form posts "login" (a username or an e-mail address), the admin's "username".
AXES_USERNAME_CALLABLE = "gealc.accounts.throttling.attempted_username"

# Accounts (django-allauth): nobody signs up; an official gets an account from an invitation
# (gealc.accounts.services.invitation_accept) or through a national digital identity whose
# verified e-mail address matches an account.
ACCOUNT_ADAPTER = "gealc.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "gealc.accounts.adapters.SocialAccountAdapter"
MFA_ADAPTER = "gealc.accounts.adapters.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_FORMS = {"login": "gealc.accounts.forms.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# django-axes throttles failed sign-ins; allauth's own counter would answer first.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "GEALC Hub"
# A code of the period before or after is accepted too: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1
# WebAuthn needs HTTPS; a development machine serves http://localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Off only for tests of other areas that sign in as the secretariat without a second factor.
GEALC_MFA_REQUIRED = env.bool("GEALC_MFA_REQUIRED", default=True)
GEALC_INVITATION_DAYS = env.int("GEALC_INVITATION_DAYS", default=14)
# The session list shows where and when each session began; tracking every request's
# activity would write on each one, and error pages must work with the database down.
USERSESSIONS_TRACK_ACTIVITY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's OpenID Connect provider with a nonce sent and checked.
        "provider_class": "gealc.accounts.oidc.NonceOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": oidc_providers(env.str("GEALC_OIDC_PROVIDERS", default="")),
    }
}

LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("en", _("English")),
    ("fr", _("French")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "es"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("es", "en", "pt", "fr")
TIME_ZONE = env.str("TIME_ZONE", default="America/Panama")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
# The site's CSS and vendored libraries live outside any app, so the finders need the path.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = True
# Uploads larger than this are refused with a message rather than read into memory.
GEALC_MAX_UPLOAD_BYTES = env.int("GEALC_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = GEALC_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "gealc.site.views.csrf_failure"
# Pages are rendered on the server and load only our own static files, so everything is
# 'self'. Styles allow 'unsafe-inline' because htmx inserts its indicator <style> and SVG
# charts carry style attributes (no script can run from a style). No inline or eval'd
# script anywhere: a view that needs more (the optional interactive Vega view compiles its
# expressions with `new Function`) widens it for itself with gealc.core.middleware.csp_update.
GEALC_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SECURE_HTTPS = env.bool("SECURE_HTTPS", default=False)
if SECURE_HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The directive only allows submitting the domain to the browsers' preload list.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

TASKS = {
    "default": {
        "BACKEND": configuration.tasks_backend(env.str("TASKS_BACKEND", default="immediate"))
    }
}
# How often a worker computing an index run says it is alive; six missed beats and the run
# is failed and retryable (gealc.observatory.tasks).
GEALC_RUN_HEARTBEAT_SECONDS = env.float("GEALC_RUN_HEARTBEAT_SECONDS", default=10.0)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # A token of the secretariat or an administrator needs a second factor enrolled.
        "gealc.accounts.authentication.SecondFactorTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "gealc.core.api.Pagination",
    "EXCEPTION_HANDLER": "gealc.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="1000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GEALC Hub API",
    "DESCRIPTION": (
        "Open data and workflows of the network of digital-government authorities.\n\n"
        "**Languages.** Answers follow the request's `Accept-Language` header (`es`, `pt`, `en` "
        "or `fr`; Spanish when none of them is asked for) and say which in `Content-Language`: "
        "error messages, and the translated fields such as `name` or `title`, are in that "
        "language (a text not yet translated falls back to another language). Fields such as "
        "`names` carry every language whatever the header."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files (no CDN, fits the Content-Security-Policy).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the errors it can answer, with the shared error body.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gealc.site.api.document_error_responses",
    ],
    # Two models have a "kind" choice: name their enums so the schema stays stable.
    "ENUM_NAME_OVERRIDES": {
        "InstitutionKindEnum": "gealc.network.models.Institution.Kind",
        "OrganisationKindEnum": "gealc.network.models.Organisation.Kind",
        "FrameworkVersionStatusEnum": "gealc.measurement.models.FrameworkVersion.Status",
        "RoundStatusEnum": "gealc.measurement.models.Round.Status",
        "SubmissionStateEnum": "gealc.measurement.models.Submission.State",
        "ValueStatusEnum": "gealc.measurement.models.Value.Status",
        "RunInputKindEnum": "gealc.observatory.models.RunInput.Kind",
        "PracticeStateEnum": "gealc.knowledge.models.Practice.State",
        "SoftwareEntryStateEnum": "gealc.knowledge.models.SoftwareEntry.State",
        "IndexRunStatusEnum": "gealc.observatory.models.IndexRun.Status",
        "AppointmentRoleEnum": "gealc.network.models.Appointment.Role",
        "InvitationRoleEnum": "gealc.accounts.models.Role",
        "WorkingGroupStatusEnum": "gealc.groups.models.WorkingGroup.Status",
        "AgreementStatusEnum": "gealc.agreements.models.Status",
    },
}

LOG_LEVEL = configuration.log_level(env.str("LOG_LEVEL", default="WARNING"))
# One JSON line per record on stderr (time, level, logger, request id, message, traceback);
# errors of Django (a 500, a security event) are also mailed to ADMINS when DEBUG is off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "gealc.site.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"json_line": {"()": "gealc.site.logs.JsonLineFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "json_line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": ["mail_admins"], "level": LOG_LEVEL}},
}
