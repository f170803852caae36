"""Two app servers behind nginx, sharing PostgreSQL, Redis and the object store (one bucket), started
from the very files of docs/deploy/ (tests/operations/two_servers.py): what a reader and an editor
see does not depend on which server answers, an upload is served from the store whichever server
took it, and nginx keeps serving when one server loses its database or stops.

Skipped with the reason without nginx, gunicorn, redis-server, PostgreSQL's server binaries or
moto[server]; under KP_REQUIRE_ALL=1 (CI) those are failures. ``KP_FAULTS_RESULTS=<file>`` appends the measured
times (JSON lines), as the fault tests do.
"""

import io
import itertools
import json
import os
import re
import secrets
import shutil
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from botocore.exceptions import ClientError
from PIL import Image

from tests.conftest import require_tool
from tests.faults.servers import BASE_DIR, VENV_BIN, postgres_bin, wait_for
from tests.operations.deploy_site import NGINX
from tests.operations.two_servers import PASSWORD, SUPERUSER, TwoServerStack, csrf_from, request
from tests.security.forms import form_data

# One pytest worker builds the stack and runs every test of it (scripts/run-tests: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("two-servers")

FEEDBACK = {"name": "Lê Văn Cường", "email": "cuong@example.vn", "message": "Góp ý gửi qua hai máy chủ."}


def record(name, **numbers):
    target = os.environ.get("KP_FAULTS_RESULTS")
    if target:
        with open(target, "a", encoding="utf-8") as results:
            results.write(json.dumps({"test": name, **numbers}) + "\n")


@pytest.fixture(scope="module")
def servers(object_store):
    require_tool(Path(NGINX).exists(), "nginx not found (apt-get install nginx)")
    require_tool(shutil.which("openssl") is not None, "openssl not found")
    require_tool((VENV_BIN / "gunicorn").exists(), f"gunicorn is not installed in {VENV_BIN}")
    redis_binary = shutil.which("redis-server")
    require_tool(redis_binary is not None, "redis-server is not installed (apt-get install redis-server)")
    pg_bin = postgres_bin()
    require_tool(pg_bin is not None, "PostgreSQL server binaries are not installed (apt-get install postgresql)")
    started = time.monotonic()
    stack = TwoServerStack(pg_bin, redis_binary, object_store)
    record("two-servers-start", seconds=round(time.monotonic() - started, 1))
    try:
        yield stack
    finally:
        stack.close()


@pytest.fixture
def stack(servers):
    """Both servers up and reaching the database, whatever a previous test left."""
    servers.forwarder.restore()
    for server in (servers.a, servers.b):
        if server.process.poll() is not None:
            server.start()
    wait_for(lambda: request(servers.a.port, "/healthz/").status == 200, 20, "server A healthy")
    return servers


def form_post(server, path, fields, *, client_ip, cookies=None):
    """A browser's form POST to one app server directly, as nginx forwards it (the reader's address
    in X-Forwarded-For), with the CSRF cookie and token of the form's page."""
    page = request(server.port, path, cookies=cookies)
    csrf_cookie, token = csrf_from(page)
    origin = f"https://127.0.0.1:{server.port}"
    return request(
        server.port,
        path,
        method="POST",
        body=urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True),
        cookies={**(cookies or {}), "csrftoken": csrf_cookie},
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
            "X-Forwarded-For": client_ip,
        },
    )


def sign_in(server, *, client_ip="10.0.0.2", password=PASSWORD):
    return form_post(
        server,
        "/quan-tri/login/?next=/quan-tri/",
        {"username": SUPERUSER, "password": password},
        client_ip=client_ip,
    )


def staff_session(server) -> dict:
    answer = sign_in(server)
    assert answer.status == 302, f"sign-in on {server.name}: {answer.status}\n{answer.body[:300]}"
    return {"sessionid": answer.cookies()["sessionid"]}


