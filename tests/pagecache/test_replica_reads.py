"""Anonymous pages read from a real PostgreSQL streaming replica, and never a stale page cached.

One stack for the module: a throwaway primary cluster, the portal migrated and loaded with the demo
content on it, a streaming replica made with ``pg_basebackup -R`` on another port, a throwaway
redis-server, and the portal under gunicorn with the production settings and
``DATABASE_REPLICA_URL`` (tests/faults/servers.py, tests/pagecache/replica_cluster.py). Replay on
the replica is paused (``pg_wal_replay_pause()``) where a test needs it behind the primary.

Which server a page was read from is seen two ways: the replica logs every statement, and a row
changed on the primary alone (raw SQL, replay paused, no invalidation) shows what each server holds.

Like the fault tests, they run once per ``make test``, in the PostgreSQL pass (``KP_REPLICA_TESTS=1``
runs them in any pass); without the PostgreSQL server binaries or redis-server they are skipped with
the reason, or fail under KP_REQUIRE_ALL=1 (CI).
"""

import html
import http.client
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import require_tool
from tests.faults.servers import PROXY_HEADERS, VENV_BIN, Portal, PostgresCluster, RedisServer, postgres_bin, wait_for
from tests.faults.test_servers import FEEDBACK, csrf_pair
from tests.pagecache.replica_cluster import ReplicaCluster, query

# One pytest worker builds the primary, the replica and the portal, and runs every test of them.
pytestmark = pytest.mark.xdist_group("replica")

IN_POSTGRES_PASS = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
STAFF_PASSWORD = "mat-khau-quan-tri-ban-sao"
CREATE_STAFF = (
    "from django.contrib.auth import get_user_model; "
    f"get_user_model().objects.create_superuser('quantri', 'quantri@example.vn', {STAFF_PASSWORD!r})"
)
# Published through the portal's own code (a management shell on the primary): the save sends the
# signal, the generation is raised when the transaction commits and the primary's position recorded.
PUBLISH = (
    "from django.db import transaction; from news.models import Article\n"
    "with transaction.atomic():\n"
    "    article = Article.objects.get(pk={pk}); article.title = {title!r}; article.save()\n"
)


class ReplicaStack:
    def __init__(self, pg_bin, redis_binary):
        self.work = Path(tempfile.mkdtemp(prefix="kp-replica-"))
        self.primary = self.replica = self.redis = self.portal = None
        try:
            self.primary = PostgresCluster(pg_bin)
            self.primary.create_database()
            self.redis = RedisServer(redis_binary)
            self.portal = Portal(self.primary.url, self.redis.url, self.work)
            self.portal.manage("migrate", "--noinput", "-v0")
            self.portal.manage("load_demo", "--no-users")
            self.portal.manage("shell", "-c", CREATE_STAFF)
            self.replica = ReplicaCluster(self.primary)
            self.portal.env["DATABASE_REPLICA_URL"] = self.replica.url
            self.portal.start()
        except BaseException:
            self.close()
            raise

    def published_articles(self):
        """(address, id, title) of published articles, as the primary holds them."""
        connection_query = (
            "SELECT string_agg(id || '|' || slug || '|' || title, E'\\n' ORDER BY id) FROM news_article"
            " WHERE status = 'published' AND published_at <= now()"
        )
        rows = query(self.primary.port, connection_query)[0].splitlines()
        return [(f"/tin-tuc/{pk}-{slug}/", int(pk), title) for pk, slug, title in (row.split("|", 2) for row in rows)]

    def publish(self, pk, title):
        self.portal.manage("shell", "-c", PUBLISH.format(pk=pk, title=title))

    def close(self):
        for part in (self.portal, self.replica, self.redis, self.primary):
            if part is not None:
                try:
                    part.close()
                except Exception as error:  # the others are still closed
                    print(f"closing {type(part).__name__}: {error}")
        shutil.rmtree(self.work, ignore_errors=True)


@pytest.fixture(scope="module")
def stack():
    if not (IN_POSTGRES_PASS or os.environ.get("KP_REPLICA_TESTS") == "1"):
        pytest.skip("replica tests run in the PostgreSQL pass of scripts/run-tests (or with KP_REPLICA_TESTS=1)")
    pg_bin = postgres_bin()
    require_tool(pg_bin is not None, "PostgreSQL server binaries are not installed (apt-get install postgresql)")
    require_tool((pg_bin / "pg_basebackup").exists(), f"pg_basebackup is not installed in {pg_bin}")
    redis_binary = shutil.which("redis-server")
    require_tool(redis_binary is not None, "redis-server is not installed (apt-get install redis-server)")
    require_tool((VENV_BIN / "gunicorn").exists(), f"gunicorn is not installed in {VENV_BIN}")
    built = ReplicaStack(pg_bin, redis_binary)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def replica(stack):
    """The replica running, replaying and caught up with the primary, whatever the last test left."""
    if not stack.replica.is_running():
        stack.replica.start()
    stack.replica.resume_replay()
    wait_for(stack.replica.has_replayed_everything, 30, "the replica catching up with the primary")
    yield stack.replica
    if stack.replica.is_running():
        stack.replica.resume_replay()


def content_statements(statements):
    """The portal's statements on the replica that read rows of its tables (not the check of the
    replay position, the connection's set-up or Django's health check, ``SELECT 1``)."""
    return [line for line in statements if ' FROM "' in line]


