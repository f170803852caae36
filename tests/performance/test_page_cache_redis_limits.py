"""The page cache on a real Redis: random query strings do not grow it, and a Redis that is full
or down fails no page and no form.

The memory test sends 10,000 anonymous GETs of real public addresses with random query strings
(unknown parameters, random values of known ones) through the page cache's two middlewares and
Django's session and CSRF middleware, around a stand-in view that answers every address with a
20 KB page: it covers what decides keys and storing, not the portal's views (rendering 10,000
pages would take minutes). 300 requests through the whole portal check the same bound.
"""

import random
import shutil
import socket
import string
import subprocess
import time
import uuid

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse

from kpportal.settings.cache_servers import redis_caches
from news.models import Comment, Feedback
from pagecache import middleware as pagecache
from tests.conftest import require_tool
from tests.factories import ArticleFactory, CategoryFactory, OrganizationFactory, programme_with_parties
from tests.performance.conftest import REDIS_HOST, REDIS_PORT, closed_port, redis_available

# Redis databases of these tests' own, one per test (two test workers may run both at once):
# flushed before and after the test.
MEMORY_TEST_DB = 13
PORTAL_TEST_DB = 12
REQUESTS = 10_000
MAX_VARIANTS = 50
CAPPED = ["--maxmemory", "2mb", "--maxmemory-policy", "noeviction"]


def redis_settings(settings, url, prefix):
    settings.CACHES = redis_caches(url, prefix)
    settings.PAGECACHE_CACHE_ALIAS = "pagecache"
    settings.PAGECACHE_ENABLED = True
    settings.PAGECACHE_MAX_VARIANTS = MAX_VARIANTS
    settings.RATELIMIT_ENABLE = True
    pagecache.reset_state()


@pytest.fixture
def own_database(settings, request):
    require_tool(redis_available(), f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}")
    import redis

    number = request.param
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
    client.flushdb()
    redis_settings(settings, f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}", f"kp-bounds-{uuid.uuid4().hex[:8]}")
    yield client
    client.flushdb()
    client.close()
    pagecache.reset_state()


def footprint(client):
    """(keys, bytes Redis holds for them) in the test's database."""
    keys = list(client.scan_iter(count=1000))
    return len(keys), sum(client.memory_usage(key) or 0 for key in keys)


def random_word(rng, length=8):
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


def random_query(rng, path):
    """(a query string as robots and link-manglers send them, whether it has only known parameters)."""
    kind = rng.random()
    if kind < 0.35:
        return f"{random_word(rng)}={random_word(rng)}", False  # an unknown parameter
    if kind < 0.45:
        return f"page={rng.randint(1, 5)}&utm_source={random_word(rng)}", False
    if kind < 0.75:
        return f"page={rng.randint(1, 10**6)}", path != "/"  # a known parameter (but home reads none)
    if path == reverse("search"):
        return f"q={random_word(rng)}&loai={rng.choice(['', 'bai-viet', 'to-chuc'])}", True
    if path == reverse("agreements:programme-list"):
        return f"status={random_word(rng, 4)}&year={rng.randint(1900, 2100)}&region={rng.randint(1, 99)}", True
    return f"page={rng.randint(1, 5)}", path != "/"


def public_paths():
    return [
        "/",
        reverse("news:article-list"),
        reverse("news:category", args=["hoat-dong"]),
        reverse("news:article-detail", args=[1, "trao-hoc-bong"]),
        reverse("agreements:programme-list"),
        reverse("agreements:programme-detail", args=[1, "chuong-trinh"]),
        reverse("organizations:organization-list"),
        reverse("organizations:organization-detail", args=[1, "hoi-khuyen-hoc"]),
        reverse("search"),
        reverse("feedback"),
    ]


def bound(paths, variants=MAX_VARIANTS):
    """Pages: each address once plus at most ``variants`` query strings; a variant counter each;
    the generation and the next publication time."""
    return len(paths) * (1 + variants) + len(paths) + 2


