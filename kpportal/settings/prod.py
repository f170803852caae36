"""Production: refuses to start without a secret key, allowed hosts and a database."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env, env_list

DEBUG = False

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "")
_missing = [
    name
    for name, value in (
        ("DJANGO_SECRET_KEY", SECRET_KEY),
        ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        ("DATABASE_URL", env("DATABASE_URL")),
    )
    if not value
]
if _missing:
    raise ImproperlyConfigured("Production settings need these environment variables: " + ", ".join(_missing))

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
