"""CSP Portal settings, all read from environment variables (see README.md)."""

import json
import os
from pathlib import Path

from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value not in ("True", "False"):
        raise ValueError(f"{name} must be 'True' or 'False', not {value!r}.")
    return value == "True"


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "django-insecure-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "accounts",
    "themes",
    "actions",
    "indicators",
    "reports",
    "public",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.security.session_refresh_middleware",
    "portal.page_cache.fresh_data_after_post",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.limits.request_size_limit_middleware",
    "portal.limits.query_string_guard_middleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Sends a signed-in account that needs its second factor to enter or set it up.
    "accounts.twofactor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "csp_portal.urls"
WSGI_APPLICATION = "csp_portal.wsgi.application"

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
                "themes.context_processors.partnership",
            ],
        },
    },
]

# Database: PostgreSQL when DB_NAME is set, otherwise an embedded SQLite file so that a
# newcomer's first `make run` needs no database server.
if env("DB_NAME"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env("DB_NAME"),
            "USER": env("DB_USER", "postgres"),
            "PASSWORD": env("DB_PASSWORD"),
            "HOST": env("DB_HOST", "127.0.0.1"),
            "PORT": env("DB_PORT", "5432"),
            "CONN_MAX_AGE": int(env("DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A portal serving with DEBUG off on the embedded SQLite file has almost always lost its DB_*
# variables: csp_portal/wsgi.py refuses to start unless this says SQLite is meant.
ALLOW_SQLITE = env_bool("ALLOW_SQLITE", DEBUG)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "actions:start_page"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # Uploaded files live outside the web root and are served only through views that
    # check permissions; point this at an object store to run several web servers.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "portal.storage.StaticFilesStorage"},
}
# Several web servers share uploaded files through an object store (docs/deployment.md).
if env("FILE_STORAGE_BACKEND"):
    STORAGES["default"] = {
        "BACKEND": env("FILE_STORAGE_BACKEND"),
        "OPTIONS": json.loads(env("FILE_STORAGE_OPTIONS", "{}")),
    }

# Public pages are cached whole for visitors who are not signed in, per version of the data
# (portal/page_cache.py); this only bounds how long an entry lives. 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = int(env("PUBLIC_PAGE_CACHE_SECONDS", "60"))
# How long a process trusts the version of the data it last read before asking again.
PUBLIC_PAGE_VERSION_SECONDS = float(env("PUBLIC_PAGE_VERSION_SECONDS", "1"))
# The content of the dashboards and My actions, shared per version of the data in the same
# way (portal/page_cache.py shared_content); 0 turns it off.
SHARED_CONTENT_CACHE_SECONDS = int(env("SHARED_CONTENT_CACHE_SECONDS", "300"))
# Downloads up to this size (a plan of a few hundred actions) are kept whole and shared in the
# same way, in a cache of their own with at most 20 entries: each worker holds at most
# 20 x this. 0 turns it off; larger downloads always stream from the database.
DOWNLOAD_CACHE_BYTES = int(env("DOWNLOAD_CACHE_BYTES", str(512 * 1024)))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "downloads": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "downloads",
        "OPTIONS": {"MAX_ENTRIES": 20},
    },
}

# Email: console output unless an SMTP host is configured.
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "csp-portal@localhost")
# The portal's address, for links in emails sent outside a request (reminders).
SITE_URL = env("SITE_URL", "http://localhost:8000").rstrip("/")

# Security. Production runs behind HTTPS; developers export DEBUG=True and get plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
# Activity pushes a session's end back, at most once every SESSION_REFRESH_SECONDS
# (accounts/security.py session_refresh_middleware) rather than with a write on every request.
SESSION_REFRESH_SECONDS = int(env("SESSION_REFRESH_SECONDS", "300"))
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# WeasyPrint (PDF board pages) logs every rendering step at INFO.
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}

# Sign-in throttle and audit log (accounts/security.py). Failures are counted in the database,
# so every web server process shares the counts.
AUTHENTICATION_BACKENDS = ["accounts.security.ThrottledModelBackend"]
SIGN_IN_THROTTLE = {
    "WINDOW_SECONDS": 15 * 60,
    "LOCKOUT_SECONDS": 15 * 60,
    "PAIR_LOCK_AFTER": 5,
    "ADDRESS_LOCK_AFTER": 30,
    "ACCOUNT_WINDOW_SECONDS": 24 * 60 * 60,
    "ACCOUNT_LOCK_AFTER": 50,
    "CODE_LOCK_AFTER": 5,
    "KNOWN_ADDRESS_SECONDS": 30 * 24 * 60 * 60,
    "UNLOCK_LINK_SECONDS": 60 * 60,
    "RETENTION_SECONDS": 30 * 24 * 60 * 60,
}
# Two-factor sign-in (accounts/twofactor.py): the name authenticator apps show for the portal,
# the partnership's short name and "Portal" unless set here.


def _totp_issuer(device):
    from accounts.twofactor import totp_issuer  # the apps are ready by the time it is asked

    return totp_issuer(device)


OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "") or _totp_issuer
# How many reverse proxies append to X-Forwarded-For in front of the portal (0: none).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
CSRF_FAILURE_VIEW = "accounts.security.csrf_failure"
LOGGING["loggers"]["csp_portal.audit"] = {"level": "INFO"}
# Uploaded documents: largest accepted file (portal/uploads.py checks type and size).
DOCUMENT_MAX_BYTES = int(env("DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Request bodies refused from their declared size before they are read (portal/limits.py):
# signed in, the largest document and its form; otherwise a sign-in form's worth.
REQUEST_MAX_BYTES = int(env("REQUEST_MAX_BYTES", str(DOCUMENT_MAX_BYTES + 1024 * 1024)))
ANONYMOUS_REQUEST_MAX_BYTES = int(env("ANONYMOUS_REQUEST_MAX_BYTES", str(64 * 1024)))
