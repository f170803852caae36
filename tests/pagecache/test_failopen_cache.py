import socket

from django.test import RequestFactory, SimpleTestCase, override_settings
from django_ratelimit.core import is_ratelimited

from pagecache.failopen_cache import FailOpenRedisCache


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


UNREACHABLE_REDIS = f"redis://127.0.0.1:{_closed_port()}/0"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "pagecache.failopen_cache.FailOpenRedisCache",
        "LOCATION": UNREACHABLE_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    },
}


class FailOpenRedisCacheTests(SimpleTestCase):
    def setUp(self):
        self.cache = FailOpenRedisCache(UNREACHABLE_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.2}})

    def test_an_unreachable_server_adds_nothing(self):
        with self.assertLogs("pagecache.failopen_cache", "WARNING"):
            self.assertFalse(self.cache.add("counter", 1, 60))

    def test_an_unreachable_server_cannot_increment_a_counter(self):
        with self.assertLogs("pagecache.failopen_cache", "WARNING"), self.assertRaises(ValueError):
            self.cache.incr("counter")

    def test_an_unreachable_server_answers_the_default(self):
        with self.assertLogs("pagecache.failopen_cache", "WARNING"):
            self.assertEqual(self.cache.get("counter", "không có"), "không có")

    @override_settings(CACHES=CACHES, RATELIMIT_USE_CACHE="ratelimit", RATELIMIT_FAIL_OPEN=True)
    def test_a_reader_is_not_limited_while_the_counter_server_is_down(self):
        request = RequestFactory().post("/gop-y/", REMOTE_ADDR="203.0.113.9")
        with self.assertLogs("pagecache.failopen_cache", "WARNING"):
            limited = [
                is_ratelimited(request, group="gop-y", key="ip", rate="1/h", method="POST", increment=True)
                for _ in range(3)
            ]
        self.assertEqual(limited, [False, False, False])
