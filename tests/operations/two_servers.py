"""Two app servers behind nginx, as docs/deploy/ describes them, for tests/operations/test_two_servers.py.

A throwaway PostgreSQL cluster and redis-server (tests/faults/servers.py), two gunicorns started
with docs/deploy/gunicorn.conf.py on the production settings, one bucket on the session's object
store (moto's S3 server, tests/object_store.py) with the bucket policy of docs/operations.md, and
Debian's nginx with docs/deploy/nginx.conf and media-object-store.conf (ports, paths, certificate
and the store's address substituted). Server A reaches PostgreSQL through a TCP forwarder
(tests/operations/tcp_forwarder.py) that the test can cut. Everything is bound to 127.0.0.1 on free
ports and stopped by PID on every way out.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.faults.servers import BASE_DIR, VENV_BIN, PostgresCluster, RedisServer, free_port, try_get, wait_for
from tests.operations.deploy_site import (
    DEPLOY,
    RunningNginx,
    certificate_replacements,
    documented_bucket_policy,
    object_store_addresses,
    replaced,
    site,
)

HOST = "khuyenhoc.example.vn"
SUPERUSER, PASSWORD = "quantri", "Mat-khau-thu-nghiem-2026"


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=300, **kwargs)


def shared_media_environment(work: Path, store, bucket: str) -> dict:
    """The one place the servers' media store is chosen: every app server gets these variables, the
    object store's ``bucket`` (DJANGO_MEDIA_STORAGE=s3), as docs/deploy/README.md tells machines
    that share no disk. ``DJANGO_MEDIA_ROOT`` is an empty folder of the test's own: the test looks
    there (and in all its folders) to prove that no upload lands on a local disk."""
    root = work / "media"
    root.mkdir(parents=True, exist_ok=True)
    return {"DJANGO_MEDIA_ROOT": str(root), "DJANGO_MEDIA_STORAGE": "s3", **store.environment(bucket)}


class TcpForwarder:
    """tests/operations/tcp_forwarder.py in its own process: ``cut()`` and ``restore()`` by signal."""

    def __init__(self, target_port: int):
        self.port = free_port()
        script = Path(__file__).with_name("tcp_forwarder.py")
        self.process = subprocess.Popen(
            [sys.executable, str(script), str(self.port), str(target_port)], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout.readline().strip() == "listening"

    def cut(self):
        self.process.send_signal(signal.SIGUSR1)

    def restore(self):
        self.process.send_signal(signal.SIGUSR2)

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class AppServer:
    """gunicorn with docs/deploy/gunicorn.conf.py, the production settings and the given environment;
    its access log in a file of its own (which server answered what)."""

    def __init__(self, name: str, environment: dict, work: Path):
        self.name = name
        self.port = free_port()
        self.env = {**environment, "KP_GUNICORN_BIND": f"127.0.0.1:{self.port}", "KP_GUNICORN_WORKERS": "2"}
        self.log_path = work / f"gunicorn-{name}.log"
        self.access_log = work / f"access-{name}.log"
        self.process = None

    def start(self):
        command = [
            str(VENV_BIN / "gunicorn"),
            "--config",
            str(DEPLOY / "gunicorn.conf.py"),
            "--access-logfile",
            str(self.access_log),
            "kpportal.wsgi:application",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=BASE_DIR, stdout=log, stderr=log)
        wait_for(self.ready, 60, f"gunicorn {self.name} on port {self.port} (log: {self.log_path})", interval=0.2)

    def ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn {self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
        answer = try_get(self.port, "/healthz/", timeout=5)
        return answer is not None and answer.status == 200

    def requests_from_nginx(self) -> int:
        """Requests this server answered that came through nginx (they carry the site's host name)."""
        try:
            return self.access_log.read_text(errors="replace").count(f"host={HOST}")
        except FileNotFoundError:
            return 0

    def log_tail(self, lines=30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout=30):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    close = stop


class Nginx:
    """docs/deploy/nginx.conf with media-object-store.conf in place of its include, with only ports,
    the certificate, the store's address and bucket, the cache folder and the two upstream addresses
    replaced, inside a minimal main configuration."""

    def __init__(self, work: Path, upstreams: list[int], store_endpoint: str, bucket: str):
        self.work = work / "nginx"
        self.work.mkdir()
        self.https_port, self.http_port = free_port(), free_port()
        replacements = {
            **object_store_addresses(store_endpoint, bucket),
            **certificate_replacements(self.work, HOST),
            "listen 443 ssl": f"listen 127.0.0.1:{self.https_port} ssl",
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "server 127.0.0.1:8000 ": f"server 127.0.0.1:{upstreams[0]} ",
            "server 127.0.0.1:8001 ": f"server 127.0.0.1:{upstreams[1]} ",
            "/var/cache/nginx/khuyenhoc": str(self.work / "pages"),
        }
        configuration = replaced(site("s3"), replacements, "docs/deploy/nginx.conf with media-object-store.conf")
        # warn: nginx says there when it takes an upstream server out of rotation.
        self.nginx = RunningNginx(self.work, configuration, port=self.http_port, error_level="warn")

    def errors(self) -> str:
        return self.nginx.errors()

    def close(self):
        self.nginx.stop()


class TwoServerStack:
    """PostgreSQL, Redis, a bucket on ``store``, the forwarder, servers A and B, nginx: built in order,
    closed in reverse (the bucket stays on the session's store, which goes with it)."""

    def __init__(self, pg_bin: Path, redis_binary: str, store):
        self.work = Path(tempfile.mkdtemp(prefix="kp-two-servers-"))
        self.parts = []
        self.store = store
        self.bucket = store.new_bucket()
        store.client().put_bucket_policy(Bucket=self.bucket, Policy=documented_bucket_policy(self.bucket))
        try:
            self.postgres = self.keep(PostgresCluster(pg_bin))
            self.postgres.create_database()
            self.redis = self.keep(RedisServer(redis_binary))
            self.forwarder = self.keep(TcpForwarder(self.postgres.port))
            common = {
                **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_"))},
                # Production settings, static files from the finders (tests/faults/portal_settings.py).
                "DJANGO_SETTINGS_MODULE": "tests.faults.portal_settings",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
                "DJANGO_SITE_URL": f"https://{HOST}",
                "DATABASE_URL": self.postgres.url,
                "REDIS_URL": self.redis.url,
                "DJANGO_CACHE_KEY_PREFIX": f"kp-two-{secrets.token_hex(4)}",
                "DJANGO_STATIC_ROOT": str(self.work / "static"),
                "DJANGO_CONN_MAX_AGE": "600",
                "DJANGO_TRUSTED_PROXY_COUNT": "1",
                "DJANGO_LOG_LEVEL": "WARNING",
                "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
                "PYTHONPATH": str(BASE_DIR),
                **shared_media_environment(self.work, store, self.bucket),
            }
            (self.work / "static").mkdir()
            self.manage(common, "migrate", "--noinput", "-v0")
            self.manage(common, "load_demo", "--no-users")
            self.manage(common, "createsuperuser", "--noinput", "--username", SUPERUSER, "--email", "qt@example.vn")
            through_forwarder = self.postgres.url.replace(f":{self.postgres.port}/", f":{self.forwarder.port}/")
            self.a = self.keep(AppServer("a", {**common, "DATABASE_URL": through_forwarder}, self.work))
            self.b = self.keep(AppServer("b", common, self.work))
            self.a.start()
            self.b.start()
            self.nginx = self.keep(Nginx(self.work, [self.a.port, self.b.port], store.endpoint, self.bucket))
        except BaseException:
            self.close()
            raise

    def keep(self, part):
        self.parts.append(part)
        return part

    @staticmethod
    def manage(environment, *arguments):
        return run([str(VENV_BIN / "python"), "manage.py", *arguments], env=environment, cwd=BASE_DIR)

    def query(self, sql, *parameters):
        import psycopg2

        connection = psycopg2.connect(dbname="kpportal", user="postgres", host="127.0.0.1", port=self.postgres.port)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, parameters)
                return cursor.fetchall()
        finally:
            connection.close()

    def close(self):
        for part in reversed(self.parts):
            try:
                part.close()
            except Exception as error:  # the others are still closed
                print(f"closing {type(part).__name__}: {error}", file=sys.stderr)
        shutil.rmtree(self.work, ignore_errors=True)


