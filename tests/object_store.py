"""An S3-compatible object store for the tests: moto's standalone server (``moto[server]``, PyPI) in a
process of its own on a free port of 127.0.0.1, stopped by its PID.

``tests/conftest.py`` starts one per test session on first use (fixture ``object_store``); any
test folder (backups, the two-server test) reuses it. ``ObjectStore.storage_settings(bucket)`` is
the ``STORAGES["default"]`` entry of a new, empty bucket, built by the same function as the
production settings (kpportal/settings/media_storage.py).
"""

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

ACCESS_KEY = "kp-test-access"
SECRET_KEY = "kp-test-secret"
REGION = "us-east-1"
START_TIMEOUT = 30


def moto_server_installed() -> bool:
    return importlib.util.find_spec("moto") is not None and importlib.util.find_spec("flask") is not None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(endpoint, bucket, **more):
    """The DJANGO_S3_* variables of ``bucket`` at ``endpoint``, as an operator sets them."""
    return {
        "DJANGO_S3_BUCKET": bucket,
        "DJANGO_S3_ENDPOINT_URL": endpoint,
        "DJANGO_S3_REGION": REGION,
        "DJANGO_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "DJANGO_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        **more,
    }


def storage_settings(endpoint, bucket, attempts=1):
    """``STORAGES["default"]`` for ``bucket`` at ``endpoint``; one attempt per request, so that a
    test of a store that is down fails at once."""
    from kpportal.settings.media_storage import s3_client_config, s3_storage

    entry = s3_storage(environment(endpoint, bucket))
    entry["OPTIONS"]["client_config"] = s3_client_config(attempts=attempts)
    return entry


@dataclass
class ObjectStore:
    endpoint: str
    process: subprocess.Popen

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self) -> str:
        bucket = f"kp-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=bucket)
        return bucket

    def storage_settings(self, bucket=None):
        return storage_settings(self.endpoint, bucket or self.new_bucket())

    def environment(self, bucket):
        return environment(self.endpoint, bucket)

    def keys(self, bucket, prefix=""):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def close(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_object_store() -> ObjectStore:
    """moto's server on a free port, answering; AssertionError if it does not within START_TIMEOUT."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    store = ObjectStore(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise AssertionError(f"moto's S3 server exited at start (code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return store
        except OSError:
            if time.monotonic() > deadline:
                store.close()
                raise AssertionError(f"moto's S3 server did not answer within {START_TIMEOUT} s") from None
            time.sleep(0.1)
