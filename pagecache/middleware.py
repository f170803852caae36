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
  already holds (``_LocalCopies``, a few MB) costs only the read of the generation.
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

If the cache server is down, pages are rendered from the database as if there were no cache; an
invalidation that could not be written is retried on the next successful cache call of the process,
and ``PAGECACHE_MAX_AGE`` bounds how long a page rendered before the outage can be served after it.

Two middleware classes share the work. ``EarlyPageCacheMiddleware``, right after WhiteNoise,
answers requests without a session cookie before the rest of the stack runs, so a stored page
costs about what a static file does. ``AnonymousPageCacheMiddleware``, after sessions and CSRF,
stores pages and answers readers whose session exists but is empty.

Settings: ``PAGECACHE_ENABLED`` (``KP_PAGE_CACHE=0`` turns it off), ``PAGECACHE_MAX_AGE`` (seconds),
``PAGECACHE_CACHE_ALIAS``, ``PAGECACHE_EXCLUDED_PATHS`` (path prefixes never cached).
"""

import collections
import datetime
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re

from core import public_content
from pagecache.entries import (
    STATUS_HEADER,
    answer,
    is_current_format,
    made_per_reader_values,
    stored_entry,
)
from pagecache.entries import replay as _replay

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NEXT_PUBLICATION_KEY = "pagecache:next-publication"
ENTRY_KEY_PREFIX = "pagecache:page:"
DEFAULT_MAX_AGE = 3600
# After a failed cache call the cache is left alone for this long, so that an unreachable server
# costs one connection attempt every few seconds instead of one per request.
RETRY_AFTER_FAILURE = 2.0
_NO_STORE_DIRECTIVES = {"private", "no-store", "no-cache"}
_MESSAGES_COOKIE = "messages"


class CacheUnavailable(Exception):
    """The cache server could not be reached; the caller carries on without it."""


_state = {"down_until": 0.0, "pending_bump": False}
_state_lock = threading.Lock()


def reset_state():
    """Forget past failures and local copies (tests change the cache settings between requests)."""
    with _state_lock:
        _state["down_until"] = 0.0
        _state["pending_bump"] = False
    _local_copies.clear()


class _LocalCopies:
    """Pages this process fetched from the shared cache, most recently used last, within a byte
    budget. A copy is only ever served after the shared cache confirms its generation is still
    the current one (one small read), exactly as the shared copy would be: the page itself, tens
    of KB, then need not cross from Redis and be unpickled on every hit."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = collections.OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry[3])
        if size > self.max_bytes // 8:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[3])
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _key, evicted = self.entries.popitem(last=False)
                self.size -= len(evicted[3])

    def discard(self, key):
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[3])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


LOCAL_COPIES_MAX_BYTES = 16 * 1024 * 1024
_local_copies = _LocalCopies(LOCAL_COPIES_MAX_BYTES)


@receiver(setting_changed)
def _reset_on_cache_settings_change(*, setting, **kwargs):
    if setting == "CACHES" or setting.startswith("PAGECACHE_"):
        reset_state()


def _cache():
    return caches[getattr(settings, "PAGECACHE_CACHE_ALIAS", "default")]


def _fresh_generation() -> int:
    # Time-based, so a generation recreated after the cache lost it (restart, eviction) is larger
    # than any value the lost one can have reached: pages stored under it can never match again.
    return time.time_ns() // 1000


def _call(operation, *args):
    """``operation(*args)`` on the cache, or ``CacheUnavailable`` if the server fails or failed just now."""
    if time.monotonic() < _state["down_until"]:
        raise CacheUnavailable
    try:
        result = operation(*args)
    except Exception as exc:
        _state["down_until"] = time.monotonic() + RETRY_AFTER_FAILURE
        logger.warning("Page cache unavailable (%s: %s); serving from the database", type(exc).__name__, exc)
        raise CacheUnavailable from exc
    if _state["pending_bump"]:
        _state["pending_bump"] = False
        bump_generation()
    return result


def _incr_generation(cache):
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:  # missing: first use, or lost by the cache server
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        return cache.incr(GENERATION_KEY)


def bump_generation():
    """Invalidate every stored page, in every process sharing the cache."""
    try:
        _call(_incr_generation, _cache())
    except CacheUnavailable:
        _state["pending_bump"] = True


def _current_generation(cache, found):
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def is_enabled() -> bool:
    return getattr(settings, "PAGECACHE_ENABLED", True)


def _language(request) -> str:
    # Asked of the request, not of the active translation: the early middleware runs before LocaleMiddleware.
    if len(settings.LANGUAGES) == 1:
        return settings.LANGUAGES[0][0]
    return translation.get_language_from_request(request)


def entry_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{_language(request)}"
    return ENTRY_KEY_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()


def _next_local_midnight(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=local.tzinfo)


def _next_publication(cache, generation, now):
    """The next scheduled change of public pages after ``now`` (``core.public_content``: a scheduled
    article's publication), read from the database once per generation (scheduling or rescheduling
    an article raises the generation)."""
    stored = _call(cache.get, NEXT_PUBLICATION_KEY)
    if stored is not None and stored[0] == generation and (stored[1] is None or stored[1] > now):
        return stored[1]
    value = public_content.next_scheduled_change(now)
    _call(cache.set, NEXT_PUBLICATION_KEY, (generation, value), None)
    return value


def _expires_at(cache, generation) -> float:
    """When a page rendered now under ``generation`` stops being valid (epoch seconds)."""
    now = timezone.now()
    limits = [
        now + datetime.timedelta(seconds=getattr(settings, "PAGECACHE_MAX_AGE", DEFAULT_MAX_AGE)),
        _next_local_midnight(now),
    ]
    publication = _next_publication(cache, generation, now)
    if publication is not None:
        limits.append(publication)
    return min(limits).timestamp()


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
    return not request.path.startswith(tuple(excluded))


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
                entry = None
            if entry is not None:
                _local_copies.put(key, entry)
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
        if not (_cacheable(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES):
            return self.get_response(request)
        try:
            entry = _lookup(request)[3]
        except CacheUnavailable:
            return self.get_response(request)
        if entry is None:
            return self.get_response(request)
        # LocaleMiddleware, which this answer skips, adds Vary: Accept-Language and Content-Language.
        response = _replay(request, entry, vary=self.vary)
        if self.locale:
            response.headers.setdefault("Content-Language", _language(request))
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
        if not (_cacheable(request) and _session_is_empty(request)):
            return self.get_response(request)
        try:
            cache, key, generation, entry = _lookup(request)
        except CacheUnavailable:
            return self.get_response(request)
        if entry is not None:
            return _replay(request, entry)

        response = self.get_response(request)
        if storable(request, response):
            try:
                expires_at = _expires_at(cache, generation)
                timeout = int(expires_at - time.time())
                if timeout > 0:
                    entry = stored_entry(response, response.content, generation, expires_at)
                    _call(cache.set, key, entry, timeout)
                    response = answer(request, response, entry)
                    response[STATUS_HEADER] = "miss"
            except CacheUnavailable:
                pass
        return response


class _ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend, keeping one ``redis.Redis`` client per connection pool.

    Django builds a new client object for every cache call, which costs more than the call itself
    on a cached page; the client is thread-safe and its pool does the connection handling."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingRedisCacheClient
