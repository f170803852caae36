"""Where the page cache keeps pages: their keys, the content generation and the cache calls.

``pagecache.middleware`` decides what is stored and how a stored page is replayed; this module
decides under which key, for how long, and whether the cache may be used at all. It bounds what
the cache can hold, whatever readers (or robots) ask for:

- **Only known query parameters form a key.** Each public view declares the GET parameters it
  reads (``@core.query_parameters.cache_key_parameters("page")`` on the view or its class). A request carrying any other
  parameter, a parameter twice, a value longer than ``MAX_VALUE_LENGTH`` or a page number that is
  not one (``?page=01``, ``?page=abc``) is rendered as usual but neither looked up nor stored: it
  creates no key. The known parameters form the key in a canonical order (``?page=2&q=x`` and
  ``?q=x&page=2`` are one page). A view that declares nothing is cached only without a query string.
- **Distinct query strings per address are capped.** Known parameters can still take random
  values (``?q=<anything>``, ``?page=987654``); at most ``PAGECACHE_MAX_VARIANTS`` query strings
  of one address are stored within ``PAGECACHE_MAX_AGE`` (a counter per address, expiring with
  it); past that they are rendered without being stored. An address without a query string is
  always stored. So the cache holds at most (public addresses) x (1 + 2 x the cap) pages; the
  addresses are those of published content, since a page that does not exist is a 404, never stored.
- **An old generation is not kept.** A page's key does not contain the generation: the page
  rendered under a new generation overwrites the old one, a stale entry found by a lookup is
  deleted, and every entry expires after ``PAGECACHE_MAX_AGE`` at most (Redis evicts by TTL).

**The generation** (``GENERATION_KEY``, no expiry) is raised once per transaction that changes
public content (``schedule_bump``, called by ``pagecache.invalidation.content_changed``): at
commit, or at once outside a transaction. Other processes only see committed data, so pages they
render before the commit are stored under the old generation and invalid after it. Pages rendered
by the same thread inside the transaction (tests, where the test client shares the connection)
see the uncommitted change: that thread raises the generation before its next lookup (after a
rollback that costs one needless raise, on that thread's next anonymous page).

**Cache failures.** Every call goes through ``cache_call``: an error of the cache server (down,
hanging, or full: "OOM command not allowed") turns into ``CacheUnavailable`` and the page is
rendered from the database; the cache is then left alone for ``RETRY_AFTER_FAILURE`` seconds. A
bump that could not be written is retried before the next cache call of the process, and until it
succeeds this process serves no stored page. The page cache's cache alias must therefore raise
errors (django-redis without ``IGNORE_EXCEPTIONS``, ``kpportal.settings.cache_servers``); every other use
of the cache goes through the ``default`` alias, which ignores them.
"""

import collections
import datetime
import functools
import hashlib
import logging
import re
import threading
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from core import database_routing, public_content
from core.query_parameters import declared_parameters
from pagecache.generation_watch import watch_for

logger = logging.getLogger("pagecache.middleware")

GENERATION_KEY = "pagecache:generation"
NEXT_PUBLICATION_KEY = "pagecache:next-publication"
ENTRY_KEY_PREFIX = "pagecache:page:"
VARIANTS_KEY_PREFIX = "pagecache:variants:"
# The primary's write-ahead log position recorded for a generation (``record_primary_position``).
POSITION_KEY_PREFIX = "pagecache:primary-position:"
POSITION_MAX_AGE = 24 * 3600
DEFAULT_MAX_AGE = 3600
DEFAULT_MAX_VARIANTS = 50
# After a failed cache call the cache is left alone for this long, so that an unreachable server
# costs one connection attempt every few seconds instead of one per request.
RETRY_AFTER_FAILURE = 2.0
# Longer values (a pasted paragraph as search words) are rendered, never stored.
MAX_VALUE_LENGTH = 100
# Values that are stored only in this form; others are rendered (the page shows a correction).
PARAMETER_FORMATS = {"page": re.compile(r"[1-9][0-9]{0,5}|last")}


class CacheUnavailable(Exception):
    """The cache server could not be reached; the caller carries on without it."""


_state = {"down_until": 0.0, "pending_bump": False}
_state_lock = threading.Lock()
# Per thread: a change of public content in a transaction not yet committed (see ``schedule_bump``).
_uncommitted = threading.local()


