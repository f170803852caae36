"""What the page cache stores of a page, and how it answers a reader from it (``pagecache.middleware``).

A stored page is the same bytes for every reader. Nothing in it is per visitor:

- **No CSRF token.** The forms that need one live on pages that are never cached: the feedback
  form (``/gop-y/``) and the comment form, whose own page ``/tin-tuc/<id>-<slug>/binh-luan/`` the
  cached article page links to (``static/js/comments.js`` fetches that form into the article page
  when the reader asks for it; without JavaScript the link opens the form's page). A response for
  which Django made a token (``get_token`` sets ``CSRF_COOKIE_NEEDS_UPDATE``) is never stored.
- **No CSP nonce.** Public pages run only static files (``script-src 'self'``); the nonce is the
  admin's (``AdminImportMapNonceMiddleware``), and a response for which one was made (django-csp:
  ``bool(request.csp_nonce)``) is never stored. The policy header itself is added on every answer
  by ``CSPMiddleware``, outside the page cache; a view with its own policy (django-csp's
  ``csp_update``/``csp_replace`` decorators) must be ``never_cache``.

Identical bytes can be validated, and held by a proxy:

- **Validators.** A page gets a strong ``ETag`` (a hash of the stored bytes, computed once when it
  is stored) unless its view set one (the QR images), and a ``Last-Modified`` (the view's own, as
  the feeds give, or the moment the page was stored). A conditional GET that matches (``If-None-Match``,
  or ``If-Modified-Since`` without it) is answered 304 from the stored entry by Django's
  ``get_conditional_response``, on a hit of either middleware and on the request that stores it.
- **Cache-Control.** A page whose view said nothing about caching goes out with ``public,
  max-age=PAGECACHE_BROWSER_MAX_AGE, s-maxage=PAGECACHE_SHARED_MAX_AGE``, each cut to the time the
  stored entry has left. Invalidation is by the generation in the shared cache, which a browser or
  proxy does not see: those two must stay short (docs/operations.md, docs/deploy/nginx-cache.conf).
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

STATUS_HEADER = "X-Page-Cache"
DEFAULT_BROWSER_MAX_AGE = 0
DEFAULT_SHARED_MAX_AGE = 10


def made_per_reader_values(request) -> bool:
    """Whether rendering this response made a CSRF token or a CSP nonce (it must then not be stored)."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    # django-csp documents the test: true once the nonce was generated for this request.
    return bool(getattr(request, "csp_nonce", None))


def strong_etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def cache_control(expires_at: float, now: float | None = None) -> str:
    """``public, max-age=…, s-maxage=…`` for a page valid until ``expires_at`` (epoch seconds)."""
    left = max(0, int(expires_at - (time.time() if now is None else now)))
    browser = min(left, getattr(settings, "PAGECACHE_BROWSER_MAX_AGE", DEFAULT_BROWSER_MAX_AGE))
    shared = min(left, getattr(settings, "PAGECACHE_SHARED_MAX_AGE", DEFAULT_SHARED_MAX_AGE))
    return f"public, max-age={browser}, s-maxage={shared}"


def stored_entry(response, content, generation, expires_at):
    """The entry for ``response`` (a storable 200), which also gets the entry's validators and
    Cache-Control: the reader who caused the render is answered exactly as the next ones will be.

    (generation, expires_at, headers, content, (etag, last_modified), timed): ``timed`` when the
    Cache-Control header is the page cache's, recomputed on every answer from ``expires_at``."""
    if not response.has_header("ETag"):
        response["ETag"] = strong_etag(content)
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(time.time())
    timed = not response.has_header("Cache-Control")
    last_modified = parse_http_date_safe(response["Last-Modified"])
    skipped = {STATUS_HEADER.lower(), "cache-control"} if timed else {STATUS_HEADER.lower()}
    headers = [(name, value) for name, value in response.items() if name.lower() not in skipped]
    if timed:
        response["Cache-Control"] = cache_control(expires_at)
    return (generation, expires_at, headers, content, (response["ETag"], last_modified), timed)


def is_current_format(entry) -> bool:
    """Whether ``entry`` was stored by this code: entries of the release before (a CSP nonce and
    django-csp's attributes where the validators now are) stay in Redis after an upgrade until
    they expire; they are rendered again instead of served."""
    return len(entry) == 6 and isinstance(entry[4], tuple) and isinstance(entry[5], bool)


def answer(request, response, entry):
    """``response`` (the page, or its stored copy) or a 304 if the reader's copy is still this one."""
    etag, last_modified = entry[4]
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


def replay(request, entry, vary=("Cookie",)):
    """The stored page as the answer to ``request``, or 304 Not Modified. ``vary``: the headers the
    answer varies on, as on the page when it was rendered."""
    _generation, expires_at, headers, content, _validators, timed = entry
    response = HttpResponse(content, headers=headers)
    if timed:
        response["Cache-Control"] = cache_control(expires_at)
    # As on the page when it was rendered (SessionMiddleware adds Cookie there): a logged-in reader
    # of the same address gets another page.
    patch_vary_headers(response, vary)
    response["Content-Length"] = str(len(content))
    response = answer(request, response, entry)
    response[STATUS_HEADER] = "hit"
    return response