@dataclass
class Reply:
    status: int
    headers: list
    body: str
    content: bytes
    started: float
    finished: float

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def cookies(self) -> dict:
        found = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                found[name] = rest.split(";", 1)[0]
        return found


def request(port, path, *, secure=False, method="GET", body=None, headers=None, cookies=None, source="", timeout=20):
    """One request without following redirects: plain HTTP to an app server (with the header nginx
    adds, so production settings take it as HTTPS), or HTTPS to nginx under the site's host name.
    ``source``: the reader's address, any of 127.0.0.0/8 (nginx passes it on as X-Forwarded-For)."""
    bind = (source, 0) if source else None
    if secure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, context=context, timeout=timeout, source_address=bind
        )
        sent = {"Host": HOST}
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=bind)
        sent = {"X-Forwarded-Proto": "https"}
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers={**sent, **(headers or {})})
        response = connection.getresponse()
        content = response.read()
        text = content.decode("utf-8", "replace")
        return Reply(response.status, response.getheaders(), text, content, started, time.monotonic())
    finally:
        connection.close()


def csrf_from(reply) -> tuple[str, str]:
    """(cookie value, form token) of a page with a form."""
    cookie = reply.cookies().get("csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', reply.body)
    assert cookie and token, f"no CSRF cookie and token (status {reply.status})"
    return cookie, token.group(1)
