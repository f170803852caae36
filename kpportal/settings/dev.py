"""Local development: `make run`. Debug on, a throwaway secret key, SQLite unless DATABASE_URL says otherwise.
Without DJANGO_SITE_URL, QR codes and links follow the address being served (core/site_address.py)."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

# WhiteNoise serves static files under runserver as in production: Django's own static view let
# "/static/../" raise SuspiciousFileOperation outside every middleware (a bare 500); WhiteNoise
# leaves such a path to the URL resolver, which answers 404.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]  # noqa: F405

# A wrong address shows the portal's Vietnamese 404 page, as in production (core/not_found.py);
# innermost but for django-axes, so the other middleware treat the page as they do in production.
if not env_bool("DJANGO_TECHNICAL_404", False):
    MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
    MIDDLEWARE.insert(MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "core.not_found.PortalNotFoundMiddleware")
