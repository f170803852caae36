"""Parts shared by many pages (the host organization, the masthead and footer), kept per process for
one content generation, so that a page rendered afresh does not read and render them again.

The page cache (``kpportal.pagecache``) keeps whole pages and knows they are stale when the content
generation in the shared cache has moved: any save of public content raises it
(``kpportal.cache_invalidation``). A fragment here is valid exactly as long as a page would be:
it remembers the generation it was made under and is used only while the shared cache still holds
that generation, which each request reads once (``generation(request)``: one small round trip,
paid only by requests that render a page). A fragment made during a transaction is made under the
intermediate generation, which the commit raises again; an edit saved through any process or
server is therefore seen by every process on its next render.

What is kept must not depend on anything but the content and the language: a fragment's key
holds the language, and callers put in it whatever else the fragment varies with. A fragment that
also depends on the time (what is published now) must not be kept here: scheduled publications do
not raise the generation.

Nothing is kept when ``FRAGMENT_CACHE_ENABLED`` is off (``KP_FRAGMENT_CACHE=0``; tests, where one
test's rows must not be seen by the next), or when the shared cache cannot be reached: the part is
then made afresh for each request, as before.
"""

import collections
import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

from kpportal.pagecache import GENERATION_KEY

logger = logging.getLogger(__name__)

# Per process: a few dozen small fragments per generation; older generations are evicted first.
MAX_ENTRIES = 256
# After a failed read of the generation the cache is left alone for this long (as the page cache does).
RETRY_AFTER_FAILURE = 2.0
REQUEST_ATTRIBUTE = "kp_fragment_generation"
_UNKNOWN = object()


class _Store:
    """(name, key parts, language) -> (generation, value), least recently used evicted first."""

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.entries = collections.OrderedDict()
        self.lock = threading.Lock()
        self.down_until = 0.0

    def get(self, key, generation):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != generation:
                return _UNKNOWN
            self.entries.move_to_end(key)
            return entry[1]

    def put(self, key, generation, value):
        with self.lock:
            self.entries[key] = (generation, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.down_until = 0.0


_store = _Store(MAX_ENTRIES)


def reset():
    """Forget every fragment (tests change settings between requests)."""
    _store.clear()


@receiver(setting_changed)
def _reset_on_settings_change(*, setting, **kwargs):
    if setting in ("CACHES", "FRAGMENT_CACHE_ENABLED") or setting.startswith("PAGECACHE_"):
        reset()


def is_enabled() -> bool:
    return getattr(settings, "FRAGMENT_CACHE_ENABLED", True)


def read_generation():
    """The content generation in the shared cache, created as the page cache creates it when
    missing; None when the cache cannot be reached (or could not just now)."""
    if time.monotonic() < _store.down_until:
        return None
    cache = caches[getattr(settings, "PAGECACHE_CACHE_ALIAS", "default")]
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # As kpportal.pagecache does: time-based, larger than any value a lost one reached.
            cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
            generation = cache.get(GENERATION_KEY)
    except Exception as exc:
        _store.down_until = time.monotonic() + RETRY_AFTER_FAILURE
        logger.warning("Fragment cache: generation unavailable (%s: %s); rendering afresh", type(exc).__name__, exc)
        return None
    return generation


def generation(request):
    """The content generation for this request (read once per request), or None: keep nothing."""
    if not is_enabled() or request is None:
        return None
    found = getattr(request, REQUEST_ATTRIBUTE, _UNKNOWN)
    if found is _UNKNOWN:
        found = read_generation()
        setattr(request, REQUEST_ATTRIBUTE, found)
    return found


def get_or_make(request, name, make, *key_parts):
    """The fragment ``name`` for ``key_parts`` in the active language: kept, or ``make()`` now (and
    kept for the rest of this generation)."""
    current = generation(request)
    if current is None:
        return make()
    key = (name, key_parts, translation.get_language())
    value = _store.get(key, current)
    if value is _UNKNOWN:
        value = make()
        _store.put(key, current, value)
    return value
