import socket
import uuid

import pytest
import time_machine
from django.core.cache import caches

from pagecache import middleware as pagecache
from tests.conftest import require_tool
from tests.factories import FIXED_NOW

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Our own Redis database number; keys carry a per-test prefix and only those keys are deleted.
REDIS_DB = 7


@pytest.fixture
def frozen_now():
    with time_machine.travel(FIXED_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache turned on, over a local memory cache of this test's own."""
    settings.PAGECACHE_ENABLED = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"pc-{uuid.uuid4()}"}
    }
    pagecache.reset_state()
    cache = caches["default"]
    yield cache
    cache.clear()
    pagecache.reset_state()


def redis_available():
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_prefix():
    """A unique key prefix in Redis database 7; its keys (only those) are deleted afterwards."""
    require_tool(redis_available(), f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}")
    import redis

    prefix = f"kp-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def redis_url():
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"


@pytest.fixture
def redis_page_cache(settings, redis_prefix):
    """The page cache over the real Redis server, under this test's own prefix."""
    settings.PAGECACHE_ENABLED = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": redis_prefix,
        }
    }
    pagecache.reset_state()
    yield redis_prefix
    pagecache.reset_state()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
