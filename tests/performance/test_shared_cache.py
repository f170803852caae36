"""Several processes sharing the real Redis: an edit saved through one is seen through all of them."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from pagecache import middleware as pagecache
from tests.factories import ArticleFactory, OrganizationFactory
from tests.performance.conftest import redis_url

# Committed rows, so that the peer processes see them. serialized_rollback: the database is left as
# the migrations made it (content types included), as the other serialized-rollback tests expect.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PEER = Path(__file__).with_name("peer.py")
NEWS = reverse("news:article-list")


def shared_database_url(tmp_path):
    """An address the peer processes can open for this test's database."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        host = settings.get("HOST") or "127.0.0.1"
        return f"postgres://{settings['USER']}{password}@{host}:{settings.get('PORT') or 5432}/{settings['NAME']}"
    # SQLite's test database lives in this process's memory: the peers share a copy on disk.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


class Peer:
    def __init__(self, env, log_path):
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, str(PEER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env,
        )
        self.log_path = log_path

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the peer process stopped:\n{Path(self.log_path).read_text()[-3000:]}")
        return json.loads(line)

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture
def peers(tmp_path, redis_prefix):
    started = []

    def start(name, database_url):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kpportal.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url(),
            "DJANGO_CACHE_KEY_PREFIX": redis_prefix,
        }
        peer = Peer(env, tmp_path / f"{name}.log")
        started.append(peer)
        return peer

    yield start
    for peer in started:
        peer.stop()


class SharedRedisTests:
    def test_an_edit_saved_in_one_process_is_seen_through_another_on_the_next_request(
        self, peers, tmp_path, redis_page_cache, client
    ):
        OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True)
        article = ArticleFactory(title="Khai mạc lớp học tình thương")
        database_url = shared_database_url(tmp_path)
        reader = peers("reader", database_url)
        editor = peers("editor", database_url)

        first = reader.ask(get=NEWS)
        assert first["status"] == 200
        assert "Khai mạc lớp học tình thương" in first["body"]
        assert reader.ask(get=NEWS)["cache"] == "hit"
        # This test process shares the cache too: it is served the page the reader stored.
        assert client.get(NEWS).headers.get(pagecache.STATUS_HEADER) == "hit"

        assert editor.ask(rename_article=article.pk, title="Bế giảng lớp học tình thương") == {"ok": True}

        after = reader.ask(get=NEWS)
        assert after["status"] == 200
        assert after["cache"] != "hit"
        assert "Bế giảng lớp học tình thương" in after["body"]
        assert "Khai mạc lớp học tình thương" not in after["body"]
        shared = client.get(NEWS)
        assert shared.headers.get(pagecache.STATUS_HEADER) == "hit"
        assert "Bế giảng lớp học tình thương" in shared.content.decode()

    def test_the_generation_lives_in_redis_under_the_deployments_prefix(self, redis_page_cache):
        import redis

        pagecache.bump_generation()
        client = redis.Redis.from_url(redis_url())
        keys = [key.decode() for key in client.scan_iter(match=f"{redis_page_cache}:*")]
        client.close()
        assert any(key.endswith(pagecache.GENERATION_KEY) for key in keys)
