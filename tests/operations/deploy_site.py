"""docs/deploy/nginx.conf as the tests (and bench/two_servers.py) run it: the media snippet an operator
copies to the path of its ``include`` put in the include's place, so that nginx starts from the very
files of docs/deploy/; the bucket policy of docs/operations.md ("Media on an object store"); and
Debian's nginx started with such a site on 127.0.0.1, stopped by its PID (``RunningNginx``)."""

import json
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy"
SITE = DEPLOY / "nginx.conf"
MEDIA_INCLUDE = "include /etc/nginx/snippets/khuyenhoc-media.conf;"
MEDIA_SNIPPETS = {"disk": DEPLOY / "media-disk.conf", "s3": DEPLOY / "media-object-store.conf"}
OPERATIONS = ROOT / "docs" / "operations.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# What media-object-store.conf names: the store's address and host, and the bucket.
STORE_URL, STORE_HOST, BUCKET = "https://s3.example.vn", "s3.example.vn", "khuyenhoc-media"


def replaced(text: str, replacements: dict, where: str) -> str:
    """``text`` with each key replaced by its value; every key must be there (else the file changed
    under the test, which would then test something else)."""
    for old, new in replacements.items():
        assert old in text, f"{where} no longer has {old!r}: update this test"
        text = text.replace(old, new)
    return text


def site(media: str) -> str:
    """nginx.conf's text with ``media`` ("disk" or "s3") snippet where the include is."""
    text = SITE.read_text()
    assert text.count(MEDIA_INCLUDE) == 1, f"docs/deploy/nginx.conf no longer has {MEDIA_INCLUDE!r} once"
    return text.replace(MEDIA_INCLUDE, MEDIA_SNIPPETS[media].read_text())


def object_store_addresses(endpoint: str, bucket: str) -> dict:
    """The replacements that point media-object-store.conf at ``bucket`` on the store at ``endpoint``."""
    return {
        f"{STORE_URL}/{BUCKET}/public/": f"{endpoint}/{bucket}/public/",
        f"proxy_set_header Host {STORE_HOST};": f"proxy_set_header Host {endpoint.split('//', 1)[1]};",
    }


def documented_bucket_policy(bucket: str) -> str:
    """The bucket policy (JSON) of docs/operations.md, "Media on an object store", for ``bucket``."""
    section = OPERATIONS.read_text().split("## Media on an object store", 1)[1].split("\n## ", 1)[0]
    policy = re.search(r"```json\n(.*?)```", section, re.S).group(1)
    assert f"arn:aws:s3:::{BUCKET}/public/*" in policy, "the documented policy no longer names public/*"
    return json.dumps(json.loads(policy.replace(BUCKET, bucket)))


def certificate_replacements(folder: Path, host: str) -> dict:
    """Makes a self-signed certificate for ``host`` in ``folder``; the replacements that put it where
    nginx.conf names Let's Encrypt's."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={host}",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return {
        f"/etc/letsencrypt/live/{host}/fullchain.pem": str(folder / "cert.pem"),
        f"/etc/letsencrypt/live/{host}/privkey.pem": str(folder / "key.pem"),
    }


class RunningNginx:
    """Debian's nginx serving ``site`` (the text of one or more ``server`` blocks) from ``folder``, in a
    minimal main configuration of its own; started once ``port`` accepts connections. ``error_level``:
    what its error log keeps (``warn`` shows an upstream server taken out of rotation)."""

    def __init__(self, folder: Path, site: str, *, port: int, error_level: str = "error"):
        self.folder = folder
        self.error_log = folder / "error.log"
        temp = " ".join(
            f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (folder / "nginx.conf").write_text(
            f"user root;\npid {folder}/nginx.pid;\nerror_log {self.error_log} {error_level};\n"
            f"events {{ worker_connections 512; }}\nhttp {{\ninclude /etc/nginx/mime.types;\n{temp}\n"
            f"access_log off;\n{site}\n}}\n"
        )
        command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False, timeout=30)
        assert checked.returncode == 0, checked.stderr
        self.process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"nginx stopped: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(f"nginx did not listen on {port} within 10 s") from None
                time.sleep(0.1)

    def errors(self) -> str:
        return self.error_log.read_text(errors="replace") if self.error_log.exists() else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
