"""Local development: `make run`. Debug on, a throwaway secret key, SQLite unless DATABASE_URL says otherwise.
Without DJANGO_SITE_URL, QR codes and links follow the address being served (kpportal/site_address.py)."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
