"""`make run` (runserver with kpportal.settings.dev) answers odd static addresses without a 500.

Under runserver, Django's own static handler sat in front of every middleware and error page: a path
climbing out of the static folder raised SuspiciousFileOperation into the WSGI server.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.faults.servers import free_port, get, try_get, wait_for

BASE_DIR = Path(__file__).resolve().parents[2]
CLIMBING_PATHS = ["/static/../", "/static/..", "/static/../manage.py", "/static/%2e%2e/", "/static/css/../../x"]


@pytest.fixture(scope="module")
def dev_server():
    folder = Path(tempfile.mkdtemp(prefix="kp-dev-server-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "kpportal.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=BASE_DIR, check=True, capture_output=True, timeout=300)
    port = free_port()
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=BASE_DIR, stdout=log, stderr=log
    )
    try:
        wait_for(lambda: try_get(port, "/static/css/portal.css"), timeout=60, what="runserver")
        yield port, folder / "server.log"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


class DevelopmentStaticFilesTests:
    def test_static_files_are_still_served(self, dev_server):
        port, _log = dev_server
        answer = get(port, "/static/css/portal.css")
        assert answer.status == 200
        assert "text/css" in answer.header("content-type")

    @pytest.mark.parametrize("path", CLIMBING_PATHS)
    def test_a_path_climbing_out_of_the_static_folder_is_not_found(self, dev_server, path):
        port, log = dev_server
        answer = get(port, path)
        assert answer.status == 404, (answer.status, answer.body[:300])
        assert "SuspiciousFileOperation" not in log.read_text()
        assert "execute_from_command_line" not in answer.body
