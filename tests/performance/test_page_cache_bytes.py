"""Cached pages are the same bytes for every reader: no CSRF token, no CSP nonce; a strong ETag and a
Last-Modified answer a conditional GET with 304 from the cache; Cache-Control lets a proxy hold them briefly."""

import datetime
import hashlib

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.http import http_date

from pagecache import middleware as pagecache
from tests.factories import FIXED_NOW, ArticleFactory, OrganizationFactory, programme_with_parties

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "page_cache")]

STATUS = pagecache.STATUS_HEADER


@pytest.fixture
def article():
    programme = programme_with_parties([OrganizationFactory(), OrganizationFactory()], title="Chương trình phối hợp")
    article = ArticleFactory(title="Trao học bổng cho học sinh vượt khó")
    article.programmes.add(programme)
    return article


def pages(article):
    return {
        "home": "/",
        "news list": reverse("news:article-list"),
        "article": article.get_absolute_url(),
        "programme": article.programmes.get().get_absolute_url(),
        "QR image": reverse("printing:article-qr", kwargs={"pk": article.pk, "slug": article.slug}),
        "news feed": reverse("news-feed"),
        "programme feed": reverse("programme-feed"),
    }


# Early: no session cookie, answered before sessions and CSRF. Anonymous: a session cookie whose
# session holds nothing, answered after them.
PATHS = {"early": {}, "anonymous": {settings.SESSION_COOKIE_NAME: "khong-co-phien-nay"}}


def reader(path_name, **cookies):
    client = Client()
    for name, value in {**PATHS[path_name], **cookies}.items():
        client.cookies[name] = value
    return client


def stored(url):
    return pagecache.shared_cache().get(pagecache.entry_key(RequestFactory().get(url)))


class SameBytesTests:
    def test_two_readers_get_identical_bytes_and_headers_and_no_cookie(self, article):
        for name, url in pages(article).items():
            first = reader("early").get(url)
            second = reader("anonymous", csrftoken="A" * 32).get(url)
            third = reader("early", csrftoken="b" * 32).get(url)
            assert (first.status_code, second[STATUS], third[STATUS]) == (200, "hit", "hit"), name
            assert first.content == second.content == third.content, name
            for header in ("ETag", "Last-Modified", "Content-Type", "Content-Length"):
                assert first[header] == second[header] == third[header], (name, header)
            # (SessionMiddleware deletes the unknown session cookie of the second reader.)
            assert settings.CSRF_COOKIE_NAME not in second.cookies and not third.cookies, name

    def test_the_stored_entry_holds_no_csrf_token_and_no_nonce(self, article):
        for name, url in pages(article).items():
            reader("early").get(url)
            entry = stored(url)
            assert entry is not None, name
            assert b"csrfmiddlewaretoken" not in entry[3], name
            assert b"nonce" not in entry[3], name

    def test_public_pages_allow_static_scripts_only_and_no_nonce(self, article):
        for path_name in PATHS:
            for url in (article.get_absolute_url(), "/"):
                for _ in range(2):
                    policy = reader(path_name).get(url)["Content-Security-Policy"]
                    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
                    assert script_src == "script-src 'self'", (url, path_name)

    def test_a_response_that_made_a_token_or_a_nonce_is_never_stored(self):
        made_token = RequestFactory().get("/")
        made_token.session = SessionStore()
        get_token(made_token)
        made_nonce = RequestFactory().get("/")
        made_nonce.session = SessionStore()
        CSPMiddleware(lambda request: HttpResponse()).process_request(made_nonce)
        plain = RequestFactory().get("/")
        plain.session = SessionStore()
        CSPMiddleware(lambda request: HttpResponse()).process_request(plain)
        assert pagecache.storable(plain, HttpResponse("x"))
        str(made_nonce.csp_nonce)
        assert not pagecache.storable(made_nonce, HttpResponse("x"))
        assert not pagecache.storable(made_token, HttpResponse("x"))

    def test_a_page_stored_by_the_release_before_is_rendered_again_not_served(self, article):
        url = article.get_absolute_url()
        reader("early").get(url)
        generation, expires_at, headers, content, _validators, _timed = stored(url)
        old = (generation, expires_at, headers, content + b"<!-- old -->", None, {})
        pagecache.shared_cache().set(pagecache.entry_key(RequestFactory().get(url)), old)
        pagecache.reset_state()  # and no copy held by this process
        for path_name in PATHS:
            answer = reader(path_name).get(url)
            assert answer.status_code == 200 and b"<!-- old -->" not in answer.content, path_name
        assert stored(url)[4] == _validators