def published_article(stack, offset=0) -> tuple[int, str]:
    (article_id, slug), *_ = stack.query(
        "SELECT id, slug FROM news_article WHERE status = 'published' ORDER BY id LIMIT 1 OFFSET %s", offset
    )
    page = request(stack.b.port, "/tin-tuc/")
    found = re.search(rf'href="(/tin-tuc/{article_id}-[^"/]*/)"', page.body) or re.search(
        rf'href="(/tin-tuc/[^"/]*{re.escape(slug)}[^"/]*/)"', page.body
    )
    path = found.group(1) if found else f"/tin-tuc/{slug}/"
    return article_id, path


def png(width=400, height=240) -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(picture, "PNG")
    return picture.getvalue()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = secrets.token_hex(12)
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def admin_save(server, session, article_id, changes, files=None):
    """Opens an article's admin page on ``server`` and saves it with ``changes``, as staff would."""
    path = f"/quan-tri/news/article/{article_id}/change/"
    page = request(server.port, path, cookies=session)
    assert page.status == 200, f"{path} on {server.name}: {page.status}"
    csrf_cookie, _token = csrf_from(page)
    body, content_type = multipart({**form_data(page.body, "article_form"), **changes}, files or {})
    origin = f"https://127.0.0.1:{server.port}"
    answer = request(
        server.port,
        path,
        method="POST",
        body=body,
        cookies={**session, "csrftoken": csrf_cookie},
        headers={"Content-Type": content_type, "Origin": origin, "Referer": origin + path},
    )
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer.body, re.S)
    assert answer.status == 302, f"saving on {server.name}: {answer.status} {errors}"
    return answer


class SharedStateTests:
    def test_an_article_edited_through_server_a_is_seen_through_server_b_at_once(self, stack):
        article_id, path = published_article(stack)
        request(stack.b.port, path)
        assert request(stack.b.port, path).header("X-Page-Cache") == "hit"  # B holds the page
        request(stack.b.port, "/tin-tuc/")
        assert request(stack.b.port, "/tin-tuc/").header("X-Page-Cache") == "hit"
        title = f"Hội nghị tổng kết qua máy chủ A {secrets.token_hex(3)}"

        admin_save(stack.a, staff_session(stack.a), article_id, {"title": title})

        page, listing = request(stack.b.port, path), request(stack.b.port, "/tin-tuc/")
        assert page.status == 200 and title in page.body
        assert page.header("X-Page-Cache") != "hit"
        assert title in listing.body

    def test_a_picture_uploaded_through_server_a_is_served_through_server_b_from_the_object_store(self, stack):
        article_id, path = published_article(stack, offset=1)
        session = staff_session(stack.a)

        admin_save(stack.a, session, article_id, {}, {"cover_image": ("anh-moi.png", png(), "image/png")})

        page = request(stack.b.port, path)
        found = re.search(r'(/media/[^"\s]*anh-moi[^"\s]*\.png)', page.body)
        assert found, "the new picture is not on B's page"
        address, name = found.group(1), found.group(1).removeprefix("/media/")
        bucket = stack.store.client()
        stored = bucket.get_object(Bucket=stack.bucket, Key=name)["Body"].read()
        assert Image.open(io.BytesIO(stored)).size == (400, 240)
        # Published: the public copy is in the bucket, and nginx (media-object-store.conf) sends it
        # from there, without asking either server.
        assert bucket.head_object(Bucket=stack.bucket, Key=f"public/{name}")["ContentLength"] == len(stored)
        through_nginx = request(stack.nginx.https_port, address, secure=True)
        assert (through_nginx.status, through_nginx.header("Content-Type")) == (200, "image/png")
        assert through_nginx.content == stored
        assert through_nginx.header("Cache-Control") == "public, max-age=3600"
        assert through_nginx.header("X-Frame-Options") is None  # every answer of the portal has one
        assert not [server.name for server in (stack.a, stack.b) if name in server.access_log.read_text()]
        # Nor on any local disk: not in the media folder, the servers' or nginx's, nor the project's.
        on_disk = [*stack.work.rglob(Path(name).name), *(BASE_DIR / "media").rglob(Path(name).name)]
        assert on_disk == []

        # Unpublished through A: the public copy goes; through B, readers get 404 and staff a
        # short-lived signed address of the object, whose bytes never pass through B.
        admin_save(stack.a, session, article_id, {"status": "draft"})
        try:
            with pytest.raises(ClientError):
                bucket.head_object(Bucket=stack.bucket, Key=f"public/{name}")
            assert request(stack.nginx.https_port, address, secure=True).status == 404
            assert request(stack.b.port, address).status == 404
            for_staff = request(stack.b.port, address, cookies=staff_session(stack.b))
            assert (for_staff.status, for_staff.header("Cache-Control")) == (302, "private, no-store")
            assert for_staff.header("Location").startswith(f"{stack.store.endpoint}/{stack.bucket}/{name}?")
            with urllib.request.urlopen(for_staff.header("Location"), timeout=10) as signed:
                assert signed.read() == stored
        finally:
            admin_save(stack.a, session, article_id, {"status": "published"})

    def test_a_staff_session_started_on_server_a_works_on_server_b(self, stack):
        session = staff_session(stack.a)
        on_b = request(stack.b.port, "/quan-tri/", cookies=session)
        assert on_b.status == 200
        assert SUPERUSER in on_b.body
        without = request(stack.b.port, "/quan-tri/")
        assert without.status == 302 and "/quan-tri/login/" in without.header("Location")


class SharedLimitTests:
    def test_failed_sign_ins_on_both_servers_count_together_towards_the_lockout(self, stack):
        address = "10.30.0.1"
        servers = itertools.cycle([stack.a, stack.b])
        statuses = [sign_in(next(servers), client_ip=address, password="sai-mat-khau").status for _ in range(4)]
        assert statuses == [200, 200, 200, 200]  # the form again, with its message
        sign_in(next(servers), client_ip=address, password="sai-mat-khau")  # the fifth: A

        refused = sign_in(stack.b, client_ip=address)  # the right password, on the other server
        assert (refused.status, "sessionid" in refused.cookies()) == (429, False)
        assert "Tạm khoá đăng nhập" in refused.body
        elsewhere = sign_in(stack.a, client_ip="10.30.0.2")  # the same account from another address
        assert elsewhere.status == 302

    def test_the_feedback_rate_limit_counts_posts_to_both_servers_together(self, stack):
        address = "10.40.0.1"
        order = [stack.a, stack.b, stack.a, stack.b, stack.a]
        statuses = [
            form_post(server, "/gop-y/", {**FEEDBACK, "subject": f"Giới hạn {n}"}, client_ip=address).status
            for n, server in enumerate(order)
        ]
        assert statuses == [302, 302, 302, 429, 429]  # three in ten minutes, wherever they went
        assert form_post(stack.b, "/gop-y/", {**FEEDBACK, "subject": "Khác"}, client_ip="10.40.0.2").status == 302


