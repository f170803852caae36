"""The portal's Vietnamese 404 page in development too.

With ``DEBUG = True`` Django answers an unknown address with its English technical page (the URL
patterns tried), and ``handler404`` is only consulted with ``DEBUG = False``; Django offers no setting
for it. ``make run`` is where an association first tries the portal, so there a wrong address shows the
same page as in production. Only 404s are replaced: a real error still gets Django's debug page,
which is what a developer needs. ``DJANGO_TECHNICAL_404=1`` brings Django's 404 page back (to see which
patterns were tried).
"""

from django.conf import settings
from django.http import Http404
from django.urls import get_resolver


class PortalNotFoundMiddleware:
    """Replaces a 404 page answered in DEBUG by the page ``handler404`` gives in production."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or not settings.DEBUG or response.streaming:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        handler = get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(404)
        return handler(request, Http404())