class ValidatorTests:
    def test_every_cached_page_has_a_strong_etag_and_a_last_modified(self, article):
        for name, url in pages(article).items():
            first = reader("early").get(url)
            again = reader("early").get(url)
            assert again[STATUS] == "hit", name
            etag = again["ETag"]
            assert etag.startswith('"') and not etag.startswith("W/"), name
            assert again["Last-Modified"], name
            if name not in ("QR image",):  # the QR view names its image by the text it encodes
                assert etag == '"' + hashlib.sha256(again.content).hexdigest()[:32] + '"', name
            assert first["ETag"] == etag, name

    def test_a_page_is_dated_when_it_was_stored_a_feed_by_its_last_change(self, article):
        page = reader("early").get(article.get_absolute_url())
        assert page["Last-Modified"] == http_date(FIXED_NOW.timestamp())
        feed = reader("early").get(reverse("news-feed"))
        assert feed["Last-Modified"] == http_date(article.history.latest().history_date.timestamp())

    @pytest.mark.parametrize("path_name", PATHS)
    def test_if_none_match_is_answered_304_from_the_cache(self, article, path_name, django_assert_num_queries):
        for name, url in pages(article).items():
            etag = reader("early").get(url)["ETag"]
            with django_assert_num_queries(0 if path_name == "early" else 1):  # the session's row
                answer = reader(path_name).get(url, HTTP_IF_NONE_MATCH=etag)
            assert (answer.status_code, answer[STATUS]) == (304, "hit"), name
            assert answer.content == b"", name
            assert answer["ETag"] == etag, name
            other = reader(path_name).get(url, HTTP_IF_NONE_MATCH='"something-else"')
            assert (other.status_code, other[STATUS]) == (200, "hit"), name

    @pytest.mark.parametrize("path_name", PATHS)
    def test_if_modified_since_is_answered_304_from_the_cache(self, article, path_name):
        for name, url in pages(article).items():
            since = reader("early").get(url)["Last-Modified"]
            answer = reader(path_name).get(url, HTTP_IF_MODIFIED_SINCE=since)
            assert (answer.status_code, answer[STATUS]) == (304, "hit"), name
            earlier = http_date(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC).timestamp())
            assert reader(path_name).get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200, name

    def test_with_the_page_cache_off_qr_images_and_feeds_still_answer_304(self, article, settings):
        settings.PAGECACHE_ENABLED = False
        for name in ("QR image", "news feed", "programme feed"):
            url = pages(article)[name]
            first = reader("early").get(url)
            assert STATUS not in first, name
            if first.has_header("ETag"):
                assert reader("early").get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, name
            if first.has_header("Last-Modified"):
                assert reader("early").get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
            assert first.has_header("ETag") or first.has_header("Last-Modified"), name

    def test_a_page_rendered_again_unchanged_is_still_304_for_the_readers_copy(self, article):
        url = reverse("news:article-list")
        etag = reader("early").get(url)["ETag"]
        OrganizationFactory()  # a change elsewhere: every stored page is rendered again
        answer = reader("early").get(url, HTTP_IF_NONE_MATCH=etag)
        assert (answer.status_code, answer[STATUS]) == (304, "miss")

    def test_an_edit_changes_the_etag(self, article):
        url = article.get_absolute_url()
        etag = reader("early").get(url)["ETag"]
        article.title = "Trao 50 suất học bổng"
        article.save()
        answer = reader("early").get(url, HTTP_IF_NONE_MATCH=etag)
        assert answer.status_code == 200 and answer["ETag"] != etag
        assert "Trao 50 suất học bổng" in answer.content.decode()


def every_public_address(article):
    programme = article.programmes.get()
    organization = programme.parties.first().organization
    return [
        *pages(article).values(),
        article.category.get_absolute_url(),
        f"{reverse('news:article-list')}?page=1",
        reverse("agreements:programme-list"),
        f"{reverse('agreements:programme-list')}?status=dang_hieu_luc",
        reverse("agreements:programme-overview"),
        reverse("printing:programme-qr", kwargs={"pk": programme.pk, "slug": programme.slug}),
        reverse("organizations:organization-list"),
        organization.get_absolute_url(),
        f"{reverse('search')}?q=khuyen+hoc",
        f"{reverse('search')}?q=xyzxyz",
        reverse("about-en"),
        reverse("sitemap"),
        reverse("robots-txt"),
    ]


class EveryPublicPageTests:
    def test_every_public_address_is_stored_with_validators_and_answers_304(self, article):
        for url in every_public_address(article):
            first = reader("early").get(url)
            assert first.status_code == 200, url
            assert first[STATUS] == "miss", url
            assert first["ETag"].startswith('"') and first["Last-Modified"], url
            assert "public" in first["Cache-Control"], url
            assert reader("anonymous").get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url
            assert reader("early").get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304, url


class CacheControlTests:
    def test_cached_pages_may_be_held_briefly_by_browsers_and_proxies(self, article):
        for name, url in pages(article).items():
            first = reader("early").get(url)
            again = reader("anonymous").get(url)
            if name == "QR image":  # its view's own rule: an hour, revalidated by its ETag
                assert again["Cache-Control"] == first["Cache-Control"] == "public, max-age=3600"
                continue
            for response in (first, again):
                assert response["Cache-Control"] == "public, max-age=0, s-maxage=10", name

    def test_no_copy_outlives_the_next_scheduled_publication(self, article, frozen_now, settings):
        settings.PAGECACHE_BROWSER_MAX_AGE = settings.PAGECACHE_SHARED_MAX_AGE = 60
        ArticleFactory(published_at=FIXED_NOW + datetime.timedelta(seconds=25))
        url = reverse("news:article-list")
        assert reader("early").get(url)["Cache-Control"] == "public, max-age=25, s-maxage=25"
        frozen_now.shift(10)
        assert reader("early").get(url)["Cache-Control"] == "public, max-age=15, s-maxage=15"

    def test_the_two_ages_are_settings(self, article, settings):
        settings.PAGECACHE_BROWSER_MAX_AGE = 0
        settings.PAGECACHE_SHARED_MAX_AGE = 30
        url = article.get_absolute_url()
        reader("early").get(url)
        assert reader("early").get(url)["Cache-Control"] == "public, max-age=0, s-maxage=30"

    def test_pages_not_stored_say_nothing_of_the_kind(self, article):
        for url in (reverse("feedback"), article.get_comment_url()):
            assert "public" not in reader("early").get(url)["Cache-Control"]