def staff_cookie(portal):
    """The session cookie of the staff member, signed in through the admin's login form."""
    path = "/quan-tri/login/?next=/quan-tri/"
    form = portal.get(path)
    csrf = re.search(r"csrftoken=([A-Za-z0-9]+)", form.header("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', form.body).group(1)
    connection = http.client.HTTPConnection("127.0.0.1", portal.port, timeout=15)
    try:
        body = urlencode({"username": "quantri", "password": STAFF_PASSWORD, "csrfmiddlewaretoken": token})
        headers = {
            **PROXY_HEADERS,
            "Cookie": f"csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{portal.port}",
            "Referer": f"https://127.0.0.1:{portal.port}{path}",
        }
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        cookies = " ".join(response.msg.get_all("Set-Cookie") or [])
    finally:
        connection.close()
    assert response.status == 302, f"staff login answered {response.status}"
    return "sessionid=" + re.search(r"sessionid=([a-z0-9]+)", cookies).group(1)


class ReplicaReadTests:
    def test_an_anonymous_page_is_read_from_the_replica_when_it_has_caught_up(self, stack, replica):
        path, pk, title = stack.published_articles()[1]
        assert stack.portal.get("/").status == 200  # the current generation's position is known
        wait_for(replica.has_replayed_everything, 30, "the replica catching up")
        replica.pause_replay()
        # On the primary only, and no invalidation: the replica still shows the old title.
        query(stack.primary.port, "UPDATE news_article SET title = %s WHERE id = %s", [title + " (máy chủ chính)", pk])
        since = replica.log_size()

        page = stack.portal.get(path)

        assert page.status == 200
        assert html.escape(title) in page.body and "(máy chủ chính)" not in page.body
        assert page.header("X-Page-Cache") == "miss"
        assert any("news_article" in line for line in content_statements(replica.portal_statements(since)))

    def test_staff_the_admin_and_posts_never_touch_the_replica(self, stack, replica):
        path, pk, title = stack.published_articles()[2]
        cookie = staff_cookie(stack.portal)
        replica.pause_replay()
        query(
            stack.primary.port, "UPDATE news_article SET title = %s WHERE id = %s", [title + " (sửa ở máy chính)", pk]
        )

        form_cookie, token = csrf_pair(stack.portal, "/gop-y/")  # an anonymous GET: the replica may serve it
        since = replica.log_size()

        change_page = stack.portal.get(f"/quan-tri/news/article/{pk}/change/", headers={"Cookie": cookie})
        staff_reading = stack.portal.get(path, headers={"Cookie": cookie})
        feedback = stack.portal.get(
            "/gop-y/",
            method="POST",
            body=urlencode({**FEEDBACK, "csrfmiddlewaretoken": token}),
            headers={
                "Cookie": form_cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://127.0.0.1:{stack.portal.port}",
                "Referer": f"https://127.0.0.1:{stack.portal.port}/gop-y/",
            },
        )

        assert change_page.status == 200 and "(sửa ở máy chính)" in change_page.body
        assert staff_reading.status == 200 and "(sửa ở máy chính)" in staff_reading.body
        assert feedback.status in (200, 302), feedback.body[:300]
        assert replica.portal_statements(since) == []

    def test_a_publish_is_shown_and_cached_at_once_while_the_replica_has_not_replayed_it(self, stack, replica):
        path, pk, title = stack.published_articles()[0]
        wait_for(lambda: stack.portal.get(path).header("X-Page-Cache") == "hit", 10, f"{path} cached")
        replica.pause_replay()
        new_title = f"Bản tin vừa sửa số {time.time_ns()}"

        stack.publish(pk, new_title)
        since = replica.log_size()
        first, second = stack.portal.get(path), stack.portal.get(path)

        assert replica.query("SELECT title FROM news_article WHERE id = %s", [pk])[0] == title, "replay not paused"
        assert (first.status, first.header("X-Page-Cache")) == (200, "miss")
        assert new_title in first.body
        assert (second.status, second.header("X-Page-Cache")) == (200, "hit")
        assert new_title in second.body and html.escape(title) not in second.body
        statements = replica.portal_statements(since)
        assert statements, "the replica's replay position was not checked"
        assert content_statements(statements) == [], "a page was read from a replica behind the publish"

        replica.resume_replay()
        wait_for(
            lambda: replica.query("SELECT title FROM news_article WHERE id = %s", [pk])[0] == new_title, 30, "replay"
        )
        since = replica.log_size()
        other = stack.portal.get("/to-chuc/")
        assert other.status == 200 and other.header("X-Page-Cache") == "miss"
        assert content_statements(replica.portal_statements(since)), "reads did not go back to the replica"

    def test_with_the_replica_down_anonymous_pages_come_from_the_primary_without_an_error(self, stack, replica):
        replica.stop(mode="immediate")
        started = time.monotonic()
        answers = {path: stack.portal.get(path) for path in ("/chuong-trinh/", "/tim-kiem/?q=khuyen+hoc", "/rss/")}
        seconds = time.monotonic() - started

        assert {path: answer.status for path, answer in answers.items()} == dict.fromkeys(answers, 200)
        assert all(answer.header("X-Page-Cache") == "miss" for answer in answers.values())
        assert "Read replica unavailable" in stack.portal.log_tail(200)
        assert seconds < 10
