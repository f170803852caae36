"""The ``CACHES`` of a deployment with Redis (``REDIS_URL``), built in one place for the settings and the tests.

Both aliases are django-redis over the same server, prefix and connection pool:

- ``default``, for every use of the cache but the page cache (rate-limit counters, QR drawings):
  ``IGNORE_EXCEPTIONS``, so a Redis that is down, hanging or full ("OOM command not allowed")
  makes a read answer "nothing there" and a write do nothing, and the page or form goes on without
  it. django-ratelimit then counts nothing and, with ``RATELIMIT_FAIL_OPEN``, lets the request through.
- ``pagecache`` (``PAGECACHE_CACHE_ALIAS``): the same, but raising the errors, because the page
  cache must know when a write failed: an invalidation that was not written is retried, and
  while it is pending no stored page is served (``pagecache.store._call``).

A server that does not answer must not hold pages up: a call gives up after half a second.
"""


def redis_caches(url, key_prefix):
    options = {
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
        "IGNORE_EXCEPTIONS": True,
        "CONNECTION_POOL_KWARGS": {"max_connections": 64},
    }
    default = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": options,
    }
    return {"default": default, "pagecache": {**default, "OPTIONS": {**options, "IGNORE_EXCEPTIONS": False}}}