class FailoverTests:
    def test_a_server_that_lost_its_database_leaves_nginx_rotation_and_comes_back_after(self, stack):
        numbers = itertools.count()
        nginx = stack.nginx.https_port
        before = [request(nginx, f"/to-chuc/?lan={next(numbers)}", secure=True).status for _ in range(6)]
        assert set(before) == {200}
        assert stack.a.requests_from_nginx() > 0, "nginx sent nothing to A: the test would prove nothing"

        stack.forwarder.cut()
        cut = time.monotonic()
        try:
            health = wait_for(
                lambda: (answer := request(stack.a.port, "/healthz/")).status == 503 and answer, 10, "A unhealthy"
            )
            assert json.loads(health.body) == {"database": "unavailable", "cache": "ok"}
            assert json.loads(request(stack.b.port, "/healthz/").body) == {"database": "ok", "cache": "ok"}
            answers = [
                request(nginx, f"{path}?lan={next(numbers)}", secure=True)
                for path in ["/to-chuc/", "/chuong-trinh/", "/tin-tuc/", "/tim-kiem/"] * 6
            ]
            assert [answer.status for answer in answers] == [200] * len(answers)
            assert "temporarily disabled" in stack.nginx.errors()
            while_cut = stack.a.requests_from_nginx()
        finally:
            stack.forwarder.restore()
        restored = time.monotonic()
        wait_for(lambda: request(stack.a.port, "/healthz/").status == 200, 20, "A healthy again")
        healthy = time.monotonic()

        def a_serves_again():
            answer = request(nginx, f"/to-chuc/?lan={next(numbers)}", secure=True)
            assert answer.status == 200
            return stack.a.requests_from_nginx() > while_cut

        wait_for(a_serves_again, 20, "nginx sending requests to A again", interval=0.5)
        record(
            "two-servers-database-cut",
            requests_while_cut=len(answers),
            seconds_cut=round(restored - cut, 2),
            seconds_to_healthy=round(healthy - restored, 2),
            seconds_to_back_in_rotation=round(time.monotonic() - restored, 2),
        )

    def test_stopping_server_a_under_load_loses_no_acknowledged_write_and_fails_no_reader(self, stack):
        nginx = stack.nginx.https_port
        marker = secrets.token_hex(4)
        form = request(nginx, "/gop-y/", secure=True)
        csrf_cookie, token = csrf_from(form)
        readings, writings, stop = [], [], threading.Event()
        numbers = itertools.count()

        def reader():
            for path in itertools.cycle(["/to-chuc/", "/tin-tuc/", "/chuong-trinh/", "/"]):
                if stop.is_set():
                    return
                address = path if path == "/" else f"{path}?lan={next(numbers)}"
                try:
                    readings.append(request(nginx, address, secure=True))
                except OSError as error:
                    readings.append(error)

        # Each writer's form from an address of its own (nginx forwards it): the rate limit is not
        # what this test is about.
        def writer():
            while not stop.is_set():
                n = next(numbers)
                subject = f"Tải {marker} {n}"
                body = urlencode({**FEEDBACK, "subject": subject, "csrfmiddlewaretoken": token})
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": "https://khuyenhoc.example.vn",
                    "Referer": "https://khuyenhoc.example.vn/gop-y/",
                }
                try:
                    answer = request(
                        nginx, "/gop-y/", secure=True, method="POST", body=body, headers=headers,
                        cookies={"csrftoken": csrf_cookie}, source=f"127.0.{n // 250 + 10}.{n % 250 + 1}",
                    )  # fmt: skip
                    writings.append((subject, answer))
                except OSError as error:
                    writings.append((subject, error))

        answered_by_a = stack.a.requests_from_nginx()
        threads = [threading.Thread(target=work, daemon=True) for work in (reader, reader, writer, writer)]
        for thread in threads:
            thread.start()
        time.sleep(2.5)
        stopping = time.monotonic()
        stack.a.stop()  # SIGTERM: gunicorn finishes what it is serving, then exits
        stopped = time.monotonic()
        assert stack.a.requests_from_nginx() > answered_by_a, "A served none of the load: nothing was at stake"
        time.sleep(2.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        answers = readings + [answer for _subject, answer in writings]
        failures = [answer for answer in answers if isinstance(answer, Exception)]
        assert failures == [], failures[:5]
        assert [answer.status for answer in readings if answer.status != 200] == []
        # A POST that A had taken (a worker on it, or waiting in A's listen queue, which closes with
        # A) is not sent again by nginx: at most one per writer, while A stops, none after.
        server_errors = [answer for _subject, answer in writings if answer.status >= 500]
        assert len(server_errors) <= 2, [(answer.status, answer.body[:200]) for answer in server_errors]
        assert all(answer.started <= stopped for answer in server_errors)
        acknowledged = {subject for subject, answer in writings if answer.status == 302}
        assert len(acknowledged) >= 5, "hardly any write was made: the test measured nothing"
        assert not [answer.status for _subject, answer in writings if answer.status not in (302, 502, 503)]
        stored = {subject for (subject,) in stack.query("SELECT subject FROM news_feedback WHERE subject LIKE %s",
                                                           f"Tải {marker} %")}  # fmt: skip
        assert acknowledged - stored == set(), "acknowledged but not in the database"
        after = [answer for answer in answers if answer.started > stopped]
        assert after and {answer.status for answer in after} <= {200, 302}
        record(
            "two-servers-graceful-stop",
            reads=len(readings),
            writes_acknowledged=len(acknowledged),
            write_errors=sorted(answer.status for answer in server_errors),
            seconds_to_stop=round(stopped - stopping, 2),
        )
