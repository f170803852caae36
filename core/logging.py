"""Request context on log records: which page, which method, which staff member, which address.

An error line without them ("Internal Server Error") tells an operator nothing to act on. Django's
own ``django.request`` records carry the request in ``record.request``; every other record written
while a request is being served finds it through ``current_request`` (set by
``core.middleware.RequestContextMiddleware``).
"""

import contextvars
import logging

from core.client import client_ip

current_request = contextvars.ContextVar("current_request", default=None)

UNKNOWN = "-"
CONTEXT_ATTRIBUTES = ("http_method", "http_path", "user_id", "client_ip", "request_summary")


def _user_id(request):
    """The id of the request's user, "anonymous", or "-" if it cannot be read. Remembered per user
    object: a lazily loaded user whose loading failed (a database that is down) is not asked again
    for every log line, and a sign-in or sign-out (a new ``request.user``) is seen."""
    user = request.user
    remembered = vars(request).get("_log_user")
    if remembered is not None and remembered[0] is user:
        return remembered[1]
    try:
        value = str(user.pk) if user.is_authenticated else "anonymous"
    except Exception:
        # A failing database must not turn logging an error into a second error.
        value = UNKNOWN
    request._log_user = (user, value)
    return value


def request_context(request) -> dict:
    """The context of ``request`` as log record attributes (all strings, "-" when unknown)."""
    if request is None:
        return dict.fromkeys(CONTEXT_ATTRIBUTES, UNKNOWN) | {"request_summary": ""}
    context = {
        "http_method": getattr(request, "method", None) or UNKNOWN,
        "http_path": getattr(request, "path", None) or UNKNOWN,
        "user_id": _user_id(request) if hasattr(request, "user") else UNKNOWN,
        "client_ip": client_ip(request) or UNKNOWN,
    }
    context["request_summary"] = " [{http_method} {http_path} user={user_id} ip={client_ip}]".format(**context)
    return context


class RequestContextFilter(logging.Filter):
    """Adds ``http_method``, ``http_path``, ``user_id``, ``client_ip`` and ``request_summary`` (all
    four in brackets, or "" outside a request) to every record."""

    def filter(self, record):
        if all(hasattr(record, name) for name in CONTEXT_ATTRIBUTES):
            return True
        request = getattr(record, "request", None)
        if not hasattr(request, "method"):
            # ``record.request`` may be a socket (django.server) or absent.
            request = current_request.get()
        for name, value in request_context(request).items():
            setattr(record, name, value)
        return True
