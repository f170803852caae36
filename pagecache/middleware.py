"""Whole public pages for anonymous readers, served from Django's cache and invalidated exactly.

Readers come in bursts; editors change content a few times an hour. Every anonymous GET of a
public page is answered from the cache once it has been rendered, so the database sees editors,
not readers. Correctness rests on three rules:

- **One content generation.** A number stored in the shared cache (``GENERATION_KEY``) is raised
  whenever any public content changes (``pagecache.invalidation`` connects the receivers).
  Every stored page remembers the generation it was rendered under and is valid only while that
  generation is current, so an edit saved through one process or server is seen through all of
  them on the next request, as long as they share the cache (Redis in production; the local
  memory cache of the embedded default is per process, which is right for one process only).
  The page and the generation are read in one round trip (``get_many``); a page this process
  already holds (``LocalCopies``, a few MB) costs no round trip at all while Redis has not
  reported a change of the generation (``pagecache.generation_watch``: Redis pushes the report on
  the process's own connection before it answers the writer).
- **Time.** A stored page never outlives the next scheduled change
  (``core.public_content.next_scheduled_change``: a scheduled article's time), the next local
  midnight (dates and programme statuses are derived from today) or ``PAGECACHE_MAX_AGE``: a
  scheduled article appears at its time with no job running.
- **Nothing personal.** Only requests without session data (nobody logged in, no pending
  messages) and without an ``Authorization`` header are served or stored. A response is stored
  only if it is a plain 200 that set no cookie of its own, showed no message, did not write to
  the session, made no CSRF token and no CSP nonce, and does not say ``private``/``no-store``/
  ``no-cache`` (``never_cache`` opts a view out) or ``Vary: Cookie``.

So nothing per visitor is in a stored page: every reader gets the same bytes, with a strong
``ETag``, a ``Last-Modified`` and ``Cache-Control: public, s-maxage``, and a conditional GET
is answered 304 from the cache (``pagecache.entries``).

If the cache server is down or full, pages are rendered from the database as if there were no
cache; an invalidation that could not be written is retried before the next cache call of the
process, and ``PAGECACHE_MAX_AGE`` bounds how long a page rendered before the outage can be served
after it. Which requests have a key at all (known query parameters only), how many query strings
of one address are stored, the generation and the cache calls: ``pagecache.store``.

Two middleware classes share the work. ``EarlyPageCacheMiddleware``, right after WhiteNoise,
answers requests without a session cookie before the rest of the stack runs, so a stored page
costs about what a static file does. ``AnonymousPageCacheMiddleware``, after sessions and CSRF,
stores pages and answers readers whose session exists but is empty.

Settings: ``PAGECACHE_ENABLED`` (``KP_PAGE_CACHE=0`` turns it off), ``PAGECACHE_MAX_AGE`` (seconds),
``PAGECACHE_CACHE_ALIAS``, ``PAGECACHE_EXCLUDED_PATHS`` (path prefixes never cached),
``PAGECACHE_MAX_VARIANTS`` (query strings stored per address).
"""

import logging
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.utils.cache import cc_delim_re

from pagecache.entries import (
    STATUS_HEADER,
    answer,
    is_current_format,
    made_per_reader_values,
    replay,
    stored_entry,
)

# Keys, generation, expiry and the cache calls live in pagecache.store; some are re-exported for
# the tests, which know the page cache by this module.
from pagecache.store import (  # noqa: F401
    ENTRY_KEY_PREFIX,
    GENERATION_KEY,
    NEXT_PUBLICATION_KEY,
    CacheUnavailable,
    LocalCopies,
    admit_variant,
    bump_generation,
    cache_call,
    current_generation,
    entry_key,
    expires_at_for,
    local_copies,
    page_address,
    read_generation,
    request_language,
    reset_state,
    shared_cache,
)

logger = logging.getLogger(__name__)

_NO_STORE_DIRECTIVES = {"private", "no-store", "no-cache"}
_MESSAGES_COOKIE = "messages"


def is_enabled() -> bool:
    return getattr(settings, "PAGECACHE_ENABLED", True)


