"""Test runs: fast hashing, in-memory email, media in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="kpportal-media-")))
SITE_URL = "https://khuyenhoc.example.vn"
# Static files come from the finders in tests; an existing (empty) root keeps WhiteNoise quiet.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="kpportal-static-"))
WHITENOISE_USE_FINDERS = True
# The anonymous page cache is off in tests, so that no test sees a page stored by another; the
# tests of the cache itself (tests/performance/) turn it on.
PAGECACHE_ENABLED = False
# Likewise the shared fragments (core/fragments.py): their tests turn them on.
FRAGMENT_CACHE_ENABLED = False
# On PostgreSQL, commits do not wait for the disk (``synchronous_commit=off``, a setting of the
# connection): a test database is thrown away, and the transactional tests commit all the time.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
