"""What the repository tells a newcomer and an operator holds: the nginx example in docs/ really
runs in front of the portal (with media-disk.conf: media from disk; pages proxied with the reader's
host and scheme), and nothing outside the tests points to material that is not in the repository."""

import http.client
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from pytest_django.live_server_helper import LiveServer

from core.renditions import rendition_name
from news.models import Article
from pagecache import middleware as pagecache
from tests.conftest import require_tool
from tests.factories import ArticleFactory, ProgrammeFactory, uploaded_pdf, uploaded_png
from tests.operations.deploy_site import NGINX, RunningNginx, certificate_replacements, replaced, site

ROOT = Path(__file__).resolve().parents[2]
HOST = "khuyenhoc.example.vn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:  # an export without git: every file under the root
        return [path.relative_to(ROOT) for path in ROOT.rglob("*") if path.is_file() and ".git" not in path.parts]
    return [Path(name) for name in listed.stdout.decode().split("\0") if name]


def test_nothing_outside_the_tests_refers_to_material_beside_the_repository():
    beside = ("..", "/shared")
    needles = ["".join(beside), "/work" + beside[1]]
    offenders = []
    for relative in tracked_files():
        if relative.parts[0] in ("tests", "node_modules", ".venv") or not (ROOT / relative).is_file():
            continue
        text = (ROOT / relative).read_bytes().decode("utf-8", "replace")
        offenders += [f"{relative}: {needle}" for needle in needles if needle in text]
    assert offenders == []


def test_the_readme_and_docs_link_only_to_files_of_the_repository():
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    broken = []
    for document in documents:
        for target in re.findall(r"\]\(([^)#\s]+)", document.read_text()):
            if not target.startswith(("http://", "https://")) and not (document.parent / target).exists():
                broken.append(f"{document.relative_to(ROOT)} -> {target}")
    assert broken == []


def test_the_readme_names_what_a_newcomer_must_set():
    readme = (ROOT / "README.md").read_text()
    for needle in ("make run PORT=", "HOST=", "DJANGO_SITE_URL", "manage.py setup_portal", "docs/deploy/nginx.conf"):
        assert needle in readme, needle


@pytest.fixture
def portal_server():
    """A live server that leaves /media/ to the portal, as gunicorn does. pytest-django's (Django's
    test server) answers every /media/ address from disk itself, before any view, unless MEDIA_URL
    names a host when it starts: so it starts under such a MEDIA_URL, then the real one is back."""
    with override_settings(MEDIA_URL=f"https://{HOST}/media/"):
        server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()


@pytest.fixture
def nginx_in_front(tmp_path, portal_server, settings):
    """The example configuration with media-disk.conf in place of its include, with only ports,
    certificate and media folder swapped for this test's own, started with Debian's nginx in front
    of the live server and stopped by its PID."""
    require_tool(Path(NGINX).exists(), "nginx not found (apt-get install nginx)")
    require_tool(shutil.which("openssl") is not None, "openssl not found")
    media = Path(settings.MEDIA_ROOT)  # the live server's uploads
    https_port, http_port = free_port(), free_port()
    upstream = portal_server.url.split("//", 1)[1]
    example = replaced(
        site("disk"),
        {
            "/srv/khuyenhoc/media/": f"{media}/",
            **certificate_replacements(tmp_path, HOST),
            "listen 443 ssl": f"listen 127.0.0.1:{https_port} ssl",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "server 127.0.0.1:8000 ": f"server {upstream} ",
            "server 127.0.0.1:8001 ": f"server {upstream} ",
            "/var/cache/nginx/khuyenhoc": str(tmp_path / "pages"),
        },
        "docs/deploy/nginx.conf with media-disk.conf",
    )
    nginx = RunningNginx(tmp_path, example, port=https_port)
    try:
        yield https_port, http_port
    finally:
        nginx.stop()


def get(port, path, *, secure=True, cookie=None, headers=None):
    if secure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": HOST, **({"Cookie": cookie} if cookie else {}), **(headers or {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response, response.read()


