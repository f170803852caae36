"""The anonymous page cache: readers get stored pages, and any edit shows at once on every page."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Party
from news.models import Article
from pagecache import middleware as pagecache
from tests.factories import (
    FIXED_NOW,
    ArticleFactory,
    ArticleImageFactory,
    CategoryFactory,
    CommitmentFactory,
    OrganizationFactory,
    RegionFactory,
    ReviewFactory,
    programme_with_parties,
)
from tests.news.factories import CommentFactory
from tests.performance.conftest import closed_port

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "page_cache")]

HOME = "/"
NEWS = reverse("news:article-list")
PROGRAMMES = reverse("agreements:programme-list")
ORGANIZATIONS = reverse("organizations:organization-list")


@dataclass
class Site:
    region: object
    host: object
    lead: object
    partner: object
    outsider: object
    programme: object
    category: object
    article: object
    image: object
    signatory: object
    commitment: object
    review: object


@pytest.fixture
def site():
    region = RegionFactory(name="Hải Phòng")
    host = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True, is_member=True)
    lead = OrganizationFactory(name="Hội Khuyến học quận Lê Chân", region=region, is_member=True)
    partner = OrganizationFactory(name="Thành đoàn Hải Phòng", region=region, is_member=True)
    outsider = OrganizationFactory(name="Bộ đội Biên phòng thành phố", region=region)
    programme = programme_with_parties(
        [lead, partner],
        signatories=[("Nguyễn Văn Thắng", "Chủ tịch Hội", lead), ("Trần Thị Lan", "Bí thư", partner)],
        title="Chương trình phối hợp xây dựng xã hội học tập",
        start_year=2023,
        end_year=2026,
    )
    category = CategoryFactory(name="Hoạt động khuyến học")
    article = ArticleFactory(title="Trao học bổng cho học sinh vượt khó", category=category, is_featured=True)
    article.programmes.add(programme)
    article.organizations.add(lead)
    image = ArticleImageFactory(article=article, caption="Các em nhận học bổng")
    commitment = CommitmentFactory(programme=programme, number=1, title="Tuyên truyền về khuyến học")
    review = ReviewFactory(programme=programme, summary="Sơ kết giữa kỳ đạt kết quả tốt")
    return Site(
        region,
        host,
        lead,
        partner,
        outsider,
        programme,
        category,
        article,
        image,
        programme.signatories.get(name="Nguyễn Văn Thắng"),
        commitment,
        review,
    )


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def form_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', response.content.decode()).group(1)


def cache_status(response):
    return response.headers.get(pagecache.STATUS_HEADER)


def warm(client, urls, shown):
    """Each page is rendered once and then served from the cache, showing ``shown``."""
    for url in urls:
        first = fetch(client, url)
        assert shown in first.content.decode(), f"{shown!r} is not on {url} to begin with"
        again = fetch(client, url)
        assert cache_status(again) == "hit", f"{url} was not served from the cache"


def assert_fresh(client, urls, *, shown, gone=None):
    for url in urls:
        body = fetch(client, url).content.decode()
        assert shown in body, f"{url} still shows the old content"
        if gone:
            assert gone not in body, f"{url} still shows {gone!r}"


class CachedPageTests:
    def test_the_second_anonymous_request_is_served_from_the_cache_without_a_query(self, client, site):
        fetch(client, HOME)
        with CaptureQueriesContext(connection) as queries:
            response = fetch(client, HOME)
        assert cache_status(response) == "hit"
        assert len(queries) == 0
        assert site.article.title in response.content.decode()

    def test_a_cached_page_carries_the_headers_of_the_rendered_one(self, client, site):
        rendered = fetch(client, site.article.get_absolute_url())
        cached = fetch(client, site.article.get_absolute_url())
        assert cache_status(cached) == "hit"
        for header in ("Content-Type", "X-Frame-Options", "Content-Language", "Referrer-Policy"):
            assert cached.headers.get(header) == rendered.headers.get(header), header
        vary = {part.strip() for part in cached.headers["Vary"].split(",")}
        assert vary == {part.strip() for part in rendered.headers["Vary"].split(",")} >= {"Cookie"}
        assert "Content-Security-Policy" in cached.headers
        assert int(cached.headers["Content-Length"]) == len(cached.content)

    def test_a_head_request_is_answered_from_the_cache(self, client, site):
        fetch(client, NEWS)
        response = client.head(NEWS)
        assert response.status_code == 200
        assert cache_status(response) == "hit"

    def test_every_query_string_is_a_page_of_its_own(self, client, site):
        ArticleFactory.create_batch(14, category=site.category)
        first = fetch(client, NEWS).content
        second = fetch(client, f"{NEWS}?page=2").content
        assert first != second
        assert cache_status(fetch(client, f"{NEWS}?page=2")) == "hit"

    def test_a_missing_page_is_not_stored(self, client, site):
        assert client.get("/tin-tuc/khong-co-chuyen-muc-nay/").status_code == 404
        response = client.get("/tin-tuc/khong-co-chuyen-muc-nay/")
        assert response.status_code == 404
        assert cache_status(response) is None

    def test_the_page_cache_can_be_turned_off(self, client, site, settings):
        settings.PAGECACHE_ENABLED = False
        fetch(client, HOME)
        assert cache_status(fetch(client, HOME)) is None


class InvalidationTests:
    """For each kind of content: an edit shows on every page displaying it, on the next request."""

    def test_an_article_edit_shows_on_every_page_listing_it(self, client, site):
        pages = [
            HOME,
            NEWS,
            site.category.get_absolute_url(),
            site.article.get_absolute_url(),
            site.programme.get_absolute_url(),
            site.lead.get_absolute_url(),
            f"{reverse('search')}?q=hoc+bong",
        ]
        # (The search page marks the words searched for: the rest of the title is compared.)
        warm(client, pages, "sinh vượt khó")
        site.article.title = "Trao học bổng Tiếp sức đến trường"
        site.article.save()
        assert_fresh(client, pages, shown="Tiếp sức đến trường", gone="sinh vượt khó")

    def test_unpublishing_an_article_removes_it_everywhere_at_once(self, client, site):
        pages = [HOME, NEWS, site.programme.get_absolute_url(), site.lead.get_absolute_url()]
        warm(client, pages, site.article.title)
        warm(client, [site.article.get_absolute_url()], site.article.title)
        site.article.status = Article.Status.DRAFT
        site.article.save()
        for url in pages:
            assert site.article.title not in fetch(client, url).content.decode(), url
        assert client.get(site.article.get_absolute_url()).status_code == 404

    def test_deleting_an_article_in_the_admin_removes_it_from_the_cached_list(self, client, site, superuser):
        warm(client, [NEWS], site.article.title)
        client.force_login(superuser)
        response = client.post(reverse("admin:news_article_delete", args=[site.article.pk]), {"post": "yes"})
        assert response.status_code == 302
        client.logout()
        assert site.article.title not in fetch(client, NEWS).content.decode()

    def test_an_image_caption_edit_shows_on_the_article_page(self, client, site):
        warm(client, [site.article.get_absolute_url()], "Các em nhận học bổng")
        site.image.caption = "Đại biểu trao học bổng cho các em"
        site.image.save()
        assert_fresh(client, [site.article.get_absolute_url()], shown="Đại biểu trao học bổng cho các em")

    def test_a_category_rename_shows_on_the_news_pages(self, client, site):
        pages = [NEWS, site.category.get_absolute_url()]
        warm(client, pages, "Hoạt động khuyến học")
        site.category.name = "Gương sáng hiếu học"
        site.category.save()
        assert_fresh(client, pages, shown="Gương sáng hiếu học", gone="Hoạt động khuyến học")

    def test_a_programme_edit_shows_on_every_page_naming_it(self, client, site):
        pages = [
            HOME,
            PROGRAMMES,
            site.programme.get_absolute_url(),
            site.article.get_absolute_url(),
            site.lead.get_absolute_url(),
        ]
        warm(client, pages, site.programme.title)
        site.programme.title = "Chương trình phối hợp tiếp sức đến trường"
        site.programme.save()
        assert_fresh(client, pages, shown="tiếp sức đến trường", gone="Chương trình phối hợp xây dựng xã hội học tập")

    def test_unpublishing_a_programme_removes_it_from_the_cached_list(self, client, site):
        warm(client, [PROGRAMMES], site.programme.title)
        site.programme.is_published = False
        site.programme.save()
        assert site.programme.title not in fetch(client, PROGRAMMES).content.decode()

    def test_a_new_party_shows_on_the_programme_page_and_on_its_organization_page(self, client, site):
        warm(client, [site.programme.get_absolute_url()], site.programme.title)
        warm(client, [site.outsider.get_absolute_url()], site.outsider.name)
        Party.objects.create(programme=site.programme, organization=site.outsider, order=2)
        assert_fresh(client, [site.programme.get_absolute_url()], shown=site.outsider.name)
        assert_fresh(client, [site.outsider.get_absolute_url()], shown=site.programme.title)

    def test_a_signatory_edit_shows_on_the_programme_page(self, client, site):
        warm(client, [site.programme.get_absolute_url()], "Nguyễn Văn Thắng")
        site.signatory.name = "Nguyễn Văn Thành"
        site.signatory.save()
        assert_fresh(client, [site.programme.get_absolute_url()], shown="Nguyễn Văn Thành", gone="Nguyễn Văn Thắng")

    def test_a_commitment_edit_shows_on_the_programme_page(self, client, site):
        warm(client, [site.programme.get_absolute_url()], "Tuyên truyền về khuyến học")
        site.commitment.title = "Vận động xây dựng quỹ khuyến học"
        site.commitment.save()
        assert_fresh(client, [site.programme.get_absolute_url()], shown="Vận động xây dựng quỹ khuyến học")

    def test_a_commitment_gaining_a_responsible_party_is_a_change_too(self, client, site):
        warm(client, [site.programme.get_absolute_url()], site.programme.title)
        site.commitment.responsible.add(site.partner)
        assert cache_status(fetch(client, site.programme.get_absolute_url())) != "hit"

    def test_a_review_edit_shows_on_the_programme_page(self, client, site):
        warm(client, [site.programme.get_absolute_url()], "Sơ kết giữa kỳ đạt kết quả tốt")
        site.review.summary = "Sơ kết ba năm: vượt chỉ tiêu"
        site.review.save()
        assert_fresh(client, [site.programme.get_absolute_url()], shown="Sơ kết ba năm: vượt chỉ tiêu")

    def test_an_organization_rename_shows_on_every_page_naming_it(self, client, site):
        pages = [ORGANIZATIONS, site.partner.get_absolute_url(), site.programme.get_absolute_url()]
        warm(client, pages, "Thành đoàn Hải Phòng")
        site.partner.name = "Đoàn Thanh niên thành phố Hải Phòng"
        site.partner.save()
        assert_fresh(client, pages, shown="Đoàn Thanh niên thành phố Hải Phòng")

    def test_a_region_rename_shows_in_the_directory(self, client, site):
        pages = [ORGANIZATIONS, site.lead.get_absolute_url()]
        warm(client, pages, "Hải Phòng")
        site.region.name = "Thành phố Cảng"
        site.region.save()
        assert_fresh(client, pages, shown="Thành phố Cảng")

    def test_linking_an_article_to_a_programme_shows_it_on_the_programme_page(self, client, site):
        other = ArticleFactory(title="Hội nghị sơ kết chương trình phối hợp", category=site.category)
        warm(client, [site.programme.get_absolute_url()], site.programme.title)
        other.programmes.add(site.programme)
        assert_fresh(client, [site.programme.get_absolute_url()], shown=other.title)

    def test_approving_a_comment_shows_it_under_the_article(self, client, site):
        comment = CommentFactory(article=site.article, is_approved=False, body="Rất cảm động và ý nghĩa")
        warm(client, [site.article.get_absolute_url()], site.article.title)
        assert comment.body not in fetch(client, site.article.get_absolute_url()).content.decode()
        comment.is_approved = True
        comment.save()
        assert_fresh(client, [site.article.get_absolute_url()], shown="Rất cảm động và ý nghĩa")

    def test_a_reader_posting_a_comment_for_moderation_does_not_empty_the_cache(self, site):
        before = pagecache.shared_cache().get(pagecache.GENERATION_KEY)
        CommentFactory(article=site.article, is_approved=False)
        assert pagecache.shared_cache().get(pagecache.GENERATION_KEY) == before


class ScheduledPublicationTests:
    def test_a_scheduled_article_appears_on_the_cached_home_page_at_its_time(self, client, site, frozen_now):
        at = FIXED_NOW + datetime.timedelta(minutes=30)
        ArticleFactory(title="Khai giảng lớp học tình thương", category=site.category, published_at=at)
        warm(client, [HOME, NEWS], site.article.title)
        assert "Khai giảng lớp học tình thương" not in fetch(client, HOME).content.decode()

        frozen_now.move_to(at - datetime.timedelta(minutes=1))
        assert cache_status(fetch(client, HOME)) == "hit"
        frozen_now.move_to(at + datetime.timedelta(seconds=1))
        assert_fresh(client, [HOME, NEWS], shown="Khai giảng lớp học tình thương")

    def test_a_cached_page_does_not_outlive_the_day(self, client, site, frozen_now):
        warm(client, [PROGRAMMES], site.programme.title)
        frozen_now.move_to(
            datetime.datetime.combine(
                FIXED_NOW.date() + datetime.timedelta(days=1), datetime.time(0, 1), tzinfo=FIXED_NOW.tzinfo
            )
        )
        assert cache_status(fetch(client, PROGRAMMES)) != "hit"


class PersonalPagesTests:
    def test_staff_never_get_a_cached_page_even_right_after_logging_in(self, client, site, editor):
        warm(client, [HOME, NEWS], site.article.title)
        response = client.post(
            reverse("admin:login"), {"username": "bientap", "password": "mat-khau-bien-tap", "next": "/quan-tri/"}
        )
        assert response.status_code == 302, "the editor could not log in"
        for url in (HOME, NEWS):
            with CaptureQueriesContext(connection) as queries:
                response = fetch(client, url)
            assert cache_status(response) is None
            assert len(queries) > 0

    def test_a_staff_preview_is_never_served_to_readers(self, client, site, editor):
        draft = ArticleFactory(title="Bản nháp chưa duyệt", status=Article.Status.DRAFT, published_at=None)
        client.force_login(editor)
        assert "Bản nháp chưa duyệt" in fetch(client, draft.get_absolute_url()).content.decode()
        client.logout()
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_form_pages_are_never_stored_and_each_reader_gets_a_token_of_their_own_cookie(self, client, site):
        # The feedback form and the comment form carry the reader's CSRF token: never cached.
        for url in (reverse("feedback"), site.article.get_comment_url()):
            for _ in range(2):
                reader = Client(enforce_csrf_checks=True)
                page = fetch(reader, url)
                assert cache_status(page) is None, url
                assert "no-store" in page["Cache-Control"], url
                assert settings.CSRF_COOKIE_NAME in reader.cookies, url
                assert form_token(page)
            assert pagecache.shared_cache().get(pagecache.entry_key(RequestFactory().get(url))) is None, url

    def test_a_reader_with_an_empty_session_is_served_from_the_cache(self, client, site):
        warm(client, [NEWS], site.article.title)
        client.cookies[settings.SESSION_COOKIE_NAME] = "khong-co-phien-nay"
        assert cache_status(fetch(client, NEWS)) == "hit"

    def test_the_comment_form_of_a_cached_article_page_works_for_the_next_reader(self, client, site):
        url = site.article.get_absolute_url()
        fetch(client, url)
        reader = Client(enforce_csrf_checks=True)
        page = fetch(reader, url)
        assert cache_status(page) == "hit"
        assert "csrfmiddlewaretoken" not in page.content.decode()
        assert f'href="{site.article.get_comment_url()}"' in page.content.decode()
        form = fetch(reader, site.article.get_comment_url())
        posted = reader.post(
            url, {"name": "Trần Thị Bình", "body": "Chương trình rất ý nghĩa.", "csrfmiddlewaretoken": form_token(form)}
        )
        assert posted.status_code == 302
        assert site.article.comments.get().is_approved is False

    def test_no_page_in_the_cache_holds_a_form_token_or_a_nonce(self, client, site):
        pages = [
            HOME,
            NEWS,
            site.category.get_absolute_url(),
            site.article.get_absolute_url(),
            PROGRAMMES,
            site.programme.get_absolute_url(),
            ORGANIZATIONS,
            site.lead.get_absolute_url(),
            f"{reverse('search')}?q=khuyen+hoc",
        ]
        for url in pages:
            response = fetch(client, url)
            stored = pagecache.shared_cache().get(pagecache.entry_key(RequestFactory().get(url)))
            assert stored is not None, f"{url} was not stored"
            assert b"csrfmiddlewaretoken" not in stored[3], url
            assert b"nonce" not in stored[3], url
            assert settings.CSRF_COOKIE_NAME not in response.cookies, url

    def test_a_reader_with_a_pending_message_gets_a_fresh_page(self, client, site):
        warm(client, [NEWS], site.article.title)
        client.cookies["messages"] = "pending"
        assert cache_status(fetch(client, NEWS)) is None

    def test_a_response_showing_a_message_is_not_stored(self, client, site):
        response = client.post(
            reverse("feedback"),
            {
                "name": "Lê Văn Cường",
                "subject": "Tin chi hội",
                "message": "Chi hội vừa trao 20 suất học bổng.",
                "phone": "0225 3842 123",
            },
            follow=True,
        )
        assert response.status_code == 200
        assert "Cảm ơn bạn" in response.content.decode()
        client.cookies.clear()
        assert "Cảm ơn bạn" not in fetch(client, reverse("feedback")).content.decode()


class RedisBackendTests:
    def test_the_redis_backend_keeps_one_client_object(self, redis_page_cache):
        from django.core.cache import caches

        backend = caches["default"].client  # django-redis keeps one client per server
        assert backend.get_client(write=False) is backend.get_client(write=False)
        assert backend.get_client(write=True) is backend.get_client(write=True)

    def test_a_page_is_stored_in_and_served_from_redis(self, client, site, redis_page_cache):
        warm(client, [HOME], site.article.title)


class CacheServerDownTests:
    def test_pages_are_served_from_the_database_when_redis_is_down(self, client, site, settings):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            }
        }
        for url in (HOME, NEWS, site.article.get_absolute_url(), site.programme.get_absolute_url()):
            for _ in range(2):
                response = fetch(client, url)
                assert cache_status(response) is None
        site.article.title = "Sửa bài khi bộ nhớ đệm ngừng"
        site.article.save()
        assert "Sửa bài khi bộ nhớ đệm ngừng" in fetch(client, NEWS).content.decode()


class LocalCopyTests:
    """A process keeps the pages it served; the shared cache still decides, on every request,
    whether they are current."""

    def test_a_page_held_by_this_process_costs_one_small_read_of_the_shared_cache(
        self, client, site, page_cache, monkeypatch
    ):
        url = site.article.get_absolute_url()
        fetch(client, url)  # rendered and stored
        fetch(client, url)  # read from the shared cache, kept here
        reads = []
        monkeypatch.setattr(page_cache, "get_many", lambda keys, **kw: reads.append(("get_many", keys)) or {})
        real_get = page_cache.get
        monkeypatch.setattr(
            page_cache, "get", lambda key, *a, **kw: reads.append(("get", key)) or real_get(key, *a, **kw)
        )
        assert cache_status(fetch(client, url)) == "hit"
        assert reads == [("get", pagecache.GENERATION_KEY)]

    def test_an_edit_makes_the_copy_held_here_stale_at_once(self, client, site):
        url = site.article.get_absolute_url()
        warm(client, [url], "Trao học bổng cho học sinh vượt khó")
        fetch(client, url)
        site.article.title = "Trao 50 suất học bổng"
        site.article.save()
        assert_fresh(client, [url], shown="Trao 50 suất học bổng", gone="Trao học bổng cho học sinh vượt khó")

    def test_copies_are_kept_within_their_byte_budget(self):
        copies = pagecache.LocalCopies(max_bytes=800)
        for n in range(10):
            copies.put(f"page-{n}", (1, 0.0, [], b"x" * 100, None, {}))
        assert copies.size <= 800
        assert copies.get("page-0") is None and copies.get("page-9") is not None
        copies.put("huge", (1, 0.0, [], b"x" * 500, None, {}))  # over an eighth of the budget: not kept
        assert copies.get("huge") is None
