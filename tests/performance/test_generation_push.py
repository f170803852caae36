"""The content generation pushed by Redis: a hit asks Redis nothing, and still no change is missed."""

import time
import uuid

import pytest
import redis
from django.urls import reverse

from pagecache import middleware as pagecache
from pagecache.generation_watch import GenerationWatch
from tests.conftest import require_tool
from tests.factories import ArticleFactory, OrganizationFactory
from tests.performance.conftest import REDIS_DB, REDIS_HOST, REDIS_PORT, redis_available

NEWS = reverse("news:article-list")


@pytest.fixture
def server():
    require_tool(redis_available(), f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}")
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    key = f"kp-test-{uuid.uuid4().hex[:12]}:1:pagecache:generation"
    client.set(key, 41)
    yield client, key
    client.delete(key)
    client.close()


def watch_of(client, key, recheck=60.0):
    pool = client.connection_pool

    def connection_factory():
        return pool.connection_class(**{**pool.connection_kwargs, "protocol": 3, "client_name": "kp-test-watch"})

    return GenerationWatch(connection_factory, key, recheck=recheck)


def counting(calls, name, real):
    def counted(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)

    return counted


def watched_value(watch, client, key):
    assert watch.watching()
    watch.remember(int(client.get(key)))
    return watch.known()


class GenerationWatchTests:
    def test_a_value_read_while_watching_is_known_until_redis_reports_a_change(self, server):
        client, key = server
        watch = watch_of(client, key)
        assert watched_value(watch, client, key) == 41
        assert watch.known() == 41
        other_key = key.replace("generation", "next-publication")
        client.set(other_key, 1)  # another key: nothing to report
        assert watch.known() == 41
        client.incr(key)
        # No pause: Redis sent the report before answering the writer.
        assert watch.known() is None
        assert watched_value(watch, client, key) == 42
        client.delete(other_key)
        watch.close()

    def test_a_deleted_key_and_a_changed_expiry_are_reported_too(self, server):
        client, key = server
        watch = watch_of(client, key)
        watched_value(watch, client, key)
        client.delete(key)
        assert watch.known() is None
        client.set(key, 7)
        assert watched_value(watch, client, key) == 7
        client.expire(key, 1)  # a change of expiry is a write of the key as well
        assert watch.known() is None
        watch.close()

    def test_a_lost_connection_makes_the_value_unknown_and_watching_starts_again(self, server):
        client, key = server
        watch = watch_of(client, key)
        watched_value(watch, client, key)
        watchers = [entry["id"] for entry in client.client_list() if entry["name"] == "kp-test-watch"]
        for watcher in watchers:
            client.execute_command("CLIENT", "KILL", "ID", watcher)
        time.sleep(0.05)
        assert watch.known() is None
        assert watched_value(watch, client, key) == 41
        client.incr(key)
        assert watch.known() is None
        watch.close()

    def test_a_value_is_read_again_after_the_recheck_interval_even_without_a_report(self, server):
        client, key = server
        watch = watch_of(client, key, recheck=0.05)
        watched_value(watch, client, key)
        time.sleep(0.1)
        assert watch.known() is None

    def test_a_server_without_client_tracking_means_reading_on_every_request(self):
        class OldRedis:
            def connect(self):
                pass

            def send_command(self, *args):
                pass

            def read_response(self):
                raise redis.exceptions.ResponseError("ERR unknown subcommand 'TRACKING'")

            def disconnect(self):
                pass

        attempts = []
        watch = GenerationWatch(lambda: attempts.append(1) or OldRedis(), "kp:1:pagecache:generation")
        assert not watch.watching()
        watch.remember(5)
        assert watch.known() is None
        assert not watch.watching()
        assert attempts == [1]  # refused once: not asked again at every request


@pytest.mark.django_db
class PushedGenerationTests:
    def test_a_page_held_here_is_served_without_asking_redis_anything(
        self, client, redis_page_cache, monkeypatch, settings
    ):
        from django.core.cache import caches

        OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True)
        ArticleFactory(title="Khai giảng lớp học tình thương")
        assert client.get(NEWS).headers.get(pagecache.STATUS_HEADER) == "miss"
        client.get(NEWS)  # from Redis, kept here
        cache = caches["default"]
        reads = []
        for name in ("get", "get_many"):
            monkeypatch.setattr(cache, name, counting(reads, name, getattr(cache, name)))
        for _ in range(3):
            assert client.get(NEWS).headers.get(pagecache.STATUS_HEADER) == "hit"
        assert reads == []

    def test_an_edit_is_seen_on_the_next_request_after_a_hit_without_a_read(self, client, redis_page_cache):
        OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True)
        article = ArticleFactory(title="Khai giảng lớp học tình thương")
        for _ in range(3):
            client.get(NEWS)
        # Changed as another server would: the row without this process's signals, the generation
        # raised by another Redis client.
        type(article).objects.filter(pk=article.pk).update(title="Bế giảng lớp học tình thương")
        other = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
        raw_key = next(other.scan_iter(match=f"{redis_page_cache}:*{pagecache.GENERATION_KEY}"))
        other.incr(raw_key)
        other.close()
        response = client.get(NEWS)
        assert response.headers.get(pagecache.STATUS_HEADER) != "hit"
        assert "Bế giảng lớp học tình thương" in response.content.decode()

    def test_turned_off_every_hit_reads_the_generation(self, client, redis_page_cache, settings, monkeypatch):
        from django.core.cache import caches

        settings.PAGECACHE_GENERATION_PUSH = False
        OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True)
        ArticleFactory(title="Khai giảng lớp học tình thương")
        client.get(NEWS)
        client.get(NEWS)
        cache = caches["default"]
        reads = []
        real = cache.get
        monkeypatch.setattr(cache, "get", lambda key, *a, **kw: reads.append(key) or real(key, *a, **kw))
        client.get(NEWS)
        client.get(NEWS)
        assert reads == [pagecache.GENERATION_KEY, pagecache.GENERATION_KEY]
