"""The content generation without a round trip per request: Redis tells each process when it changes.

Every anonymous hit must know the current content generation (``pagecache.store``): it is what
makes an edit saved through any process or server visible on the next request of all of them.
Reading it from Redis costs a round trip per request, about as much as the rest of a hit. Instead,
each process keeps the value it last read and asks Redis to say when the key changes: Redis's
*client tracking* in broadcasting mode (``CLIENT TRACKING ON BCAST PREFIX <key>``, Redis 6 and
later, nothing to configure on the server) sends an ``invalidate`` message on this process's own
connection whenever any client writes the key (a bump), deletes or evicts it, or flushes the
database. Before using the value it holds, the process looks at that connection without waiting
(one ``poll`` of its socket, microseconds): any message, or any sign that the connection broke,
and the value is read from Redis again.

Why this is as exact as reading the key every time: Redis queues the invalidation for this
connection while it executes the writer's command, before the writer's reply, and sends both in
the same turn of its event loop. By the time the editor's save has returned (the bump is made at
commit, before the response), the message is on its way; a reader's request that starts after it
finds it, because the TCP connection to Redis delivers it long before any HTTP request could pass
through a proxy to another process. A message still in flight can only concern a change being
committed at the same moment as the request, which the old read could have missed as well.

Two failures would silence the messages without closing the connection, so a value is also read
again at most ``PAGECACHE_GENERATION_RECHECK`` seconds after it was last read (1 s): a connection
cut without a reset (a network partition), or a Redis that lost the tracking state. At one read per
second per process this costs nothing measurable.

Used only where the page cache's alias is django-redis (the local-memory cache of the embedded
default is read in-process anyway). ``PAGECACHE_GENERATION_PUSH = False`` turns it off; a Redis that
refuses RESP3 or tracking (before 6.0) turns it off for the process, with a warning.
"""

import logging
import os
import threading
import time

from django.conf import settings

logger = logging.getLogger("pagecache.middleware")

DEFAULT_RECHECK = 1.0


class GenerationWatch:
    """This process's last read of one Redis key, valid until Redis says the key changed.

    ``connection_factory`` makes an unconnected redis-py ``Connection`` to the server holding the key;
    ``redis_key`` is the key as stored there (with the cache's prefix and version)."""

    def __init__(self, connection_factory, redis_key, recheck=DEFAULT_RECHECK):
        self.connection_factory = connection_factory
        self.redis_key = redis_key
        self.recheck = recheck
        self.lock = threading.Lock()
        self.connection = None
        self.pid = None
        self.value = None
        self.read_at = 0.0
        self.refused = False

    def known(self):
        """The value last read, if Redis has said nothing about the key since and it is recent; else None."""
        with self.lock:
            if self.value is None:
                return None
            if not self._still_quiet() or time.monotonic() - self.read_at > self.recheck:
                self.value = None
            return self.value

    def watching(self) -> bool:
        """Makes sure Redis will report the next change of the key; call before reading it.
        False if it cannot (the caller then reads the key every time)."""
        with self.lock:
            if self.refused:
                return False
            if self.connection is not None and self.pid == os.getpid() and self._still_quiet():
                return True
            self._close()
            try:
                connection = self.connection_factory()
                connection.connect()
                connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.redis_key)
                connection.read_response()
            except Exception as exc:
                self._give_up_on(exc)
                return False
            self.connection, self.pid = connection, os.getpid()
            return True

    def remember(self, value):
        """``value`` was read from Redis after ``watching()`` returned True."""
        with self.lock:
            if self.connection is not None and self.pid == os.getpid():
                self.value, self.read_at = value, time.monotonic()

    def close(self):
        with self.lock:
            self._close()
            self.refused = False

    def _still_quiet(self) -> bool:
        """Nothing arrived on the watching connection (an invalidation, or its end)."""
        try:
            if not self.connection.can_read(timeout=0):
                return True
            # Read what arrived (an invalidation push, handled and dropped by redis-py), so that
            # the next look at the socket sees only what comes after it.
            while self.connection.can_read(timeout=0):
                self.connection.read_response(push_request=True)
        except Exception:
            self._close()
            return False
        self.value = None
        return True

    def _close(self):
        if self.connection is not None:
            try:
                self.connection.disconnect()
            except Exception:
                logger.debug("closing the generation watch failed", exc_info=True)
        self.connection, self.value = None, None

    def _give_up_on(self, exc):
        from redis.exceptions import ResponseError

        if isinstance(exc, ResponseError):
            # A server without RESP3 or client tracking: asking again would fail again.
            self.refused = True
            logger.warning("Redis cannot report changes of the content generation (%s); reading it per request", exc)
        else:
            logger.warning("Could not watch the content generation (%s: %s)", type(exc).__name__, exc)


def watch_for(cache, alias, key):
    """A ``GenerationWatch`` of ``key`` in the django-redis cache ``cache`` (alias ``alias``), or None
    where the cache is not django-redis or the watch is turned off."""
    if not getattr(settings, "PAGECACHE_GENERATION_PUSH", True):
        return None
    try:
        from django_redis import get_redis_connection
        from django_redis.cache import RedisCache
    except ImportError:
        return None
    if not isinstance(cache, RedisCache):
        return None
    pool = get_redis_connection(alias).connection_pool

    def connection_factory():
        # The pool's own settings (host, port, database, password, timeouts), speaking RESP3 so that
        # invalidations arrive on the connection that asked for them.
        kwargs = {**pool.connection_kwargs, "protocol": 3, "client_name": "kpportal-generation-watch"}
        return pool.connection_class(**kwargs)

    recheck = getattr(settings, "PAGECACHE_GENERATION_RECHECK", DEFAULT_RECHECK)
    return GenerationWatch(connection_factory, cache.make_key(key), recheck=recheck)
