"""Whole public pages for anonymous readers, served from Django's cache and invalidated exactly.

Readers come in bursts; editors change content a few times an hour. Every anonymous GET of a
public page is answered from the cache once it has been rendered, so the database sees editors,
not readers. Correctness rests on three rules:

- **One content generation.** A number stored in the shared cache (``GENERATION_KEY``) is raised
  whenever any public content changes (``kpportal.cache_invalidation`` connects the receivers).
  Every stored page remembers the generation it was rendered under and is valid only while that
  generation is current, so an edit saved through one process or server is seen through all of
  them on the next request, as long as they share the cache (Redis in production; the local
  memory cache of the embedded default is per process, which is right for one process only).
  The page and the generation are read in one round trip (``get_many``); a page this process
  already holds (``_LocalCopies``, a few MB) costs only the read of the generation.
- **Time.** A stored page never outlives the next scheduled publication
  (``Article.objects.next_publication_time()``), the next local midnight (dates and programme
  statuses are derived from today) or ``PAGECACHE_MAX_AGE``: a scheduled article appears at its
  time with no job running.
- **Nothing personal.** Only requests without session data (nobody logged in, no pending
  messages) and without an ``Authorization`` header are served or stored. A response is stored
  only if it is a plain 200 that set no cookie of its own, showed no message, did not write to
  the session, and does not say ``private``/``no-store``/``no-cache`` (``never_cache`` opts a
  view out) or ``Vary: Cookie``.

Two per-visitor values are punched out of a stored page and filled in afresh on every hit:

- **CSRF tokens** (the article page's comment form). Before a page is stored, every token
  rendered into it (any 64-character value that unmasks to this visitor's CSRF secret) is
  replaced by ``CSRF_PLACEHOLDER``; the stored copy holds no token. On a hit the placeholder
  becomes ``csrf_token(request)`` (Django's ``get_token``, with fewer system calls) for the
  reader at hand, and ``CsrfViewMiddleware`` (earlier in MIDDLEWARE) sets that reader's CSRF
  cookie as it would for a rendered page. A page whose token
  cannot be punched out this way (its secret itself appears, or the placeholder text is already
  there, or tokens live in the session) is not stored.
- **The CSP nonce**: a new one replaces the stored one, and ``CSPMiddleware`` (earlier in
  MIDDLEWARE) puts the new one into the header.

If the cache server is down or full, pages are rendered from the database as if there were no
cache; an invalidation that could not be written is retried before the next cache call of the
process, and ``PAGECACHE_MAX_AGE`` bounds how long a page rendered before the outage can be served
after it. Which requests have a key at all (known query parameters only), how many query strings
of one address are stored, the generation and the cache calls: ``kpportal.pagecache_store``.

Two middleware classes share the work. ``EarlyPageCacheMiddleware``, right after WhiteNoise,
answers requests without a session cookie before the rest of the stack runs, so a stored page
costs about what a static file does. ``AnonymousPageCacheMiddleware``, after sessions and CSRF,
stores pages and answers readers whose session exists but is empty.

Settings: ``PAGECACHE_ENABLED`` (``KP_PAGE_CACHE=0`` turns it off), ``PAGECACHE_MAX_AGE`` (seconds),
``PAGECACHE_CACHE_ALIAS``, ``PAGECACHE_EXCLUDED_PATHS`` (path prefixes never cached),
``PAGECACHE_MAX_VARIANTS`` (query strings stored per address).
"""

import logging
import os
import re
import time

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.utils.cache import cc_delim_re, patch_vary_headers

# Keys, generation, expiry and the cache calls live in pagecache_store; re-exported for callers.
from kpportal.pagecache_store import (  # noqa: F401
    ENTRY_KEY_PREFIX,
    GENERATION_KEY,
    NEXT_PUBLICATION_KEY,
    CacheUnavailable,
    _cache,
    _call,
    _current_generation,
    _expires_at,
    _language,
    _local_copies,
    _LocalCopies,
    admit_variant,
    bump_generation,
    entry_key,
    page_address,
    reset_state,
)

logger = logging.getLogger(__name__)

STATUS_HEADER = "X-Page-Cache"
_NO_STORE_DIRECTIVES = {"private", "no-store", "no-cache"}
_MESSAGES_COOKIE = "messages"
CSRF_PLACEHOLDER = b"@@kpportal-page-cache-csrf-token@@"
# A masked CSRF token as Django renders it: 64 letters and digits, delimited.
_CSRF_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def is_enabled() -> bool:
    return getattr(settings, "PAGECACHE_ENABLED", True)


