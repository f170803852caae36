"""The Redis caches of a deployment (kpportal/settings/cache_servers.py) with the server unreachable:
the default cache, holding the rate-limit counters, answers "nothing" instead of failing; the page
cache's alias raises, so that the page cache knows (pagecache/store.py)."""

import socket

import pytest
from django.core.cache import caches
from django.test import RequestFactory, SimpleTestCase, override_settings
from django_ratelimit.core import is_ratelimited
from redis.exceptions import ConnectionError as RedisConnectionError

from kpportal.settings.cache_servers import redis_caches


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CACHES = redis_caches(f"redis://127.0.0.1:{_closed_port()}/0", "kp-test-down")


@override_settings(CACHES=CACHES, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True)
class UnreachableRedisTests(SimpleTestCase):
    def test_an_unreachable_server_adds_nothing(self):
        with self.assertLogs("django_redis.cache", "ERROR"):
            self.assertFalse(caches["default"].add("counter", 1, 60))

    def test_an_unreachable_server_cannot_increment_a_counter(self):
        with self.assertLogs("django_redis.cache", "ERROR"):
            self.assertIsNone(caches["default"].incr("counter"))

    def test_an_unreachable_server_answers_the_default(self):
        with self.assertLogs("django_redis.cache", "ERROR"):
            self.assertEqual(caches["default"].get("counter", "không có"), "không có")

    def test_the_page_cache_alias_reports_the_failure(self):
        with pytest.raises(RedisConnectionError):
            caches["pagecache"].get_many(["pagecache:generation"])

    @override_settings(RATELIMIT_FAIL_OPEN=True)
    def test_a_reader_is_not_limited_while_the_counter_server_is_down(self):
        request = RequestFactory().post("/gop-y/", REMOTE_ADDR="203.0.113.9")
        with self.assertLogs("django_redis.cache", "ERROR"):
            limited = [
                is_ratelimited(request, group="gop-y", key="ip", rate="1/h", method="POST", increment=True)
                for _ in range(3)
            ]
        self.assertEqual(limited, [False, False, False])
