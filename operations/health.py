"""``/healthz/``: whether this app server can serve, for load balancers and monitoring.

200 with ``{"database": "ok", "cache": "ok"}`` only when the database answers a trivial query and
the shared cache gives back a value just written to it; otherwise 503 with the failing part marked
``"unavailable"``. The answer is for machines, in English, and costs one query and two cache calls.

Nothing else happens on the way: the address is left alone by the page cache
(``PAGECACHE_EXCLUDED_PATHS``), touches no session and makes no CSRF token (so it sets no cookie),
is exempt from the redirect to HTTPS (a probe may speak plain HTTP to gunicorn) and is never stored
by a browser or proxy. A failing probe is logged once when the server becomes unhealthy and once
when it recovers, not at every probe (``QuietProbeFilter`` keeps Django's "Service Unavailable"
line for every 503 out of the log).
"""

import logging
import os
import secrets

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PATH = "/healthz/"
CACHE_KEY = f"healthz:{os.getpid()}"
CACHE_SECONDS = 30
OK, UNAVAILABLE = "ok", "unavailable"


class ProbeState:
    """What the previous probe of this process found, so that only a change is logged."""

    failing: frozenset = frozenset()


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        # Django closes a connection that failed at the end of the request; the next probe opens a new one.
        return False


def cache_answers() -> bool:
    """A value written to the default cache comes back. Its client swallows connection errors in
    production (kpportal/settings/cache_servers.py): a lost write shows as a value that is not there."""
    token = secrets.token_hex(8)
    try:
        cache = caches["default"]
        cache.set(CACHE_KEY, token, CACHE_SECONDS)
        return cache.get(CACHE_KEY) == token
    except Exception:
        # Any error of any cache backend is the same answer to a load balancer: not usable.
        return False


def note_change(failing: frozenset):
    if failing == ProbeState.failing:
        return
    if failing:
        logger.warning("Health check failing: %s unavailable", ", ".join(sorted(failing)))
    else:
        logger.warning("Health check passing again (was failing: %s)", ", ".join(sorted(ProbeState.failing)))
    ProbeState.failing = failing


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_answers(), "cache": cache_answers()}
    failing = frozenset(name for name, answered in checks.items() if not answered)
    note_change(failing)
    body = {name: OK if answered else UNAVAILABLE for name, answered in checks.items()}
    return JsonResponse(body, status=503 if failing else 200)


class QuietProbeFilter(logging.Filter):
    """Drops Django's "Service Unavailable: /healthz/" record: a load balancer probes every few
    seconds, and ``note_change`` already says when the server became unhealthy and why."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not (getattr(record, "status_code", None) == 503 and getattr(request, "path", None) == PATH)
