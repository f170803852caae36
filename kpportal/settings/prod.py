"""Production: refuses to start without a secret key, allowed hosts, a database and the site's address; HTTPS only.

`DJANGO_SETTINGS_MODULE=kpportal.settings.prod manage.py check --deploy` reports nothing.
Runs behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (docs/operations.md).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, SITE_URL, STORAGES, env, env_bool, env_list

# Never from the environment: a debug page shows settings and source code to whoever asks.
DEBUG = False

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "")
_missing = [
    name
    for name, value in (
        ("DJANGO_SECRET_KEY", SECRET_KEY),
        ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        ("DATABASE_URL", env("DATABASE_URL")),
        # Printed QR codes and feeds must name the public site, never a request's Host header.
        ("DJANGO_SITE_URL", SITE_URL),
    )
    if not value
]
if _missing:
    raise ImproperlyConfigured("Production settings need these environment variables: " + ", ".join(_missing))
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak: use at least 50 random characters, e.g. "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
    )
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.query or _site.fragment or "@" in _site.netloc:
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must be the site's public address, e.g. https://khuyenhoc.example.vn (got {SITE_URL!r})."
    )
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names, not '*'.")

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Fingerprinted files (every {% static %} address) are cached for ten years ("immutable"); this is
# for the few requested by their plain name.
WHITENOISE_MAX_AGE = int(env("DJANGO_STATIC_MAX_AGE", str(24 * 3600)))
# Source maps are collected (Bootstrap's files refer to them) but only developer tools read them:
# not compressing them saves two thirds of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# HTTPS. The proxy terminates TLS and must overwrite (never pass through) X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Django redirects plain HTTP itself unless the proxy already does (DJANGO_SECURE_SSL_REDIRECT=0).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Load balancers and monitoring probe each app server directly, often over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
# HSTS: one year. includeSubDomains covers only hosts under the portal's own name
# (www.<portal>, media.<portal>), which are ours and served over HTTPS. preload stays off: it asks
# browsers to hard-code HTTPS for the whole registrable domain (often a government domain the
# association does not run) and cannot be taken back quickly; whoever runs the apex domain decides.
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Staff sessions end with the working day rather than after Django's default two weeks.
SESSION_COOKIE_AGE = int(env("DJANGO_SESSION_COOKIE_AGE", str(12 * 3600)))

CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},
}

# The checks below are silenced only when the deliberate choice above makes them moot.
SILENCED_SYSTEM_CHECKS = [
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),  # preload: see above
    *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),  # operator's explicit choice
    *(["security.W008"] if not SECURE_SSL_REDIRECT else []),  # the proxy redirects to HTTPS
]
