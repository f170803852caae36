"""Site-wide request handling: request context for logs, CSP for the admin, and form bodies in an
encoding the portal does not read. The client's address and the sign-in name django-axes counts are
in ``core.client``."""

import re

from django.core.exceptions import BadRequest
from django.urls import reverse
from django.views.defaults import bad_request

from core.logging import current_request


class RequestContextMiddleware:
    """Makes the current request known to ``core.logging.RequestContextFilter``."""

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


FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class FormEncodingMiddleware:
    """Answers a form body declared in another encoding than UTF-8 with the Vietnamese 400 page.

    Browsers send a form in its page's encoding, UTF-8 everywhere on the portal; anything else is a
    script or a broken client. Django refuses such an url-encoded body only when it is first read, and
    whatever reads it again afterwards (the CSRF check, the debug page in development) raised once
    more: a 500 and three tracebacks. A multipart body would be decoded as UTF-16 into nonsense.
    Early in MIDDLEWARE, before anything reads ``request.POST``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_type in FORM_CONTENT_TYPES else None
        # Django's own rule for url-encoded bodies: only the name "utf-8" itself (not "utf8").
        if charset is not None and charset.lower() != "utf-8":
            return bad_request(request, BadRequest(f"Form body declared as {charset[:40]!r}, not UTF-8."))
        return self.get_response(request)
