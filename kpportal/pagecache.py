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
  The page and the generation are read in one round trip (``get_many``).
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
  becomes ``get_token(request)`` for the reader at hand, and ``CsrfViewMiddleware`` (earlier in
  MIDDLEWARE) sets that reader's CSRF cookie as it would for a rendered page. A page whose token
  cannot be punched out this way (its secret itself appears, or the placeholder text is already
  there, or tokens live in the session) is not stored.
- **The CSP nonce**: a new one replaces the stored one, and ``CSPMiddleware`` (earlier in
  MIDDLEWARE) puts the new one into the header.

If the cache server is down, pages are rendered from the database as if there were no cache; an
invalidation that could not be written is retried on the next successful cache call of the process,
and ``PAGECACHE_MAX_AGE`` bounds how long a page rendered before the outage can be served after it.

Settings: ``PAGECACHE_ENABLED`` (``KP_PAGE_CACHE=0`` turns it off), ``PAGECACHE_MAX_AGE`` (seconds),
``PAGECACHE_CACHE_ALIAS``, ``PAGECACHE_EXCLUDED_PATHS`` (path prefixes never cached).
"""

import datetime
import hashlib
import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NEXT_PUBLICATION_KEY = "pagecache:next-publication"
ENTRY_KEY_PREFIX = "pagecache:page:"
STATUS_HEADER = "X-Page-Cache"
DEFAULT_MAX_AGE = 3600
# After a failed cache call the cache is left alone for this long, so that an unreachable server
# costs one connection attempt every few seconds instead of one per request.
RETRY_AFTER_FAILURE = 2.0
_NO_STORE_DIRECTIVES = {"private", "no-store", "no-cache"}
_MESSAGES_COOKIE = "messages"
CSRF_PLACEHOLDER = b"@@kpportal-page-cache-csrf-token@@"
# A masked CSRF token as Django renders it: 64 letters and digits, delimited.
_CSRF_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


class CacheUnavailable(Exception):
    """The cache server could not be reached; the caller carries on without it."""


_state = {"down_until": 0.0, "pending_bump": False}
_state_lock = threading.Lock()


def reset_state():
    """Forget past failures (tests change the cache settings between requests)."""
    with _state_lock:
        _state["down_until"] = 0.0
        _state["pending_bump"] = False


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


def entry_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{translation.get_language()}"
    return ENTRY_KEY_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()


def _next_local_midnight(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=local.tzinfo)


def _next_publication(cache, generation, now):
    """The next scheduled publication after ``now``, read from the database once per generation
    (scheduling or rescheduling an article raises the generation)."""
    from news.models import Article

    stored = _call(cache.get, NEXT_PUBLICATION_KEY)
    if stored is not None and stored[0] == generation and (stored[1] is None or stored[1] > now):
        return stored[1]
    value = Article.objects.next_publication_time(now=now)
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


def _request_is_anonymous(request) -> bool:
    """No logged-in user, no session data and no pending messages: nothing personal on the page."""
    if request.META.get("HTTP_AUTHORIZATION") or _MESSAGES_COOKIE in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    if session is None:
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) is None:
        return True
    # A session cookie: served from the cache only if the session holds nothing (no login,
    # no messages); a staff member's first request after logging in is never a cached page.
    return not session.keys()


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not is_enabled():
        return False
    excluded = getattr(settings, "PAGECACHE_EXCLUDED_PATHS", ("/quan-tri/",))
    if request.path.startswith(tuple(excluded)):
        return False
    return _request_is_anonymous(request)


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


def _csp_attributes(response):
    return {name: value for name, value in vars(response).items() if name.startswith("_csp")}


def _stored_entry(request, response, content, generation, expires_at):
    nonce = getattr(request, "_csp_nonce", None)
    headers = [(name, value) for name, value in response.items() if name.lower() != STATUS_HEADER.lower()]
    nonce = nonce if isinstance(nonce, str) else None
    return (generation, expires_at, headers, content, nonce, _csp_attributes(response))


def _replay(request, entry):
    _generation, _expires, headers, content, nonce, csp_attributes = entry
    if nonce:
        fresh = str(request.csp_nonce) if hasattr(request, "csp_nonce") else nonce
        content = content.replace(f'nonce="{nonce}"'.encode(), f'nonce="{fresh}"'.encode())
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    for name, value in csp_attributes.items():
        setattr(response, name, value)
    response[STATUS_HEADER] = "hit"
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
        if not _cacheable_request(request):
            return self.get_response(request)
        cache = _cache()
        key = entry_key(request)
        try:
            found = _call(cache.get_many, [GENERATION_KEY, key])
            generation = _call(_current_generation, cache, found)
        except CacheUnavailable:
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation and time.time() < entry[1]:
            return _replay(request, entry)

        response = self.get_response(request)
        content = punch_csrf_tokens(request, response.content) if storable(request, response) else None
        if content is not None:
            try:
                expires_at = _expires_at(cache, generation)
                timeout = int(expires_at - time.time())
                if timeout > 0:
                    entry = _stored_entry(request, response, content, generation, expires_at)
                    _call(cache.set, key, entry, timeout)
                    response[STATUS_HEADER] = "miss"
            except CacheUnavailable:
                pass
        return response
