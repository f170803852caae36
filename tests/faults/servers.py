"""Throwaway servers for the fault tests: a PostgreSQL cluster, a Redis server and the portal under
gunicorn, each on a free port of 127.0.0.1, each stopped by ``close()`` on every way out.

Never the shared PostgreSQL on 5432 or Redis on 6379: these are stopped and started on purpose.
"""

import glob
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    found = [Path(path) for path in found if Path(path, "initdb").exists() and Path(path, "pg_ctl").exists()]
    return found[-1] if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    """``condition()``'s first true value within ``timeout`` seconds, else AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)


@dataclass
class Answer:
    status: int
    headers: dict
    body: str
    seconds: float

    def header(self, name):
        return self.headers.get(name.lower())


def get(port: int, path: str, *, headers=None, method="GET", body=None, timeout=15.0) -> Answer:
    """One request to the portal, without following redirects; the body decoded as UTF-8."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        content = response.read()
        return Answer(
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            content.decode("utf-8", "replace"),
            time.monotonic() - started,
        )
    finally:
        connection.close()


def try_get(port: int, path: str, **kwargs) -> Answer | None:
    try:
        return get(port, path, **kwargs)
    except OSError:
        return None


def _run(command, *, timeout=60, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout, **kwargs)


class PostgresCluster:
    """initdb into a temporary folder; started and stopped with pg_ctl (as the postgres user under root).
    A subclass makes its data folder otherwise (``make_data``) and may add server options."""

    FOLDER_PREFIX = "kp-faults-pg-"
    SERVER_OPTIONS = "-c synchronous_commit=off"

    def __init__(self, binaries: Path):
        self.bin = binaries
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix=self.FOLDER_PREFIX))
        self.data = self.dir / "data"
        self.log = self.dir / "log"
        self.as_postgres = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.make_data()
        self.start()

    def make_data(self):
        _run([*self.as_postgres, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"])

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/kpportal"

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off {self.SERVER_OPTIONS}"
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30"]
        _run([*self.as_postgres, *command, "-o", options, "start"], timeout=60)

    def stop(self, mode="fast"):
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"]
        _run([*self.as_postgres, *command], timeout=60)

    def is_running(self) -> bool:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "status"]
        return (
            subprocess.run([*self.as_postgres, *command], check=False, capture_output=True, timeout=30).returncode == 0
        )

    def create_database(self):
        import psycopg2

        connection = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1", port=self.port)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE kpportal")
        connection.close()

    def close(self):
        try:
            if self.data.exists() and self.is_running():
                self.stop(mode="immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    """redis-server on a free port, no persistence: a restart starts empty, like a lost cache."""

    def __init__(self, binary: str):
        self.binary = binary
        self.port = free_port()
        self.process = None
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.answers, 10, f"redis-server on port {self.port}")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                probe.sendall(b"PING\r\n")
                return probe.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def freeze(self):
        """SIGSTOP: the server keeps its port but answers nothing (a hung server or a lost network)."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def close(self):
        self.kill()


class Portal:
    """The portal on the production settings (tests/faults/portal_settings.py) under gunicorn,
    2 sync workers, persistent database connections; migrated and loaded with the demo content."""

    def __init__(self, database_url: str, redis_url: str, work: Path):
        self.port = free_port()
        self.work = work
        (work / "media").mkdir(parents=True, exist_ok=True)
        (work / "static").mkdir(parents=True, exist_ok=True)
        self.env = {
            **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_"))},
            "DJANGO_SETTINGS_MODULE": "tests.faults.portal_settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SITE_URL": f"http://127.0.0.1:{self.port}",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_CACHE_KEY_PREFIX": f"kp-faults-{secrets.token_hex(4)}",
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "DJANGO_STATIC_ROOT": str(work / "static"),
            "DJANGO_CONN_MAX_AGE": "600",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(BASE_DIR),
        }
        self.log_path = work / "gunicorn.log"
        self.process = None

    def manage(self, *arguments, timeout=300):
        return _run([str(VENV_BIN / "python"), "manage.py", *arguments], env=self.env, cwd=BASE_DIR, timeout=timeout)

    def start(self):
        command = [
            str(VENV_BIN / "gunicorn"),
            "kpportal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--no-control-socket",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=BASE_DIR, stdout=log, stderr=log)
        wait_for(self._ready, 60, f"gunicorn on port {self.port} (log: {self.log_path})", interval=0.3)
        wait_for(lambda: len(self.worker_pids()) == 2, 30, "two gunicorn workers")

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
        answer = try_get(self.port, "/robots.txt", timeout=5)
        return answer is not None and answer.status == 200

    def worker_pids(self) -> set[int]:
        output = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            check=False,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
        return {int(pid) for pid in output.split()}

    def log_tail(self, lines=40) -> str:
        """The log's last ``lines``, after every traceback in it: a 500 among hundreds of logged 503s
        must be explained by the failure message, not scrolled past."""
        try:
            logged = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        tracebacks = [
            "\n".join(logged[max(0, number - 2) : number + 30])
            for number, line in enumerate(logged)
            if line.startswith("Traceback")
        ]
        return "\n".join([*tracebacks[:3], "...", *logged[-lines:]])

    def get(self, path, **kwargs) -> Answer:
        return get(self.port, path, **kwargs)

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class Stack:
    """PostgreSQL + Redis + the portal, built in order and closed in reverse whatever happened."""

    def __init__(self, pg_bin: Path, redis_binary: str):
        self.work = Path(tempfile.mkdtemp(prefix="kp-faults-"))
        self.postgres = self.redis = self.portal = None
        try:
            self.postgres = PostgresCluster(pg_bin)
            self.postgres.create_database()
            self.redis = RedisServer(redis_binary)
            self.portal = Portal(self.postgres.url, self.redis.url, self.work)
            self.portal.manage("migrate", "--noinput", "-v0")
            self.portal.manage("load_demo", "--no-users")
            self.portal.start()
        except BaseException:
            self.close()
            raise

    def close(self):
        for part in (self.portal, self.redis, self.postgres):
            if part is not None:
                try:
                    part.close()
                except Exception as error:  # the others are still closed
                    print(f"closing {type(part).__name__}: {error}", file=sys.stderr)
        shutil.rmtree(self.work, ignore_errors=True)
