"""`make run PORT=…` as a newcomer starts it: the development settings with no DJANGO_SITE_URL,
Django's runserver on a port of its own. The printed article's QR code, read back from the PDF
Chromium prints, must lead to that port and open the article there."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.printing.conftest import decode_image

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Hội Khuyến học phát động phong trào gia đình học tập"
# Run inside the server's own database: one published article; its addresses, as JSON.
MAKE_ARTICLE = f"""
import json
from django.urls import reverse
from tests.factories import ArticleFactory
article = ArticleFactory(title={TITLE!r})
kwargs = {{"pk": article.pk, "slug": article.slug}}
print(json.dumps({{"page": article.get_absolute_url(), "print": reverse("printing:article-print", kwargs=kwargs)}}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


@pytest.fixture
def dev_server(tmp_path):
    """runserver with kpportal.settings.dev on 127.0.0.1:<free port>, its own SQLite database and
    media folder; stopped by its process id whatever the test does."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "kpportal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        ).stdout

    manage("migrate", "--noinput", "--verbosity", "0")
    addresses = json.loads(manage("shell", "--command", MAKE_ARTICLE).strip().splitlines()[-1])
    log = (tmp_path / "runserver.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                read(f"{base}/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("runserver did not start: " + (tmp_path / "runserver.log").read_text())
                time.sleep(0.2)
        yield base, addresses
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_the_printed_article_qr_code_leads_to_the_port_make_run_serves_on(dev_server, browser, artifacts):
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm not found (apt-get install poppler-utils)")
    base, addresses = dev_server
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        page = context.new_page()
        page.goto(f"{base}{addresses['print']}")
        page.wait_for_load_state("networkidle")
        pdf = artifacts / "served-address-print.pdf"
        page.pdf(path=str(pdf), format="A4")
    finally:
        context.close()
    prefix = artifacts / "served-address-pdf"
    for old in artifacts.glob("served-address-pdf-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(prefix)], check=True)
    codes = [text for png in sorted(artifacts.glob("served-address-pdf-*.png")) for text in decode_image(png)]

    [code] = codes
    assert re.fullmatch(rf"{re.escape(base)}{re.escape(addresses['page'])}\?ban-in=[0-9a-f]+", code), code
    assert TITLE in read(code)  # the code opens the article on this very server
