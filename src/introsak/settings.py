"""Introsak settings: one module, configured by environment variables.

Every variable read here is listed with a line of explanation in `.env.example`.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("INTROSAK_DEBUG", False)
DATA_DIR = Path(os.environ.get("INTROSAK_DATA_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("INTROSAK_SECRET_KEY", "")
if not SECRET_KEY:
    # The test suite runs without DEBUG (as production does) and needs no secret of its own.
    if not DEBUG and "pytest" not in sys.modules:
        raise RuntimeError(
            "INTROSAK_SECRET_KEY must be set when INTROSAK_DEBUG is off (see .env.example)."
        )
    SECRET_KEY = "insecure-development-key-only-for-make-run-and-tests"

ALLOWED_HOSTS = env_list("INTROSAK_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("INTROSAK_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "introsak.core",
    "introsak.participants",
    "introsak.decisions",
    "introsak.plans",
    "introsak.attendance",
    "introsak.stipend",
    "introsak.placements",
    # Coordination (issue 8), one app per concern so each stays small.
    "introsak.settlement",
    "introsak.meetings",
    "introsak.yearplan",
    "introsak.actionplan",
    # Reporting and results (issue 9).
    "introsak.results",
    "introsak.certificates",
    "introsak.register",
    "introsak.surveys",
    "introsak.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "introsak.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "introsak.core.middleware.RequestContextMiddleware",
    "introsak.core.middleware.SessionLifetimeMiddleware",
    "introsak.core.middleware.SecondFactorMiddleware",
    "introsak.core.middleware.NarrowAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires, so that lockouts see the final response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "introsak.urls"
WSGI_APPLICATION = "introsak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "introsak.core.context_processors.introsak",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'introsak.sqlite3'}",
        conn_max_age=env_int("INTROSAK_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not os.environ.get("DATABASE_URL"):
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Foreign keys and WAL keep the embedded database honest and usable by two processes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL;"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "introsak.core.backends.PasswordBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Sessions end after this much idleness, and in any case after the absolute maximum.
SESSION_IDLE_MINUTES = env_int("INTROSAK_SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("INTROSAK_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_COOKIES = env_bool("INTROSAK_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login lockout (django-axes): after this many failures for a username from one address.
AXES_FAILURE_LIMIT = env_int("INTROSAK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("INTROSAK_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("INTROSAK_LOGIN_LOCKOUT", True)

# Roles that must use a second factor (TOTP). Off only for the local demo (make run).
REQUIRE_SECOND_FACTOR = env_bool("INTROSAK_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = os.environ.get("INTROSAK_OTP_ISSUER", "Introsak")

LANGUAGE_CODE = os.environ.get("INTROSAK_LANGUAGE", "nb")
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("en", _("English")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("INTROSAK_TIME_ZONE", "Europe/Oslo")
USE_TZ = True
# Dates as 24.11.2026 and amounts as 22 758,17 come from the nb locale's formats.
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = []
# Digdir Designsystemet CSS, installed by `make run` when npm is present; else our own CSS.
DESIGNSYSTEM_DIR = PROJECT_DIR / "node_modules" / "@digdir"
DESIGNSYSTEM = (DESIGNSYSTEM_DIR / "designsystemet-css" / "dist").is_dir()
if DESIGNSYSTEM:
    STATICFILES_DIRS.append(("digdir", DESIGNSYSTEM_DIR))
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

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("INTROSAK_LOG_LEVEL", "INFO")},
}

PAGE_SIZE = env_int("INTROSAK_PAGE_SIZE", 25)
# The smallest group of survey answers shown; the privacy officer may ask for more, never
# fewer than 5 (surveys.rules.minimum_group).
SURVEY_MIN_GROUP = env_int("INTROSAK_SURVEY_MIN_GROUP", 5)
# How a register export reaches NIR (a dotted path to a class with `send(export)`).
INTROSAK_NIR_TRANSPORT = os.environ.get(
    "INTROSAK_NIR_TRANSPORT", "introsak.register.transport.FileTransport"
)
FORMAT_MODULE_PATH = ["introsak.formats"]
