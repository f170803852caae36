"""A Vietnamese 503 page, instead of a 500, while a server the portal depends on cannot be reached.

While PostgreSQL is stopped or restarting, every page that needs the database answers
``503 Service Unavailable`` with ``Retry-After`` and ``templates/503.html``, rendered without
context processors (they query the database). Pages already in the page cache are still served
by ``pagecache.middleware``, which runs further in. Nothing needs restarting when the database is
back: ``CONN_HEALTH_CHECKS`` and Django's ``close_if_unusable_or_obsolete`` drop a persistent
connection that failed, and the next request opens a new one.

Only failures of the connection count: an ``InterfaceError``, or an ``OperationalError`` (or the
driver's most general ``DatabaseError``, which psycopg2 raises for a result cut off) that
PostgreSQL did not answer with an SQLSTATE (refused, reset, closed unexpectedly) or answered with
a connection class one (08xxx, shutdown, "cannot connect now", too many connections). A deadlock or
a statement timeout stays a 500, as do errors of the code itself. A cache server that does not
answer (``redis.exceptions.ConnectionError``/``TimeoutError``) where the code has no fallback
for it is treated the same way.

A failure can surface anywhere: in a view (``process_exception``), while rendering the template,
or in another middleware (sessions loading or saving, the 404 page's context processors). Django
turns the last ones into a 500 response inside the middleware that failed; the receiver of
``got_request_exception`` below notes on the request that the cause was an outage, and the
middleware replaces that 500 on its way out. The traceback is still logged by Django as usual.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
TEMPLATE = "503.html"
_OUTAGE_ATTRIBUTE = "_kp_outage"
# SQLSTATE: connection exceptions, administrator/crash shutdown, "cannot connect now" (starting
# up, shutting down, in recovery), too many connections.
_CONNECTION_SQLSTATE_CLASS = "08"
_UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}
_SQLITE_UNAVAILABLE = ("unable to open database file", "database is locked", "disk I/O error")


def _cache_connection_errors():
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        return ()
    return (RedisConnectionError, RedisTimeoutError)


_CACHE_ERRORS = _cache_connection_errors()


def _operational_error_is_connection_failure(error: OperationalError) -> bool:
    driver_error = error.__cause__
    if driver_error is None:
        return True
    sqlstate = getattr(driver_error, "pgcode", None) or getattr(driver_error, "sqlstate", None)
    if type(driver_error).__module__.startswith("sqlite3"):
        return any(text in str(driver_error) for text in _SQLITE_UNAVAILABLE)
    if sqlstate is None:
        # The client library's own error: no server answered (refused, reset, closed, timed out).
        return True
    return sqlstate.startswith(_CONNECTION_SQLSTATE_CLASS) or sqlstate in _UNAVAILABLE_SQLSTATES


def is_outage(exception: BaseException | None) -> bool:
    """Whether ``exception`` (or what it was raised from) means a server could not be reached."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        if isinstance(exception, InterfaceError):
            return True
        if isinstance(exception, OperationalError):
            return _operational_error_is_connection_failure(exception)
        if type(exception) is DatabaseError:
            # The driver's most general error, not one of the server's (those carry an SQLSTATE) nor
            # one of its own kinds (a ProgrammingError of ours, a DataError): psycopg2 raises it when
            # a connection dies in the middle of a result ("error with status PGRES_TUPLES_OK and no
            # message from the libpq"), as it may while PostgreSQL crashes.
            return _operational_error_is_connection_failure(exception)
        if _CACHE_ERRORS and isinstance(exception, _CACHE_ERRORS):
            return True
        exception = exception.__cause__
    return False


def service_unavailable_response() -> HttpResponse:
    """The 503 page: a plain template and no request, so no context processor touches the database."""
    content = loader.get_template(TEMPLATE).render({"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _note_outage(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if request is not None and is_outage(exception):
        setattr(request, _OUTAGE_ATTRIBUTE, exception)


class ServiceUnavailableMiddleware:
    """Answers 503 (see the module docstring). Goes near the top of MIDDLEWARE, outside sessions,
    the page cache and everything else that may touch the database."""

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_note_outage, dispatch_uid=f"{__name__}.note_outage")

    def __call__(self, request):
        response = self.get_response(request)
        exception = getattr(request, _OUTAGE_ATTRIBUTE, None)
        if response.status_code == 500 and exception is not None:
            self._log(request, exception)
            return service_unavailable_response()
        return response

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        self._log(request, exception)
        return service_unavailable_response()

    @staticmethod
    def _log(request, exception):
        first_line = str(exception).strip().splitlines()[0] if str(exception).strip() else ""
        logger.warning(
            "Service unavailable (%s: %s): answered 503 to %s %s",
            type(exception).__name__,
            first_line,
            request.method,
            request.path,
        )
