"""The nginx location for media on an object store (docs/deploy/media-object-store.conf) and the bucket
policy that docs/operations.md gives ("Media on an object store") really work: Debian's nginx with
that very snippet (store address and bucket swapped for moto's, which applies bucket policies to
anonymous requests) serves published files from the bucket's public/ prefix and hands every other
/media/ address to the portal, which answers 404 to readers and a signed address to staff; the
bucket itself refuses private files."""

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from news.models import Article
from tests.conftest import require_tool
from tests.factories import ArticleFactory, uploaded_png
from tests.object_store import free_port
from tests.operations.deploy_site import (
    MEDIA_SNIPPETS,
    NGINX,
    RunningNginx,
    documented_bucket_policy,
    object_store_addresses,
    replaced,
)
from tests.operations.test_deploy_docs import HOST, get, portal_server, staff_cookie  # noqa: F401


@pytest.fixture
def nginx_before_the_bucket(tmp_path, portal_server, object_store, settings):  # noqa: F811
    require_tool(Path(NGINX).exists(), "nginx not found (apt-get install nginx)")
    bucket = object_store.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": object_store.storage_settings(bucket)}
    object_store.client().put_bucket_policy(Bucket=bucket, Policy=documented_bucket_policy(bucket))
    location = replaced(
        MEDIA_SNIPPETS["s3"].read_text(),
        object_store_addresses(object_store.endpoint, bucket),
        "media-object-store.conf",
    )
    port, upstream = free_port(), portal_server.url.split("//", 1)[1]
    site = (
        f"server {{\nlisten 127.0.0.1:{port};\nserver_name {HOST};\n{location}\n"
        f"location @portal {{ proxy_pass http://{upstream}; proxy_set_header Host $host; }}\n}}\n"
    )
    nginx = RunningNginx(tmp_path, site, port=port)
    try:
        yield port, f"{object_store.endpoint}/{bucket}"
    finally:
        nginx.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_published_files_come_from_the_bucket_and_the_others_from_the_portal(nginx_before_the_bucket, editor):
    port, bucket_address = nginx_before_the_bucket
    published = ArticleFactory(cover_image=uploaded_png("da-dang.png"))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, cover_image=uploaded_png("nhap.png"))

    response, body = get(port, published.cover_image.url, secure=False)
    assert response.status == 200 and body == default_storage.open(published.cover_image.name).read()
    assert response.getheader("Cache-Control") == "public, max-age=3600"
    assert response.getheader("Content-Type") == "image/png"
    assert response.getheader("X-Frame-Options") is None  # the bucket's answer, not the portal's

    assert get(port, draft.cover_image.url, secure=False)[0].status == 404
    with pytest.raises(urllib.error.HTTPError) as refused:  # nor straight from the bucket, by its policy
        urllib.request.urlopen(f"{bucket_address}/{draft.cover_image.name}", timeout=10)
    assert refused.value.code == 403
    response, _body = get(port, draft.cover_image.url, secure=False, cookie=staff_cookie(editor))
    assert response.status == 302 and response.getheader("Cache-Control") == "private, no-store"
    with urllib.request.urlopen(response.getheader("Location"), timeout=10) as signed:
        assert signed.read() == default_storage.open(draft.cover_image.name).read()

    published.status = Article.Status.DRAFT
    published.save()
    assert get(port, published.cover_image.url, secure=False)[0].status == 404