def reset_state():
    """Forget past failures and local copies (tests change the cache settings between requests)."""
    with _state_lock:
        _state["down_until"] = 0.0
        _state["pending_bump"] = False
    _uncommitted.changed = _uncommitted.pending = False
    local_copies.clear()
    _view_parameters.cache_clear()
    with _state_lock:
        watch = _state.pop("watch", None)
    if watch is not None:
        watch.close()


class LocalCopies:
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
local_copies = LocalCopies(LOCAL_COPIES_MAX_BYTES)


@receiver(setting_changed)
def _reset_on_cache_settings_change(*, setting, **kwargs):
    if setting in ("CACHES", "ROOT_URLCONF") or setting.startswith("PAGECACHE_"):
        reset_state()


def shared_cache():
    return caches[getattr(settings, "PAGECACHE_CACHE_ALIAS", "default")]


def request_language(request) -> str:
    # Asked of the request, not of the active translation: the early middleware runs before LocaleMiddleware.
    if len(settings.LANGUAGES) == 1:
        return settings.LANGUAGES[0][0]
    return translation.get_language_from_request(request)


@functools.lru_cache(maxsize=2048)
def _view_parameters(path):
    """The GET parameters the view at ``path`` declares; None where no view answers (a 404)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return declared_parameters(match.func)


def _canonical_query(request):
    """The known parameters of the request in a canonical order ("" for none); None if the request
    carries anything else, so that it must not be looked up or stored."""
    known = _view_parameters(request.path_info)
    if known is None:
        return None
    if not request.META.get("QUERY_STRING"):
        return ""  # most requests: no need to parse anything
    pairs = []
    for name, values in request.GET.lists():
        if name not in known or len(values) != 1 or len(values[0]) > MAX_VALUE_LENGTH:
            return None
        value_format = PARAMETER_FORMATS.get(name)
        if value_format is not None and not value_format.fullmatch(values[0]):
            return None
        pairs.append((name, values[0]))
    return urlencode(sorted(pairs))


def page_address(request):
    """What identifies the page ``request`` asks for (scheme, host, path, known parameters,
    language), or None if it must be neither looked up nor stored. Worked out once per request."""
    try:
        return request.pagecache_address
    except AttributeError:
        pass
    query = _canonical_query(request)
    address = None
    if query is not None:
        path = f"{request.path}?{query}" if query else request.path
        address = f"{request.scheme}://{request.get_host()}{path}|{request_language(request)}"
    request.pagecache_address = address
    return address


def _digest(text):
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def entry_key(request):
    """The cache key of the page ``request`` asks for; None if it has none (see ``page_address``)."""
    address = page_address(request)
    return None if address is None else ENTRY_KEY_PREFIX + _digest(address)


def admit_variant(cache, request) -> bool:
    """Whether the page of ``request`` may be stored: always without a query string; with one, if
    fewer than ``PAGECACHE_MAX_VARIANTS`` query strings of its address were stored lately."""
    address = page_address(request)
    path, _, rest = address.partition("?")
    if not rest:
        return True
    key = VARIANTS_KEY_PREFIX + _digest(path + "|" + rest.rpartition("|")[2])
    cache.add(key, 0, getattr(settings, "PAGECACHE_MAX_AGE", DEFAULT_MAX_AGE))
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        return False
    return count <= getattr(settings, "PAGECACHE_MAX_VARIANTS", DEFAULT_MAX_VARIANTS)


def _fresh_generation() -> int:
    # Time-based, so a generation recreated after the cache lost it (restart, eviction) is larger
    # than any value the lost one can have reached: pages stored under it can never match again.
    return time.time_ns() // 1000


def cache_call(operation, *args):
    """``operation(*args)`` on the cache, or ``CacheUnavailable`` if the server fails or failed just
    now, or if a bump of this process is still unwritten (its pages may be stale)."""
    if time.monotonic() < _state["down_until"]:
        raise CacheUnavailable
    try:
        if _state["pending_bump"]:
            _incr_generation(shared_cache())
            _state["pending_bump"] = False
        return operation(*args)
    except Exception as exc:
        _state["down_until"] = time.monotonic() + RETRY_AFTER_FAILURE
        logger.warning("Page cache unavailable (%s: %s); serving from the database", type(exc).__name__, exc)
        raise CacheUnavailable from exc


def _incr_generation(cache):
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:  # missing: first use, or lost by the cache server
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        return cache.incr(GENERATION_KEY)


def bump_generation():
    """Invalidate every stored page, in every process sharing the cache."""
    try:
        generation = cache_call(_incr_generation, shared_cache())
    except CacheUnavailable:
        _state["pending_bump"] = True
        return
    if database_routing.replica_is_configured():
        record_primary_position(generation)


def record_primary_position(generation):
    """With a read replica: where the primary's log stands now, just after ``generation`` was
    raised. A page of that generation may be rendered from the replica once it has replayed this
    far (``pagecache.replica_reads``, which also fills in a position nobody recorded)."""
    try:
        position = database_routing.primary_position()
        cache_call(shared_cache().set, POSITION_KEY_PREFIX + str(generation), position, POSITION_MAX_AGE)
    except Exception as error:  # the change is committed; readers then ask the primary themselves
        logger.warning("Primary log position not recorded (%s: %s)", type(error).__name__, error)


def _bump_at_commit():
    # Registered once per change; the first callback of a committed transaction raises the
    # generation, the others find nothing left to do.
    if getattr(_uncommitted, "pending", False):
        _uncommitted.pending = _uncommitted.changed = False
        bump_generation()


def schedule_bump():
    """Public content changed: raise the generation once for the whole transaction, when it
    commits (at once outside a transaction). Cheap when called again in the same transaction."""
    if not transaction.get_connection().in_atomic_block:
        bump_generation()
        return
    # Until the commit, pages this thread renders show the uncommitted change (current_generation).
    _uncommitted.changed = _uncommitted.pending = True
    # A callback per change (a rolled-back savepoint takes its own callbacks with it); at commit only
    # the first one raises the generation.
    transaction.on_commit(_bump_at_commit)


def _generation_watch(cache):
    """This process's ``GenerationWatch`` of the page cache's generation, or None (no push)."""
    try:
        return _state["watch"]
    except KeyError:
        pass
    with _state_lock:
        if "watch" not in _state:
            _state["watch"] = watch_for(cache, getattr(settings, "PAGECACHE_CACHE_ALIAS", "default"), GENERATION_KEY)
        return _state["watch"]


def read_generation(cache, also=None):
    """``{GENERATION_KEY: the generation as the cache holds it (or None)}``, with the entry at key
    ``also`` if given, in one round trip; none at all when this process already knows the generation
    and Redis has not reported a change since (``pagecache.generation_watch``) and ``also`` is None."""
    watch = _generation_watch(cache)
    if watch is not None and also is None:
        known = watch.known()
        if known is not None:
            return {GENERATION_KEY: known}
    watched = watch is not None and watch.watching()
    found = cache.get_many([GENERATION_KEY, also]) if also is not None else {GENERATION_KEY: cache.get(GENERATION_KEY)}
    if watched and found.get(GENERATION_KEY) is not None:
        watch.remember(found[GENERATION_KEY])
    return found


def current_generation(cache, found):
    if getattr(_uncommitted, "changed", False):
        # This thread changed content in a transaction it has not committed, and is about to
        # render or serve a page: what it renders now must not be served once the change commits.
        generation = _incr_generation(cache)
        _uncommitted.changed = False  # only once written: until then no stored page is served
        return generation
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    if generation is None:
        raise CacheUnavailable("the generation could not be stored")
    return generation


def generation_for_copies():
    """The content generation for copies of parts of pages (``core.fragments``), or None: keep
    nothing. None while this thread has changed content in a transaction still open (what it renders
    now may be rolled back: a revision's preview) and while the cache cannot be reached."""
    if getattr(_uncommitted, "pending", False) and transaction.get_connection().in_atomic_block:
        return None
    try:
        cache = shared_cache()
        return cache_call(current_generation, cache, cache_call(read_generation, cache))
    except CacheUnavailable:
        return None


def _next_local_midnight(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=local.tzinfo)


def _next_publication(cache, generation, now):
    """The next scheduled publication after ``now``, read from the database once per generation
    (scheduling or rescheduling an article raises the generation)."""
    stored = cache_call(cache.get, NEXT_PUBLICATION_KEY)
    if stored is not None and stored[0] == generation and (stored[1] is None or stored[1] > now):
        return stored[1]
    value = public_content.next_scheduled_change(now)
    cache_call(cache.set, NEXT_PUBLICATION_KEY, (generation, value), None)
    return value


def expires_at_for(cache, generation) -> float:
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
