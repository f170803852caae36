"""Settings shared by every environment. Every secret and host comes from ``DJANGO_*``
environment variables read here, in one place; ``DATABASE_URL`` selects the database."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from kpportal.settings.cache_servers import redis_caches
from kpportal.settings.media_storage import media_storage, other_media_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# The public site's address for QR codes, feeds, the sitemap and canonical links, e.g.
# https://khuyenhoc.example.vn. Required in production (prod.py); left empty, addresses follow the
# request being served, so that `make run PORT=8123` prints QR codes for port 8123
# (core/site_address.py).
SITE_URL = env("DJANGO_SITE_URL", "").strip().rstrip("/")

# Our apps, from the ground floor up: each imports only apps listed before it (docs/design.md).
PORTAL_APPS = [
    "core",
    "organizations",
    "agreements",
    "news",
    "reports",
    "importer",
    "search",
    "printing",
    "revisions",
    "pagecache",
    "operations",
    "home",
    "kpportal",
]

INSTALLED_APPS = [
    "kpportal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "simple_history",
    "csp",
    "kpportal.apps.PortalAxesConfig",  # django-axes, named in Vietnamese
    *PORTAL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestContextMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.AdminImportMapNonceMiddleware",
    # Before anything reads request.POST: a form body not in UTF-8 gets the Vietnamese 400 page.
    "core.middleware.FormEncodingMiddleware",
    # Database or cache server unreachable: a Vietnamese 503 instead of a 500 (operations/outages.py).
    "operations.outages.ServiceUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached pages for readers without a session cookie, before the rest of the stack (pagecache/middleware.py).
    "pagecache.middleware.EarlyPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Stores anonymous pages (and serves readers with an empty session): after sessions (it checks
    # nobody is logged in) and CSRF, before auth and messages (it sees their effects).
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kpportal.urls"
WSGI_APPLICATION = "kpportal.wsgi.application"

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
                "organizations.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# A PostgreSQL streaming replica of DATABASE_URL: anonymous public pages are read from it when it
# has caught up, everything else from the primary (core/database_routing.py, pagecache/replica_reads.py).
if env("DATABASE_REPLICA_URL"):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be a PostgreSQL primary.")
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"),
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// address (a streaming replica).")
    # An unreachable replica must not hold a reader's page for long: pages then come from the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # Tests have no replica of their test database: the alias then reads that database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.database_routing.PrimaryReplicaRouter"]
    # Right after the page cache's own: it reuses that lookup, and a stored page never reaches it.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("pagecache.middleware.AnonymousPageCacheMiddleware") + 1,
        "pagecache.replica_reads.ReplicaReadsMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out username+address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
# Per username *and* address: a bot guessing one account from one address is stopped without
# locking that account for colleagues signing in from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_CLIENT_IP_CALLABLE = "core.client.client_ip"
AXES_USERNAME_CALLABLE = "core.client.axes_username"
# kpportal/admin.py registers axes' admins itself, with the date hierarchy checked.
AXES_ENABLE_ADMIN = False
# How many reverse proxies in front of the app append to X-Forwarded-For (0: REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = int(env("DJANGO_TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese for what Django, simple-history and axes leave in English (locale/vi/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kpportal.formats"]
FORMS_URLFIELD_ASSUME_HTTPS = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# build/static holds css/site.css, compiled by `make assets` from Bootstrap's Sass sources (npm) and
# static/scss: the public pages' one stylesheet.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Files of unpublished content are sent only to staff (core/private_media.py): by nginx through
# X-Accel-Redirect to this internal location when DJANGO_MEDIA_ACCEL_REDIRECT=1 (docs/deploy/nginx.conf),
# by Django otherwise (make run).
MEDIA_ACCEL_REDIRECT = env_bool("DJANGO_MEDIA_ACCEL_REDIRECT", False)
MEDIA_ACCEL_PREFIX = "/internal-media/"
# Uploads on the local disk (MEDIA_ROOT) or on an S3-compatible object store: DJANGO_MEDIA_STORAGE
# and DJANGO_S3_* (kpportal/settings/media_storage.py). Both strip image metadata (core/storage.py).
MEDIA_STORAGE, _media_default = media_storage(os.environ)
# The storages `manage.py move_media` may move media to, and why the others cannot be used.
MEDIA_STORAGE_CHOICES, MEDIA_STORAGE_UNAVAILABLE = other_media_storages(os.environ)
STORAGES = {
    "default": _media_default,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: images are checked by Pillow within these limits; documents must be PDFs.
UPLOAD_IMAGE_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_IMAGE_MAX_PIXELS = 40_000_000
UPLOAD_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"

# django-prose-editor's toolbar in Vietnamese: an extension that relabels its menu (no HTML of its own).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {"js": [static_lazy("admin/js/prose_editor_vi.js")], "extensions": {"VietnameseMenu": html_tags(tags=[])}},
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Local memory by default (one process: `make run`); Redis, shared by every worker and server,
# whenever REDIS_URL is set (production). The page cache's invalidation is only exact across
# processes with a shared cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kpportal",
        "KEY_PREFIX": env("DJANGO_CACHE_KEY_PREFIX", "kp"),
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
if env("REDIS_URL"):
    # django-redis, failing open for everything but the page cache (kpportal/settings/cache_servers.py).
    CACHES = redis_caches(env("REDIS_URL"), env("DJANGO_CACHE_KEY_PREFIX", "kp"))
    PAGECACHE_CACHE_ALIAS = "pagecache"
    # Logged (with the error) whenever Redis fails a call the site then does without.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Rate-limit counters (news/views.py) live in the default cache; a cache that cannot count lets
# the request through (the honeypot and moderation still apply).
RATELIMIT_FAIL_OPEN = True
# Whole anonymous pages (pagecache/middleware.py); KP_PAGE_CACHE=0 turns it off (benchmarks, debugging).
PAGECACHE_ENABLED = env_bool("KP_PAGE_CACHE", True)
PAGECACHE_MAX_AGE = int(env("KP_PAGE_CACHE_MAX_AGE", "3600"))
# How long a browser (max-age) and a proxy or CDN (s-maxage) may keep a cached page without asking
# again (then a conditional GET, answered 304 while the page is unchanged). Short: an edit reaches
# the page cache at once, but not copies held outside it (docs/operations.md, "Reverse proxy").
PAGECACHE_BROWSER_MAX_AGE = int(env("KP_PAGE_CACHE_BROWSER_MAX_AGE", "0"))
PAGECACHE_SHARED_MAX_AGE = int(env("KP_PAGE_CACHE_SHARED_MAX_AGE", "10"))
# Query strings of one address stored within PAGECACHE_MAX_AGE (?page=, filters, search words);
# more are rendered without being stored, so random query strings cannot fill the cache.
PAGECACHE_MAX_VARIANTS = int(env("KP_PAGE_CACHE_MAX_VARIANTS", "50"))
# With Redis: each process learns of a change of the content generation from Redis itself, instead
# of reading it on every request (pagecache/generation_watch.py).
PAGECACHE_GENERATION_PUSH = env_bool("KP_PAGE_CACHE_GENERATION_PUSH", True)
# Parts shared by many pages (host organization, masthead, footer), kept per process for one content
# generation (core/fragments.py); KP_FRAGMENT_CACHE=0 renders them afresh on every page.
FRAGMENT_CACHE_ENABLED = env_bool("KP_FRAGMENT_CACHE", True)
# Uploads are answered per user (staff see unpublished files): never from the page cache.
# The health check must see this server's database and cache, never a stored answer.
PAGECACHE_EXCLUDED_PATHS = ("/quan-tri/", MEDIA_URL, "/healthz/")

# Security headers (SecurityMiddleware, XFrameOptionsMiddleware); HTTPS-only parts are in prod.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp 4). Scripts only from our own origin; never 'unsafe-inline'.
# Public pages run static files only and send script-src 'self': the page cache gives every reader
# the same bytes and never stores a response that made a nonce. The nonce is the admin's
# (core.middleware.AdminImportMapNonceMiddleware): django-csp adds it to the header only on a
# response that used one.
# Inline *styles* stay allowed: the admin and the rich-text editor set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:", "https:"],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "core.logging.RequestContextFilter"},
        "quiet_probes": {"()": "operations.health.QuietProbeFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s%(request_summary)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_context"]},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Unhandled errors: the record carries the request context itself, for any handler.
        "django.request": {"filters": ["quiet_probes", "request_context"]},
        "django.security": {"filters": ["request_context"]},
        **{app: {"filters": ["request_context"]} for app in PORTAL_APPS},
    },
}
