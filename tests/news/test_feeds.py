"""For machines: RSS for news and programmes, sitemap.xml and robots.txt, with absolute addresses
from settings.SITE_URL and only what the public may read."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from tests.factories import FIXED_NOW, VN, ArticleFactory, CategoryFactory, OrganizationFactory, ProgrammeFactory
from tests.news.factories import bulk_articles

SITE = "https://khuyenhoc.example.vn"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(FIXED_NOW, tick=False) as traveller:
        yield traveller


def rss_items(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def sitemap_locations(client, **extra):
    response = client.get(reverse("sitemap"), **extra)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", SITEMAP_NS)]


@pytest.mark.django_db
class NewsFeedTests:
    def test_the_feed_lists_published_articles_newest_first_with_absolute_links(self, client):
        older = ArticleFactory(title="Tin cũ", published_at=datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC))
        newer = ArticleFactory(title="Tin mới", lead="Sapo tin mới", byline="Hoàng Tùng")
        channel, items = rss_items(client, reverse("news-feed"))
        assert [item.findtext("title") for item in items] == ["Tin mới", "Tin cũ"]
        assert items[0].findtext("link") == f"{SITE}{newer.get_absolute_url()}"
        assert items[0].findtext("description") == "Sapo tin mới"
        assert items[0].findtext("category") == "Tin hoạt động"
        assert items[1].findtext("link") == f"{SITE}{older.get_absolute_url()}"
        assert channel.findtext("link") == f"{SITE}/tin-tuc/"
        assert channel.findtext("language") == "vi"

    def test_drafts_and_scheduled_articles_stay_out_until_their_time(self, client, frozen_now):
        ArticleFactory(title="Tin đã đăng")
        ArticleFactory(title="Bản nháp", status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(title="Tin hẹn giờ", published_at=FIXED_NOW + datetime.timedelta(hours=1))
        _channel, items = rss_items(client, reverse("news-feed"))
        assert [item.findtext("title") for item in items] == ["Tin đã đăng"]
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(hours=1))
        _channel, items = rss_items(client, reverse("news-feed"))
        assert [item.findtext("title") for item in items] == ["Tin hẹn giờ", "Tin đã đăng"]

    def test_links_ignore_the_host_header(self, client):
        ArticleFactory()
        response = client.get(reverse("news-feed"), HTTP_HOST="evil.example")
        assert b"evil.example" not in response.content
        assert f"{SITE}/rss/".encode() in response.content


@pytest.mark.django_db
class ProgrammeFeedTests:
    def test_the_feed_lists_published_programmes_with_their_period(self, client):
        ProgrammeFactory(title="Chương trình công bố", start_year=2019, end_year=2022)
        ProgrammeFactory(title="Chương trình chưa công bố", is_published=False)
        channel, items = rss_items(client, reverse("programme-feed"))
        assert [item.findtext("title") for item in items] == ["Chương trình công bố (2019–2022)"]
        assert items[0].findtext("link").startswith(f"{SITE}/chuong-trinh/")
        assert channel.findtext("link") == f"{SITE}/chuong-trinh/"


@pytest.mark.django_db
class ProgrammeFeedDateAndTitleTests:
    def test_an_item_is_dated_by_its_signing_never_by_when_it_was_typed_in(self, client, frozen_now):
        ProgrammeFactory(title="Ký năm 2023", signing_date=datetime.date(2023, 9, 5), start_year=2023, end_year=2027)
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(days=1))  # typed in later, signed earlier
        ProgrammeFactory(title="Ký năm 2019", signing_date=datetime.date(2019, 3, 26))
        _channel, items = rss_items(client, reverse("programme-feed"))
        assert [item.findtext("title") for item in items] == ["Ký năm 2023 (2023–2027)", "Ký năm 2019 (2019–2022)"]
        assert [item.findtext("pubDate") for item in items] == [
            "Tue, 05 Sep 2023 00:00:00 +0700",  # the day of signing, in Hanoi
            "Tue, 26 Mar 2019 00:00:00 +0700",
        ]

    def test_without_a_signing_date_an_item_is_dated_when_it_was_first_published(self, client, frozen_now):
        programme = ProgrammeFactory(title="Chưa rõ ngày ký", signing_date=None, is_published=False)
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(days=3))
        programme.is_published = True
        programme.save()
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(days=10))
        programme.summary = "Sửa tóm tắt sau khi công bố."
        programme.save()
        _channel, items = rss_items(client, reverse("programme-feed"))
        assert [item.findtext("pubDate") for item in items] == ["Tue, 04 Jun 2024 02:00:00 +0000"]

    @pytest.mark.parametrize(
        ("title", "start", "end", "shown"),
        [
            (
                "Chương trình phối hợp giai đoạn 2022-2026",
                2022,
                2026,
                "Chương trình phối hợp giai đoạn 2022-2026",
            ),
            ("Chương trình phối hợp giai đoạn 2022 – 2026", 2022, 2026, "Chương trình phối hợp giai đoạn 2022 – 2026"),
            ("Chương trình phối hợp từ năm 2023", 2023, None, "Chương trình phối hợp từ năm 2023"),
            ("Chương trình phối hợp năm 2022", 2022, 2026, "Chương trình phối hợp năm 2022 (2022–2026)"),
            ("Chương trình phối hợp khuyến học", 2023, None, "Chương trình phối hợp khuyến học (từ 2023)"),
            ("Chương trình số 120226", 2022, 2026, "Chương trình số 120226 (2022–2026)"),
        ],
    )
    def test_a_title_that_names_its_period_is_not_given_it_twice(self, client, title, start, end, shown):
        ProgrammeFactory(title=title, start_year=start, end_year=end, signing_date=None)
        _channel, items = rss_items(client, reverse("programme-feed"))
        assert [item.findtext("title") for item in items] == [shown]


def conditional_get(client, url, since):
    return client.get(url, HTTP_IF_MODIFIED_SINCE=since)


@pytest.mark.django_db
class FeedConditionalGetTests:
    """A feed reader asking "changed since?" gets 304 and no body until something it shows has changed."""

    @pytest.mark.parametrize("url_name", ["news-feed", "programme-feed"])
    def test_an_unchanged_feed_answers_304(self, client, url_name):
        ArticleFactory()
        ProgrammeFactory()
        first = client.get(reverse(url_name))
        assert first.status_code == 200
        again = conditional_get(client, reverse(url_name), first["Last-Modified"])
        assert again.status_code == 304
        assert again.content == b""

    def test_the_news_feed_changes_with_an_edit_a_deletion_a_scheduled_time_and_the_host(self, client, frozen_now):
        article = ArticleFactory()
        scheduled = ArticleFactory(published_at=FIXED_NOW + datetime.timedelta(hours=5))
        host = OrganizationFactory(name="Hội Khuyến học thành phố", is_host=True)
        url = reverse("news-feed")

        def changed(action, hours):
            since = client.get(url)["Last-Modified"]
            assert conditional_get(client, url, since).status_code == 304
            frozen_now.move_to(FIXED_NOW + datetime.timedelta(hours=hours))
            action()
            response = conditional_get(client, url, since)
            return response.status_code == 200 and response["Last-Modified"] != since

        def edit():
            article.title = "Tiêu đề đã sửa"
            article.save()

        def rename_host():
            host.name = "Hội Khuyến học thành phố Hải Phòng"
            host.save()

        assert changed(edit, 1)
        assert changed(rename_host, 2)
        assert changed(lambda: ArticleFactory().delete(), 3)
        assert changed(lambda: None, 6)  # the scheduled article's time has come
        assert scheduled.title in client.get(url).content.decode()

    def test_the_programme_feed_changes_with_an_edit_and_a_new_year(self, client, frozen_now):
        programme = ProgrammeFactory(start_year=2024, end_year=2024)
        url = reverse("programme-feed")
        since = client.get(url)["Last-Modified"]
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(days=30))
        assert conditional_get(client, url, since).status_code == 304
        programme.title = "Tên mới"
        programme.save()
        response = conditional_get(client, url, since)
        assert response.status_code == 200
        since = response["Last-Modified"]
        frozen_now.move_to(datetime.datetime(2025, 1, 1, 0, 30, tzinfo=VN))  # in force → expired
        response = conditional_get(client, url, since)
        assert response.status_code == 200
        assert "<category>Đã hết hiệu lực</category>" in response.content.decode()


@pytest.mark.django_db
class SitemapTests:
    def test_the_sitemap_says_its_charset(self, client):
        response = client.get(reverse("sitemap"))
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')

    def test_the_sitemap_holds_public_pages_only_at_absolute_addresses(self, client):
        public = ArticleFactory()
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        scheduled = ArticleFactory(published_at=FIXED_NOW + datetime.timedelta(days=1))
        programme = ProgrammeFactory()
        hidden_programme = ProgrammeFactory(is_published=False)
        organization = OrganizationFactory()
        empty_category = CategoryFactory(name="Chuyên mục chỉ có nháp")
        ArticleFactory(category=empty_category, status=Article.Status.DRAFT, published_at=None)

        locations = sitemap_locations(client, HTTP_HOST="evil.example")
        assert f"{SITE}/" in locations
        assert f"{SITE}/tin-tuc/" in locations
        assert f"{SITE}/gop-y/" in locations
        assert f"{SITE}{public.get_absolute_url()}" in locations
        assert f"{SITE}{public.category.get_absolute_url()}" in locations
        assert f"{SITE}{programme.get_absolute_url()}" in locations
        assert f"{SITE}{organization.get_absolute_url()}" in locations
        assert f"{SITE}{draft.get_absolute_url()}" not in locations
        assert f"{SITE}{scheduled.get_absolute_url()}" not in locations
        assert f"{SITE}{hidden_programme.get_absolute_url()}" not in locations
        assert f"{SITE}{empty_category.get_absolute_url()}" not in locations
        assert all(location.startswith(f"{SITE}/") for location in locations)

    def test_a_scheduled_article_enters_the_sitemap_at_its_time(self, client, frozen_now):
        scheduled = ArticleFactory(published_at=FIXED_NOW + datetime.timedelta(days=1))
        assert f"{SITE}{scheduled.get_absolute_url()}" not in sitemap_locations(client)
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(days=1))
        assert f"{SITE}{scheduled.get_absolute_url()}" in sitemap_locations(client)


class RobotsTests:
    def test_robots_point_to_the_sitemap_and_keep_crawlers_out_of_the_admin(self, client):
        response = client.get("/robots.txt", HTTP_HOST="evil.example")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode()
        assert "User-agent: *" in text
        assert "Disallow: /quan-tri/" in text
        assert f"Sitemap: {SITE}/sitemap.xml" in text


@pytest.mark.django_db
class MachineQueryCountTests:
    # A feed reads the host, when its content last changed (the news feed also asks for the last publication
    # time) and its items; the sitemap pays a count and a read per section (five sections).
    @pytest.mark.parametrize(("url_name", "most"), [("news-feed", 4), ("programme-feed", 3), ("sitemap", 9)])
    def test_counts_are_equal_at_10_and_200_articles(self, client, url_name, most):
        category = CategoryFactory()
        ProgrammeFactory()
        OrganizationFactory()
        counts = []
        for size in (10, 190):
            bulk_articles(size, category=category)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(url_name)).status_code == 200
            counts.append(len(captured))
        assert counts[0] == counts[1]
        assert counts[1] <= most
