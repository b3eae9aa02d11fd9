"""Hearth settings: one module, configured only through HEARTH_* environment variables.

Every variable is documented in README.md (Configuration). Problems with the
configuration become Django system checks (ids hearth.E0xx / hearth.W0xx).
"""

from __future__ import annotations

import base64
import ipaddress
import os
import secrets
from email.utils import formataddr
from pathlib import Path

from hearth.config import Env, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = Env()

DEMO = ENV.flag("HEARTH_DEMO", False)
DEBUG = ENV.flag("HEARTH_DEBUG", False)
DATA_DIR = Path(ENV.text("HEARTH_DATA_DIR", str(BASE_DIR / "var"))).resolve()

# --- Secret key -------------------------------------------------------------------------
# Outside demo/debug mode a real key is required; without one the app refuses to start
# (check hearth.E001, run by `hearth serve` and by the WSGI entry point). A random
# per-process key stands in so that management commands still run and can report it.
_secret, SECRET_KEY_SOURCE = ENV.secret("HEARTH_SECRET_KEY")
if _secret is None and (DEMO or DEBUG):
    _key_file = DATA_DIR / "demo-secret-key"
    if _key_file.exists():
        _secret = _key_file.read_text(encoding="utf-8").strip()
    else:
        _secret = secrets.token_urlsafe(50)
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(_secret, encoding="utf-8")
        _key_file.chmod(0o600)
    SECRET_KEY_SOURCE = "demo"  # noqa: S105  (where the key came from, not a key)
SECRET_KEY = _secret or secrets.token_urlsafe(50)

# --- Encryption of free text at rest (see hearth.core.crypto) --------------------------
# HEARTH_ENCRYPTION_KEY encrypts; HEARTH_ENCRYPTION_OLD_KEYS (comma-separated) only decrypt,
# until `hearth rotate_key` has moved every value to the current key.
_enc_key, ENCRYPTION_KEY_SOURCE = ENV.secret("HEARTH_ENCRYPTION_KEY")
if _enc_key is None and (DEMO or DEBUG):
    _enc_file = DATA_DIR / "demo-encryption-key"
    if not _enc_file.exists():
        _enc_file.parent.mkdir(parents=True, exist_ok=True)
        _enc_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        _enc_file.chmod(0o600)
    _enc_key, ENCRYPTION_KEY_SOURCE = _enc_file.read_text().strip(), "demo"
ENCRYPTION_KEY = _enc_key or base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
ENCRYPTION_OLD_KEYS = [
    k.strip() for k in (ENV.secret("HEARTH_ENCRYPTION_OLD_KEYS")[0] or "").split(",") if k.strip()
]

# --- Hosts and proxies ------------------------------------------------------------------
ALLOWED_HOSTS = [
    h.strip()
    for h in ENV.text("HEARTH_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
# Number of trusted reverse proxies in front of the app; X-Forwarded-For is ignored at 0.
TRUSTED_PROXY_COUNT = ENV.number("HEARTH_TRUSTED_PROXY_COUNT", 0)
SITE_URL = ENV.text("HEARTH_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]
SECURE = SITE_URL.startswith("https://")
if TRUSTED_PROXY_COUNT and SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Applications -----------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "hearth.core",
    "hearth.accounts",
    "hearth.couples",
    "hearth.measures",
    "hearth.program",
    "hearth.safety",
    "hearth.checkins",
    "hearth.clinic",
    "hearth.api",
    "hearth.ops",
]

MIDDLEWARE = [
    # Hands work a view put off (hearth.core.mail.after_response) to the response's close
    # step, after the answer is sent.
    "hearth.core.mail.AfterResponseMiddleware",
    # First, so that its time and status cover everything below (hearth/ops/requestlog.py).
    "hearth.ops.requestlog.RequestLogMiddleware",
    # Any error under /api/v1/ in the API's JSON shape, whoever answered it.
    "hearth.api.middleware.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hearth.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's session middleware, also telling the session which browser this is.
    "hearth.accounts.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, taking the person read with the session row (hearth/accounts/backends.py).
    "hearth.accounts.backends.AuthenticationMiddleware",
    # Sees every database write of a request, to tell kept pages (hearth/core/readcache.py).
    "hearth.core.readcache.WatchWritesMiddleware",
    # Answers looked up once per GET request (hearth/core/memo.py); nothing outlives it.
    "hearth.core.memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hearth.core.middleware.IdleTimeoutMiddleware",
    # Clinicians use two-step sign-in before they can open anything.
    "hearth.accounts.middleware.ClinicianTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it is the first to see a view's exception (hearth/core/errors.py: Refused).
    "hearth.core.middleware.RefusalMiddleware",
]

ROOT_URLCONF = "hearth.urls"
WSGI_APPLICATION = "hearth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hearth.core.context.app",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
CONN_MAX_AGE = ENV.number("HEARTH_CONN_MAX_AGE", 60)
_db_url = ENV.text("HEARTH_DATABASE_URL", "") or ENV.text("DATABASE_URL", "")
_sqlite_default: dict[str, object] = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": str(DATA_DIR / "hearth.sqlite3"),
}
_database: dict[str, object] = _sqlite_default
if _db_url:
    try:
        _database = parse_database_url(_db_url)
    except ValueError as exc:
        ENV.errors.append(("HEARTH_DATABASE_URL", f"The database URL is not valid: {exc}."))
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database = {
        **_database,
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
        # the start of a transaction so that concurrent writers wait instead of failing.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
        },
    }
