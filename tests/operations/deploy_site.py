"""docs/deploy/nginx.conf as the tests (and bench/two_servers.py) run it: the media snippet an operator
copies to the path of its ``include`` put in the include's place, so that nginx starts from the very
files of docs/deploy/; and the bucket policy of docs/operations.md ("Media on an object store")."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy"
SITE = DEPLOY / "nginx.conf"
MEDIA_INCLUDE = "include /etc/nginx/snippets/khuyenhoc-media.conf;"
MEDIA_SNIPPETS = {"disk": DEPLOY / "media-disk.conf", "s3": DEPLOY / "media-object-store.conf"}
OPERATIONS = ROOT / "docs" / "operations.md"
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
