"""The portal's public address, for everything that leaves the page: QR codes, the permanent link,
RSS, the sitemap, robots.txt, canonical and social links.

In production ``DJANGO_SITE_URL`` is required (``kpportal.settings.prod``): a printed QR code must
lead to the public name of the site, never to whatever Host header a request carried.

In development ``SITE_URL`` is empty unless set, and the address follows the request being served:
``make run PORT=8123``, ``runserver 0.0.0.0:9000`` started by hand or a colleague opening the
laptop's address on the local network all get codes and links that lead back to where they were
read. The Host header is safe to use there: Django has already checked it against
``ALLOWED_HOSTS`` when the view runs. Nothing cached mixes hosts: the page cache keys a page by
scheme, host and path (``pagecache.middleware.entry_key``) and a QR drawing by the text it encodes,
which holds the host.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost

from core.logging import current_request

# Outside any request (a management command) with no SITE_URL set: where `make run` serves by default.
DEVELOPMENT_DEFAULT = "http://127.0.0.1:8000"


def site_url(request=None) -> str:
    """The site's address without a trailing slash: ``SITE_URL``, else the origin of ``request``
    (by default the request being served)."""
    if settings.SITE_URL:
        return settings.SITE_URL
    request = request if request is not None else current_request.get()
    if request is None:
        return DEVELOPMENT_DEFAULT
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:  # the 400 page for that very request is being rendered: never echo the host
        return DEVELOPMENT_DEFAULT


def absolute_url(path: str, request=None) -> str:
    """The public address of ``path`` (an absolute path such as ``/tin-tuc/…``)."""
    return f"{site_url(request)}{path}"
