"""The production settings for the fault tests' gunicorn, static files aside.

Everything is ``kpportal.settings.prod`` (secret key, hosts, database, Redis, persistent
connections from the environment the test gives), except that static files come from the finders:
the fingerprinted storage needs a ``collectstatic`` that would only cost the test time.
"""

from kpportal.settings.prod import *  # noqa: F403
from kpportal.settings.prod import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
