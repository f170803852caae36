"""Parts shared by many pages (the host organization, the masthead and footer), kept per process for
one content generation, so that a page rendered afresh does not read and render them again.

The page cache keeps whole pages and knows they are stale when the content generation in the
shared cache has moved: any save of public content raises it. A fragment here is valid exactly as
long as a page would be: it remembers the generation it was made under and is used only while the
shared cache still holds that generation, which each request reads once (``generation(request)``:
a look at what Redis reported, paid only by requests that render a page), through the reader the page cache
provides (``core.public_content.current_generation``). Nothing is kept by a thread whose open
transaction changed content (it may be rolled back, as a revision's preview is); an edit saved
through any process or server is seen by every process on its next render.

What is kept must not depend on anything but the content and the language: a fragment's key
holds the language, and callers put in it whatever else the fragment varies with. A fragment that
also depends on what is published now (``get_or_make(..., until_scheduled_change=True)``: the newest
articles of a category) is kept only until the next scheduled change of public pages
(``core.public_content.next_scheduled_change``, read once per generation and again whenever the
moment it gave has passed): scheduled publications do not raise the generation, but scheduling
one does.

Nothing is kept when ``FRAGMENT_CACHE_ENABLED`` is off (``KP_FRAGMENT_CACHE=0``; tests, where one
test's rows must not be seen by the next), or when the shared cache cannot be reached: the part is
then made afresh for each request, as before.
"""

import collections
import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone, translation

from core import public_content

# Per process: a few dozen small fragments per generation; older generations are evicted first.
MAX_ENTRIES = 256
REQUEST_ATTRIBUTE = "kp_fragment_generation"
NEXT_CHANGE_KEY = ("core:next-scheduled-change", (), "")
_UNKNOWN = object()


class _Store:
    """(name, key parts, language) -> (generation, value), least recently used evicted first."""

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.entries = collections.OrderedDict()
        self.lock = threading.Lock()

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
    """The content generation (``core.public_content``, kept by the page cache); None when there is
    none or it cannot be read now."""
    return public_content.current_generation()


def generation(request):
    """The content generation for this request (read once per request), or None: keep nothing."""
    if not is_enabled() or request is None:
        return None
    found = getattr(request, REQUEST_ATTRIBUTE, _UNKNOWN)
    if found is _UNKNOWN:
        found = read_generation()
        setattr(request, REQUEST_ATTRIBUTE, found)
    return found


def is_kept(request) -> bool:
    """Whether fragments are kept for this request (else each is made afresh)."""
    return generation(request) is not None


def next_scheduled_change(current):
    """The next scheduled change of public pages after now (None: none), kept for generation
    ``current`` until that moment has passed."""
    now = timezone.now()
    moment = _store.get(NEXT_CHANGE_KEY, current)
    if moment is _UNKNOWN or (moment is not None and moment <= now):
        moment = public_content.next_scheduled_change(now)
        _store.put(NEXT_CHANGE_KEY, current, moment)
    return moment


def get_or_make(request, name, make, *key_parts, until_scheduled_change=False):
    """The fragment ``name`` for ``key_parts`` in the active language: kept, or ``make()`` now (and
    kept for the rest of this generation; with ``until_scheduled_change``, only until the next
    scheduled change of public pages as well)."""
    current = generation(request)
    if current is None:
        return make()
    key = (name, key_parts, translation.get_language())
    if not until_scheduled_change:
        value = _store.get(key, current)
        if value is _UNKNOWN:
            value = make()
            _store.put(key, current, value)
        return value
    limit = next_scheduled_change(current)
    kept = _store.get(key, current)
    if kept is not _UNKNOWN and kept[1] == limit and (limit is None or timezone.now() < limit):
        return kept[0]
    value = make()
    _store.put(key, current, (value, limit))
    return value