def _session_is_empty(request) -> bool:
    """No logged-in user, no session data and no pending messages: nothing personal on the page."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) is None:
        return True
    # A session cookie: served from the cache only if the session holds nothing (no login,
    # no messages); a staff member's first request after logging in is never a cached page.
    return not session.keys()


def _cacheable(request) -> bool:
    """A GET or HEAD of a public address, by someone who cannot be logged in or have messages waiting."""
    if request.method not in ("GET", "HEAD") or not is_enabled():
        return False
    if request.META.get("HTTP_AUTHORIZATION") or _MESSAGES_COOKIE in request.COOKIES:
        return False
    excluded = getattr(settings, "PAGECACHE_EXCLUDED_PATHS", ("/quan-tri/",))
    # page_address: None for an unknown query parameter or value (kpportal/pagecache_store.py).
    return not request.path.startswith(tuple(excluded)) and page_address(request) is not None


def _cache_control_forbids_storing(response) -> bool:
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return bool(directives & _NO_STORE_DIRECTIVES)


def _varies_on_cookie(response) -> bool:
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    return "cookie" in vary or "*" in vary


def storable(request, response) -> bool:
    """Whether ``response`` may be shown to every anonymous reader (once its CSRF tokens are punched out)."""
    if request.method != "GET" or response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if response.cookies:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or len(messages)):
        return False
    session = getattr(request, "session", None)
    if session is None or session.modified:
        return False
    return not (_cache_control_forbids_storing(response) or _varies_on_cookie(response))


def punch_csrf_tokens(request, content: bytes) -> bytes | None:
    """``content`` with every CSRF token of this request replaced by ``CSRF_PLACEHOLDER``; None if
    that cannot be done safely (the page must then not be stored)."""
    # get_token() always puts the secret here; without one no token can be on the page. With one
    # (the reader's cookie, or a new secret), every candidate is checked, whatever the flags say.
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content
    if getattr(settings, "CSRF_USE_SESSIONS", False) or CSRF_PLACEHOLDER in content or secret.encode() in content:
        return None

    def punch(match):
        token = match.group(0)
        return CSRF_PLACEHOLDER if _unmask_cipher_token(token.decode()) == secret else token

    return _CSRF_TOKEN.sub(punch, content)


# The largest multiple of len(CSRF_ALLOWED_CHARS) below 256: bytes at or above it are skipped, so
# that every character is equally likely.
_UNBIASED_BYTE_LIMIT = 256 - 256 % len(CSRF_ALLOWED_CHARS)
_CSRF_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_csrf_indices(length=CSRF_SECRET_LENGTH):
    """``length`` positions in CSRF_ALLOWED_CHARS, uniform, from the OS's random source, as
    Django's ``get_random_string`` draws them, but from one ``os.urandom`` call instead of one per
    character: on a cached article page those 64 system calls cost more than the rest of the answer."""
    indices, size = [], len(CSRF_ALLOWED_CHARS)
    while len(indices) < length:
        indices += [byte % size for byte in os.urandom(2 * length) if byte < _UNBIASED_BYTE_LIMIT]
    return indices[:length]


def csrf_token(request):
    """``django.middleware.csrf.get_token(request)``, drawing the new secret (a reader without a
    CSRF cookie) and the mask with ``_random_csrf_indices``: the same token format, and the same
    cookie handling by ``CsrfViewMiddleware.process_response``."""
    chars, size = CSRF_ALLOWED_CHARS, len(CSRF_ALLOWED_CHARS)
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = "".join(chars[i] for i in _random_csrf_indices())
    # As get_token: the cookie is (re)sent, renewing its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_csrf_indices()
    cipher = "".join(chars[(_CSRF_CHAR_INDEX[x] + y) % size] for x, y in zip(secret, mask, strict=True))
    return "".join(chars[i] for i in mask) + cipher


def _csp_attributes(response):
    return {name: value for name, value in vars(response).items() if name.startswith("_csp")}


def _stored_entry(request, response, content, generation, expires_at):
    nonce = getattr(request, "_csp_nonce", None)
    headers = [(name, value) for name, value in response.items() if name.lower() != STATUS_HEADER.lower()]
    nonce = nonce if isinstance(nonce, str) else None
    return (generation, expires_at, headers, content, nonce, _csp_attributes(response))


def _replay(request, entry, csrf=None, vary=("Cookie",)):
    """The stored page, its per-reader parts filled in. ``csrf`` is a ``CsrfViewMiddleware`` to run
    around it when serving before that middleware has seen the request; ``vary``: the headers the
    answer varies on, as on the page when it was rendered."""
    _generation, _expires, headers, content, nonce, csp_attributes = entry
    if nonce:
        fresh = str(request.csp_nonce) if hasattr(request, "csp_nonce") else nonce
        content = content.replace(f'nonce="{nonce}"'.encode(), f'nonce="{fresh}"'.encode())
    punched = CSRF_PLACEHOLDER in content
    if punched:
        if csrf is not None:
            csrf.process_request(request)  # the reader's own secret, from their cookie
        content = content.replace(CSRF_PLACEHOLDER, csrf_token(request).encode())
    response = HttpResponse(content)
    # The stored headers were checked by HttpResponse when the page was rendered: they are put
    # back as they were, without checking each again (a tenth of a cached answer's time).
    response.headers._store.update((name.lower(), (name, value)) for name, value in headers)
    for name, value in csp_attributes.items():
        setattr(response, name, value)
    response[STATUS_HEADER] = "hit"
    # As on the page when it was rendered (SessionMiddleware adds Cookie there): what a reader gets
    # depends on their cookies, so no shared cache on the way may hand it to someone else.
    patch_vary_headers(response, vary)
    if csrf is not None:
        response["Content-Length"] = str(len(content))
        if punched:
            response = csrf.process_response(request, response)  # sets the reader's CSRF cookie
    return response


def _lookup(request):
    """(cache, key, generation, valid entry or None), once per request; CacheUnavailable if down."""
    found = getattr(request, "_pagecache_lookup", None)
    if found is None:
        cache = _cache()
        key = entry_key(request)
        local = _local_copies.get(key)
        if local is not None:
            # Only the generation crosses the network; the page is the one this process holds.
            stored = {GENERATION_KEY: _call(cache.get, GENERATION_KEY)}
            generation = _call(_current_generation, cache, stored)
            entry = local if _valid(local, generation) else None
            if entry is None:
                _local_copies.discard(key)
                stored = {key: _call(cache.get, key)}
        else:
            stored = _call(cache.get_many, [GENERATION_KEY, key])
            generation = _call(_current_generation, cache, stored)
        if local is None or entry is None:
            entry = stored.get(key)
            if entry is not None and not _valid(entry, generation):
                _call(cache.delete, key)  # of an old generation: not kept, even if not stored again
                entry = None
            if entry is not None:
                _local_copies.put(key, entry)
        found = request._pagecache_lookup = (cache, key, generation, entry)
    return found


def _valid(entry, generation):
    return entry[0] == generation and time.time() < entry[1]


class EarlyPageCacheMiddleware:
    """Answers anonymous readers from the cache before sessions, CSRF, auth and the rest run.

    Goes right after WhiteNoiseMiddleware: a stored page then costs about what a static file does.
    Only requests carrying no session cookie at all are answered here (nobody can be logged in
    without one); everything else, and every page not in the cache, goes on to
    ``AnonymousPageCacheMiddleware``, which also stores pages. A page holding a CSRF token gets
    the reader's own token and cookie from Django's ``CsrfViewMiddleware``, run here for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.locale = "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
        self.vary = ("Cookie", "Accept-Language") if self.locale else ("Cookie",)

    def __call__(self, request):
        if not (_cacheable(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES):
            return self.get_response(request)
        try:
            entry = _lookup(request)[3]
        except CacheUnavailable:
            return self.get_response(request)
        if entry is None:
            return self.get_response(request)
        # LocaleMiddleware, which this answer skips, adds Vary: Accept-Language and Content-Language.
        response = _replay(request, entry, csrf=self.csrf, vary=self.vary)
        if self.locale:
            response.headers.setdefault("Content-Language", _language(request))
        return response


class AnonymousPageCacheMiddleware:
    """Serves and stores anonymous public pages (see the module docstring).

    Goes after SessionMiddleware (it needs ``request.session``) and CsrfViewMiddleware (which sets
    the CSRF cookie of a reader given a token from a stored page), and before
    AuthenticationMiddleware and MessageMiddleware, whose effects it sees on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (_cacheable(request) and _session_is_empty(request)):
            return self.get_response(request)
        try:
            cache, key, generation, entry = _lookup(request)
        except CacheUnavailable:
            return self.get_response(request)
        if entry is not None:
            return _replay(request, entry)

        response = self.get_response(request)
        content = punch_csrf_tokens(request, response.content) if storable(request, response) else None
        if content is not None:
            try:
                expires_at = _expires_at(cache, generation)
                timeout = int(expires_at - time.time())
                if timeout > 0 and _call(admit_variant, cache, request):
                    entry = _stored_entry(request, response, content, generation, expires_at)
                    _call(cache.set, key, entry, timeout)
                    response[STATUS_HEADER] = "miss"
            except CacheUnavailable:
                pass
        return response
