"""Site-wide request handling: the client's address, request context for logs, CSP for the admin."""

import re

from django.conf import settings
from django.urls import reverse

from kpportal.logging import current_request


def client_ip(request) -> str | None:
    """The visitor's address. Behind ``DJANGO_TRUSTED_PROXY_COUNT`` reverse proxies it is taken from
    X-Forwarded-For, counting from the right: entries further left are whatever the client sent and
    cannot be trusted. Also used by django-axes (``AXES_CLIENT_IP_CALLABLE``)."""
    meta = getattr(request, "META", {})
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return meta.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the current request known to ``kpportal.logging.RequestContextFilter``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


_IMPORTMAP = re.compile(rb'<script type="importmap"(?=[\s>])(?![^>]*\snonce=)')


class AdminImportMapNonceMiddleware:
    """Gives the admin's inline import map the request's CSP nonce.

    django-prose-editor's widget media (django-js-asset) renders ``<script type="importmap">`` inline,
    and Django 5.2's admin templates do not pass a nonce to ``{{ media }}``. Without a nonce the
    policy (no 'unsafe-inline' for scripts) blocks the import map and the editor does not load.
    Only admin pages (staff only, no reader content rendered unescaped) are rewritten, and only
    import maps: they map module names to URLs, which script-src 'self' still restricts.

    Must come after ``csp.middleware.CSPMiddleware`` in MIDDLEWARE, so that the nonce it reads here
    is added to the header on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        return self._admin_prefix

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(self.admin_prefix())
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
            and hasattr(request, "csp_nonce")
            and _IMPORTMAP.search(response.content)
        ):
            nonce = str(request.csp_nonce).encode("ascii")
            response.content = _IMPORTMAP.sub(b'<script type="importmap" nonce="' + nonce + b'"', response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