# Serialized rollback, as the browser tests: the live server needs committed rows, and the flush
# after a plain transactional test would leave later serialized-rollback tests without their data.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_nginx_example_serves_media_from_disk_and_proxies_pages_with_host_and_scheme(nginx_in_front, settings):
    # The proxy's X-Forwarded-Proto is trusted as in production; the address follows the request.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SITE_URL = ""
    https_port, http_port = nginx_in_front
    article = ArticleFactory(cover_image=uploaded_png("hoi-nghi.png", width=500, height=300))
    url = article.cover_image.url

    response, body = get(https_port, url)
    assert response.status == 200
    assert body == default_storage.open(article.cover_image.name).read()
    assert response.getheader("Content-Type") == "image/png"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cache-Control") == "public, max-age=3600"
    assert response.getheader("X-Frame-Options") is None  # nginx's, from disk: Django sets it on every answer
    rendition, _ = get(https_port, default_storage.url(rendition_name(article.cover_image.name, 360)))
    assert (rendition.status, rendition.getheader("Content-Type")) == (200, "image/webp")
    assert get(https_port, "/media/")[0].status in (403, 404)  # no listing of uploads

    response, body = get(https_port, "/")
    assert response.status == 200
    assert f'<link rel="canonical" href="https://{HOST}/">' in body.decode()

    response, _ = get(http_port, "/tin-tuc/", secure=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/tin-tuc/"


def staff_cookie(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_behind_the_nginx_example_unpublished_files_answer_404_to_readers_and_200_to_staff(
    nginx_in_front, settings, editor
):
    """Issue 13: a draft article's picture and an unpublished programme's PDF, through a real nginx."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.MEDIA_ACCEL_REDIRECT = True
    https_port, _http_port = nginx_in_front
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, cover_image=uploaded_png("nhap.png"))
    programme = ProgrammeFactory(is_published=False, document=uploaded_pdf())
    published = ArticleFactory(cover_image=uploaded_png("da-dang.png"))
    cookie = staff_cookie(editor)

    for fieldfile, content_type in ((draft.cover_image, "image/png"), (programme.document, "application/pdf")):
        assert get(https_port, fieldfile.url)[0].status == 404
        assert get(https_port, f"/internal-media/{fieldfile.name}")[0].status == 404  # internal only
        response, body = get(https_port, fieldfile.url, cookie=cookie)
        assert response.status == 200, fieldfile.url
        assert body == default_storage.open(fieldfile.name).read()  # sent by nginx, not Django's empty body
        assert response.getheader("Content-Type") == content_type
        assert response.getheader("Cache-Control") == "private, no-store"
        assert response.getheader("X-Accel-Redirect") is None
        assert response.getheader("X-Content-Type-Options") == "nosniff"

    # A published picture is nginx's alone: no Django header, and its link answers even when the row
    # is made a draft behind the portal's back (no save, so the link stays; sync_public_media fixes that).
    name, expected = published.cover_image.name, default_storage.open(published.cover_image.name).read()
    Article.objects.filter(pk=published.pk).update(status=Article.Status.DRAFT)
    response, body = get(https_port, f"/media/{name}")
    assert (response.status, body) == (200, expected)
    assert response.getheader("X-Frame-Options") is None

    # Unpublishing closes the address behind nginx too; publishing opens it.
    programme.is_published = True
    programme.save()
    assert get(https_port, programme.document.url)[0].status == 200
    programme.is_published = False
    programme.save()
    assert get(https_port, programme.document.url)[0].status == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_behind_the_nginx_example_public_pages_are_held_briefly_and_never_for_staff_or_forms(
    nginx_in_front, settings, editor
):
    """nginx keeps a public page for s-maxage, then revalidates it (304 from the page cache); staff,
    forms and the admin always reach the portal."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.PAGECACHE_ENABLED = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "nginx"}}
    settings.PAGECACHE_BROWSER_MAX_AGE = 0  # browsers ask every time: what nginx holds is s-maxage's doing
    settings.PAGECACHE_SHARED_MAX_AGE = 60
    pagecache.reset_state()
    https_port, _http_port = nginx_in_front
    article = ArticleFactory()
    url = article.get_absolute_url()

    answers = [get(https_port, url) for _ in range(3)]
    assert [answer.getheader("X-Proxy-Cache") for answer, _ in answers] == ["MISS", "HIT", "HIT"]
    assert answers[0][1] == answers[1][1] == answers[2][1]
    assert answers[1][0].getheader("Cache-Control") == "public, max-age=0, s-maxage=60"
    etag = answers[1][0].getheader("ETag")
    assert get(https_port, url, headers={"If-None-Match": etag})[0].status == 304

    staff, _body = get(https_port, url, cookie=staff_cookie(editor))
    assert (staff.status, staff.getheader("X-Proxy-Cache")) == (200, "BYPASS")
    assert staff.getheader("X-Page-Cache") is None  # rendered for them, by the portal
    for path in ("/gop-y/", article.get_comment_url(), "/quan-tri/login/"):
        statuses = [get(https_port, path)[0].getheader("X-Proxy-Cache") for _ in range(2)]
        assert "HIT" not in statuses, path

    # Past s-maxage nginx asks again; the page cache answers 304 and nginx serves its copy.
    settings.PAGECACHE_SHARED_MAX_AGE = 1
    listing = "/to-chuc/"
    assert get(https_port, listing)[0].getheader("X-Proxy-Cache") == "MISS"
    time.sleep(2.2)  # nginx counts whole seconds: a copy valid for 1 s is stale 2 s later
    again, _body = get(https_port, listing)
    assert (again.status, again.getheader("X-Proxy-Cache")) == (200, "REVALIDATED")
