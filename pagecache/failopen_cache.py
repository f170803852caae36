"""A Redis cache for counters whose loss is harmless: while Redis cannot be reached it counts nothing.

django-ratelimit keeps its counters in a cache and only survives a DNS failure of a Redis server,
not a refused or timed-out connection: with Redis stopped, every comment and message to the
editorial board would fail. Through this backend (``RATELIMIT_USE_CACHE = "ratelimit"``) an
unreachable server makes ``add`` report "not added" and ``incr`` raise ``ValueError``, the two
answers django-ratelimit treats as "could not count"; with ``RATELIMIT_FAIL_OPEN`` the request then
goes through, as the rest of the site does without Redis (the honeypot and moderation still apply).
"""

import logging

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from pagecache.middleware import RedisCache

logger = logging.getLogger(__name__)

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _log(operation: str, exc: Exception) -> None:
    logger.warning("Rate-limit cache unavailable for %s (%s: %s); not counted", operation, type(exc).__name__, exc)


class FailOpenRedisCache(RedisCache):
    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except _UNREACHABLE as exc:
            _log("add", exc)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except _UNREACHABLE as exc:
            _log("incr", exc)
            raise ValueError("rate-limit counter unavailable") from exc

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except _UNREACHABLE as exc:
            _log("get", exc)
            return default
