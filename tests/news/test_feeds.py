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
from tests.factories import FIXED_NOW, ArticleFactory, CategoryFactory, OrganizationFactory, ProgrammeFactory
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
class SitemapTests:
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
    # The sitemap pays a count and a read per section (five sections).
    @pytest.mark.parametrize(("url_name", "most"), [("news-feed", 2), ("programme-feed", 2), ("sitemap", 9)])
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