DATABASES = {"default": {**_database, "CONN_MAX_AGE": CONN_MAX_AGE, "CONN_HEALTH_CHECKS": True}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Finished pages kept per person in each server process (hearth/core/readcache.py): at most
# this many megabytes; 0 keeps none.
READ_CACHE_MB = ENV.number("HEARTH_READ_CACHE_MB", 8)

# --- Accounts and sessions --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["hearth.accounts.backends.SessionUserBackend"]
PASSWORD_HASHERS = [
    "hearth.accounts.hashers.HearthArgon2Hasher",  # Argon2id, OWASP settings (see the module)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_IDLE_MINUTES = ENV.number("HEARTH_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# However busy, a sign-in ends this many days after it began (hearth.accounts.sessions).
SESSION_MAX_DAYS = ENV.number("HEARTH_SESSION_MAX_DAYS", 14, minimum=1)
# Database sessions kept with whose they are, so a person can see and end each sign-in.
SESSION_ENGINE = "hearth.accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_HTTPONLY = True
PASSWORD_RESET_TIMEOUT = 60 * 60
LOGIN_RATE_PER_ACCOUNT = ENV.number("HEARTH_LOGIN_RATE_PER_ACCOUNT", 5, minimum=1)
LOGIN_RATE_PER_IP = ENV.number("HEARTH_LOGIN_RATE_PER_IP", 20, minimum=1)
LOGIN_RATE_WINDOW_SECONDS = ENV.number("HEARTH_LOGIN_RATE_WINDOW_SECONDS", 900, minimum=1)
SIGNUP_RATE_PER_IP = ENV.number("HEARTH_SIGNUP_RATE_PER_IP", 20, minimum=1)  # per hour

# --- Security headers -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: links to other sites carry no referrer (invitation links stay private), while
# our own form posts keep their Origin header, which the CSRF check needs.
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "hearth.core.errors.csrf_failure"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = SECURE and ENV.flag("HEARTH_SSL_REDIRECT", True)
# Health checks and metrics are asked for on each app server's own plain-HTTP port by the
# proxy and the monitoring, never by a person: they answer there instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^livez$", r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
# Both only for a site whose every subdomain is https too (a name of its own is simplest).
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE and ENV.flag("HEARTH_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = SECURE and ENV.flag("HEARTH_HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"

# --- Email ------------------------------------------------------------------------------
EMAIL_HOST = ENV.text("HEARTH_EMAIL_HOST", "")
EMAIL_PORT = ENV.number("HEARTH_EMAIL_PORT", 587)
EMAIL_HOST_USER = ENV.text("HEARTH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = ENV.secret("HEARTH_EMAIL_PASSWORD")[0] or ""
EMAIL_USE_TLS = ENV.flag("HEARTH_EMAIL_TLS", True)
# Seconds to wait for the mail server; without a limit a hung server would hold a worker.
EMAIL_TIMEOUT = ENV.number("HEARTH_EMAIL_TIMEOUT", 10, minimum=1)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# The sender name people see: neutral by default, never clinical or sexual.
EMAIL_SENDER_NAME = ENV.text("HEARTH_EMAIL_SENDER_NAME", "Notifications")
DEFAULT_FROM_EMAIL = formataddr(
    (EMAIL_SENDER_NAME, ENV.text("HEARTH_EMAIL_FROM", "no-reply@localhost"))
)

# --- Product ----------------------------------------------------------------------------
# The name shown in titles and headers. Set a neutral one ("Notes") for discretion.
APP_NAME = ENV.text("HEARTH_APP_NAME", "Hearth") or "Hearth"
QUICK_EXIT_URL = ENV.text("HEARTH_QUICK_EXIT_URL", "/away/")
REGION = ENV.text("HEARTH_REGION", "us").lower()
# Operator-edited crisis resource files (one TOML per region), read before the shipped ones.
RESOURCES_DIR = ENV.text("HEARTH_RESOURCES_DIR", "") or None
# Questionnaire definitions a clinic holds a licence for (directories, os.pathsep-separated).
INSTRUMENTS_DIRS = [p for p in ENV.text("HEARTH_INSTRUMENTS_DIR", "").split(os.pathsep) if p]
INVITATION_HOURS = ENV.number("HEARTH_INVITATION_HOURS", 72, minimum=1)

# --- Housekeeping (`hearth housekeeping`, see hearth/ops/) --------------------------------
# Withdrawn, used or expired invitations and switched-off access keys stay this long, so a
# person's lists still say what happened; then they are removed.
KEEP_ENDED_DAYS = ENV.number("HEARTH_KEEP_ENDED_DAYS", 30, minimum=1)
# 0 keeps the audit log for good (the default); otherwise rows older than this many days go.
AUDIT_RETENTION_DAYS = ENV.number("HEARTH_AUDIT_RETENTION_DAYS", 0)
# 0 (the default) never touches unused accounts; otherwise their people get an email after
# this many days without use, and the account is deleted HEARTH_INACTIVE_NOTICE_DAYS later
# only if HEARTH_INACTIVE_ACCOUNT_DELETE is on.
INACTIVE_ACCOUNT_DAYS = ENV.number("HEARTH_INACTIVE_ACCOUNT_DAYS", 0)
INACTIVE_ACCOUNT_DELETE = ENV.flag("HEARTH_INACTIVE_ACCOUNT_DELETE", False)
INACTIVE_NOTICE_DAYS = ENV.number("HEARTH_INACTIVE_NOTICE_DAYS", 30, minimum=1)

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
# Each app keeps its translations in hearth/<app>/locale/ (found through INSTALLED_APPS).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SECURE  # like the session and CSRF cookies: never sent over plain http
TIME_ZONE = ENV.text("HEARTH_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it; `hearth serve` fills it
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Logging: ids and event names only, never health data, emails or tokens -------------
LOG_LEVEL = ENV.choice("HEARTH_LOG_LEVEL", "info", ("debug", "info", "warning", "error"))
# One JSON line per request on standard error (hearth/ops/requestlog.py), whatever the level.
REQUEST_LOG = ENV.flag("HEARTH_REQUEST_LOG", True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An error is logged by its kind and its place in the code, never its own text, which
    # can quote what a person wrote (hearth/core/logs.py).
    "formatters": {
        "plain": {
            "()": "hearth.core.logs.NoUserText",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "bare": {"format": "%(message)s"},
    },
    "filters": {"route_not_path": {"()": "hearth.core.logs.RouteNotPath"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "requests": {"class": "logging.StreamHandler", "formatter": "bare"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL.upper()},
    # Django's request logger names the path of a failed request, which can carry an
    # invitation token: only server errors, with the route's name in the path's place.
    "loggers": {
        # Not Django's own handlers for its loggers: a console one for DEBUG that writes
        # errors with their text, and one that mails them to ADMINS (Hearth has none).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"level": "ERROR", "filters": ["route_not_path"]},
        "django.security": {"level": "ERROR"},
        "hearth.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # The PDF report's font subsetting logs every table and the list of glyphs used at
        # INFO, dozens of lines per report that also hint at its text: warnings only.
        "fontTools": {"level": "WARNING"},
        "fpdf": {"level": "WARNING"},
    },
}

# --- Metrics (`/metrics`, Prometheus text; hearth/ops/views.py) ---------------------------
# Nobody may read them until one of these is set: addresses or networks (comma-separated, as
# the app server sees the connection), or a token sent as "Authorization: Bearer ...".
METRICS_TOKEN = ENV.secret("HEARTH_METRICS_TOKEN")[0] or ""
METRICS_ALLOW: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
for _net in ENV.text("HEARTH_METRICS_ALLOW", "").split(","):
    if _net.strip():
        try:
            METRICS_ALLOW.append(ipaddress.ip_network(_net.strip(), strict=False))
        except ValueError:
            ENV.errors.append(
                (
                    "HEARTH_METRICS_ALLOW",
                    f"HEARTH_METRICS_ALLOW holds {_net.strip()!r}, "
                    "which is not an address or a network.",
                )
            )

CONFIG_ERRORS = list(ENV.errors)