@pytest.mark.django_db
@pytest.mark.parametrize("own_database", [MEMORY_TEST_DB], indirect=True)
def test_random_query_strings_leave_the_cache_flat(own_database, frozen_now):
    page = HttpResponse(b"<p>" + b"khuyen hoc " * 2000 + b"</p>")
    chain = pagecache.EarlyPageCacheMiddleware(
        SessionMiddleware(CsrfViewMiddleware(pagecache.AnonymousPageCacheMiddleware(lambda request: page)))
    )
    factory, rng, paths = RequestFactory(), random.Random(20261205), public_paths()
    counts = []
    for _half in range(2):
        for _ in range(REQUESTS // 2):
            path = rng.choice(paths)
            response = chain(factory.get(f"{path}?{random_query(rng, path)[0]}"))
            assert response.status_code == 200
        counts.append(footprint(own_database))
    (keys_half, bytes_half), (keys_all, bytes_all) = counts
    print(f"\n{REQUESTS} GETs: {keys_half} keys / {bytes_half} B after half, {keys_all} keys / {bytes_all} B after all")
    assert keys_all <= bound(paths)
    assert keys_all == keys_half  # flat: the second 5,000 requests added nothing
    assert bytes_all <= bytes_half * 1.05
    # Under maxmemory-policy volatile-lru (docs/operations.md) Redis evicts only keys with an
    # expiry: every page and counter has one; the generation and the next publication time do not.
    lasting = {key.decode().rpartition(":")[2] for key in own_database.scan_iter() if own_database.ttl(key) == -1}
    assert lasting == {"generation", "next-publication"}


@pytest.mark.django_db
@pytest.mark.parametrize("own_database", [PORTAL_TEST_DB], indirect=True)
def test_random_query_strings_through_the_whole_portal_stay_within_the_bound(own_database, settings, frozen_now):
    settings.PAGECACHE_MAX_VARIANTS = 1000  # not reached: this test is about unknown parameters
    host = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True, is_member=True)
    programme = programme_with_parties([host, OrganizationFactory()], title="Chương trình phối hợp")
    category = CategoryFactory(name="Hoạt động", slug="hoat-dong")
    article = ArticleFactory(title="Trao học bổng", category=category)
    paths = ["/", reverse("news:article-list"), category.get_absolute_url(), article.get_absolute_url()]
    paths += [programme.get_absolute_url(), reverse("agreements:programme-list"), reverse("search")]
    paths += [host.get_absolute_url(), reverse("organizations:organization-list")]
    rng, client = random.Random(7), Client()
    known_pages = set()  # (path, the known parameters in order): the pages that may be stored
    for _ in range(300):
        path = rng.choice(paths)
        query, known = random_query(rng, path)
        assert client.get(f"{path}?{query}").status_code == 200
        client.cookies.clear()
        if known:
            known_pages.add((path, tuple(sorted(query.split("&")))))
    keys, size = footprint(own_database)
    print(f"\n300 GETs through the portal: {keys} keys, {size} B; {len(known_pages)} pages of known parameters")
    # Pages of known parameters, each address without a query string (not requested here: at most
    # one each), a variant counter per address, the generation and the next publication time.
    assert keys <= len(known_pages) + 2 * len(paths) + 2


# --- Redis full or down: no 500 ------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def full_redis():
    """A Redis server of this test's own, capped at 2 MB without eviction, filled up; stopped by PID."""
    server = shutil.which("redis-server")
    require_tool(server is not None, "redis-server is not installed")
    import redis

    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", *CAPPED],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield client, f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def fill(client):
    """Fills the server until not even a counter can be written."""
    import redis

    for size in (100_000, 1_000, 10):
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            for n in range(100_000):
                client.set(f"ballast:{size}:{n}", b"x" * size)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        client.set("counter", 1, nx=True, ex=60)


def every_public_page_and_form_answers(client_class=Client):
    host = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True, is_member=True)
    programme = programme_with_parties([host, OrganizationFactory()], title="Chương trình phối hợp")
    article = ArticleFactory(title="Trao học bổng")
    pages = [
        "/",
        reverse("news:article-list"),
        article.category.get_absolute_url(),
        article.get_absolute_url(),
        reverse("agreements:programme-list"),
        reverse("agreements:programme-overview"),
        programme.get_absolute_url(),
        reverse("organizations:organization-list"),
        host.get_absolute_url(),
        f"{reverse('search')}?q=hoc+bong",
        reverse("feedback"),
        reverse("about-en"),
        reverse("news-feed"),
        reverse("sitemap"),
        reverse("robots-txt"),
    ]
    reader = client_class(raise_request_exception=False)
    for url in pages:
        for _ in range(2):
            assert reader.get(url).status_code == 200, url
    feedback = {"name": "Lê Văn Cường", "subject": "Tin chi hội", "message": "Chi hội trao 20 suất học bổng."}
    assert reader.post(reverse("feedback"), {**feedback, "phone": "0225 3842 123"}).status_code == 302
    comment = {"name": "Trần Thị Bình", "body": "Chương trình rất ý nghĩa."}
    assert reader.post(article.get_absolute_url(), comment).status_code == 302
    assert Feedback.objects.count() == 1 and Comment.objects.count() == 1
    # An edit while the cache cannot record it: no stale page is served.
    article.title = "Trao 50 suất học bổng"
    article.save()
    assert "Trao 50 suất học bổng" in reader.get(reverse("news:article-list")).content.decode()


@pytest.mark.django_db
def test_a_full_redis_fails_no_page_and_no_form(full_redis, settings, frozen_now):
    client, url = full_redis
    redis_settings(settings, url, "kp-full")
    fill(client)
    try:
        every_public_page_and_form_answers()
    finally:
        pagecache.reset_state()


@pytest.mark.django_db
def test_a_stopped_redis_fails_no_page_and_no_form(settings, frozen_now):
    redis_settings(settings, f"redis://127.0.0.1:{closed_port()}/0", "kp-down")
    try:
        every_public_page_and_form_answers()
    finally:
        pagecache.reset_state()
