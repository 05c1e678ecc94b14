"""Settings shared by every environment. Values that differ per deployment come from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from config.cache import redis_caches

BASE_DIR = Path(__file__).resolve().parents[2]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "comparisons",
    "enrollment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "comparisons.catalogue.selectors.catalogue_per_request",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "comparisons.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite, `make run`'s default, under concurrent web use: WAL lets readers go on while one connection
    # writes; a write transaction takes the write lock when it begins (BEGIN IMMEDIATE), so two agents saving
    # at once queue on the busy timeout instead of failing with "database is locked" when a read lock would
    # have to be upgraded mid-transaction (tests/integration/test_concurrent_saves.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out username+IP before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]  # a Japanese-only site, whatever the browser asks for
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The caches. Without REDIS_URL, each process keeps its own in memory: "pages" holds the member's htmx
# partials, gzip-compressed (~10-35 KB each), "fragments" the rendered coverage matrices, "pdfs" the
# handout and application PDFs (~100-300 KB each); keys carry the catalogue version and the date, so an
# entry is never stale (comparisons/compare/page_cache.py, comparisons/pdf.py). At most ~35 + 30 + 8 MB a
# worker. "default" is the one counters use (rate limits: e.g. django-ratelimit's RATELIMIT_USE_CACHE).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 1000, "CULL_FREQUENCY": 4},
    },
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 300, "CULL_FREQUENCY": 4},
    },
    "pdfs": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pdfs",
        "OPTIONS": {"MAX_ENTRIES": 30, "CULL_FREQUENCY": 3},
    },
    # The results page's fragments ({% fragment %}: the summary, each programme's price block and
    # eligibility card, the matrix's header, the dates table), kept under a digest of what they show with
    # the member's revenue as a hole (comparisons/compare/fragments.py): each process keeps its own, with
    # or without REDIS_URL (config.cache.PROCESS_LOCAL).
    "sections": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sections",
        "OPTIONS": {"MAX_ENTRIES": 500, "CULL_FREQUENCY": 4},
    },
    # django-ratelimit's counters (the public 相談 form). Per process without REDIS_URL; with it, shared by
    # every server (below), so that one limit holds for all of them.
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
# With REDIS_URL (e.g. redis://cache.internal:6379/0) every alias above but "sections", and any added
# later, goes to that Redis, shared by every server: a page cached by one is served by all, a counter counts
# every server's requests. A Redis outage never breaks a page (config/cache.py). Keep this line after the last alias.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = redis_caches(CACHES, REDIS_URL)
RATELIMIT_USE_CACHE = "ratelimit"
# django-ratelimit works without being in INSTALLED_APPS; installed, its system check refuses a per-process
# LocMemCache (each worker would count alone), which is what runs without REDIS_URL. With REDIS_URL the
# "ratelimit" alias is the shared Redis above (tests/multiserver checks a limit across two servers).
# The client's address behind trusted proxies, the same rule as login throttling (config/security.py).
RATELIMIT_IP_META_KEY = "config.security.client_ip"
# The public 相談 form: at most this many drafts from one address (django-ratelimit's "count/period").
MEMBER_REQUEST_RATE = os.environ.get("DJANGO_MEMBER_REQUEST_RATE", "5/h")

LOGIN_URL = "enrollment:login"
CSRF_FAILURE_VIEW = "enrollment.csrf_failure.csrf_failure"  # Japanese, keeps what was sent, offers to resend
LOGIN_REDIRECT_URL = "enrollment:dashboard"
LOGOUT_REDIRECT_URL = "comparisons:home"

# Where the pamphlet texts are: the catalogue quotes are checked against them.
SEEDS_DIR = Path(os.environ.get("SEEDS_DIR", BASE_DIR.parent / "shared" / "seeds"))
CATALOGUE_DIR = BASE_DIR / "comparisons" / "catalogue" / "data"

# Login throttling (django-axes): 5 wrong passwords for one username from one address lock that pair
# out for 15 minutes; the right password does not get in meanwhile. The page says so in Japanese.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: use the socket's address).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Sessions end after 8 hours (an agent's working day) and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp), in every environment so the browser tests run under it: the
# pages load only their own /static scripts and styles (htmx without eval, its hx-headers attribute is
# data, not script); images may be data: URLs (Bootstrap's form icons, the handout's QR code). The one
# inline style is the indicator rule htmx 2 adds to <head>, allowed by its hash.
HTMX_INDICATOR_STYLE_HASH = "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, HTMX_INDICATOR_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every step at INFO, django-axes every login attempt (its lockouts
    # and repeated failures are WARNINGs and still show).
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}