def session_is_empty(request) -> bool:
    """No logged-in user, no session data and no pending messages: nothing personal on the page."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) is None:
        return True
    # A session cookie: served from the cache only if the session holds nothing (no login,
    # no messages); a staff member's first request after logging in is never a cached page.
    return not session.keys()


def cacheable(request) -> bool:
    """A GET or HEAD of a public address, by someone who cannot be logged in or have messages waiting."""
    if request.method not in ("GET", "HEAD") or not is_enabled():
        return False
    if request.META.get("HTTP_AUTHORIZATION") or _MESSAGES_COOKIE in request.COOKIES:
        return False
    excluded = getattr(settings, "PAGECACHE_EXCLUDED_PATHS", ("/quan-tri/",))
    # page_address: None for an unknown query parameter or value (pagecache/store.py).
    return not request.path.startswith(tuple(excluded)) and page_address(request) is not None


def _cache_control_forbids_storing(response) -> bool:
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return bool(directives & _NO_STORE_DIRECTIVES)


def _varies_on_cookie(response) -> bool:
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    return "cookie" in vary or "*" in vary


def storable(request, response) -> bool:
    """Whether ``response`` may be shown to every anonymous reader, byte for byte."""
    if request.method != "GET" or response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if response.cookies:
        return False
    messages = get_messages(request)  # the request's message storage ([] without MessageMiddleware)
    if getattr(messages, "used", False) or len(messages):
        return False
    session = getattr(request, "session", None)
    if session is None or session.modified or made_per_reader_values(request):
        return False
    return not (_cache_control_forbids_storing(response) or _varies_on_cookie(response))


def lookup(request):
    """(cache, key, generation, valid entry or None), once per request; CacheUnavailable if down."""
    found = getattr(request, "_pagecache_lookup", None)
    if found is None:
        cache = shared_cache()
        key = entry_key(request)
        local = local_copies.get(key)
        if local is not None:
            # Only the generation crosses the network; the page is the one this process holds.
            stored = cache_call(read_generation, cache)
            generation = cache_call(current_generation, cache, stored)
            entry = local if _valid(local, generation) else None
            if entry is None:
                local_copies.discard(key)
                stored = {key: cache_call(cache.get, key)}
        else:
            stored = cache_call(read_generation, cache, key)
            generation = cache_call(current_generation, cache, stored)
        if local is None or entry is None:
            entry = stored.get(key)
            if entry is not None and not _valid(entry, generation):
                cache_call(cache.delete, key)  # of an old generation: not kept, even if not stored again
                entry = None
            if entry is not None:
                local_copies.put(key, entry)
        found = request._pagecache_lookup = (cache, key, generation, entry)
    return found


def _valid(entry, generation):
    return entry[0] == generation and time.time() < entry[1] and is_current_format(entry)


class EarlyPageCacheMiddleware:
    """Answers anonymous readers from the cache before sessions, CSRF, auth and the rest run.

    Goes right after WhiteNoiseMiddleware: a stored page then costs about what a static file does.
    Only requests carrying no session cookie at all are answered here (nobody can be logged in
    without one); everything else, and every page not in the cache, goes on to
    ``AnonymousPageCacheMiddleware``, which also stores pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.locale = "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
        self.vary = ("Cookie", "Accept-Language") if self.locale else ("Cookie",)

    def __call__(self, request):
        if not (cacheable(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES):
            return self.get_response(request)
        try:
            entry = lookup(request)[3]
        except CacheUnavailable:
            return self.get_response(request)
        if entry is None:
            return self.get_response(request)
        # LocaleMiddleware, which this answer skips, adds Vary: Accept-Language and Content-Language.
        response = replay(request, entry, vary=self.vary)
        if self.locale:
            response.headers.setdefault("Content-Language", request_language(request))
        return response


class AnonymousPageCacheMiddleware:
    """Serves and stores anonymous public pages (see the module docstring).

    Goes after SessionMiddleware (it needs ``request.session``) and CsrfViewMiddleware (whose
    ``get_token`` marks a response holding a token, never stored), and before
    AuthenticationMiddleware and MessageMiddleware, whose effects it sees on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (cacheable(request) and session_is_empty(request)):
            return self.get_response(request)
        try:
            cache, key, generation, entry = lookup(request)
        except CacheUnavailable:
            return self.get_response(request)
        if entry is not None:
            return replay(request, entry)

        response = self.get_response(request)
        if storable(request, response):
            try:
                expires_at = expires_at_for(cache, generation)
                timeout = int(expires_at - time.time())
                if timeout > 0 and cache_call(admit_variant, cache, request):
                    entry = stored_entry(response, response.content, generation, expires_at)
                    cache_call(cache.set, key, entry, timeout)
                    response = answer(request, response, entry)
                    response[STATUS_HEADER] = "miss"
            except CacheUnavailable:
                pass
        return response
