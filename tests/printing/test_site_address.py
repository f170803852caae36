"""The site's address in QR codes, the permanent link, RSS, the sitemap and canonical links: the
configured DJANGO_SITE_URL when there is one (production), else the address the portal is served
on (development: `make run PORT=8123`), with nothing cached for one host shown on another."""

import re

import pytest
from django.urls import reverse

from core import site_address
from printing import versions as print_versions
from tests.factories import ArticleFactory, programme_with_parties
from tests.printing.conftest import decode_png, decode_svg, svgs_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("qr_cache")]

DEV = "127.0.0.1:8123"


@pytest.fixture
def unset_site_url(settings):
    """Development without DJANGO_SITE_URL, as `make run` starts it."""
    settings.SITE_URL = ""
    return settings


@pytest.fixture
def article():
    return ArticleFactory(title="Hội Khuyến học ký kết chương trình phối hợp")


def versioned(base, article):
    return f"{base}{article.get_absolute_url()}?ban-in={print_versions.current_fingerprint(article)}"


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


class FollowingTheServedAddressTests:
    def test_the_article_page_qr_code_and_links_lead_to_the_port_it_was_served_on(
        self, client, unset_site_url, article
    ):
        html = client.get(article.get_absolute_url(), HTTP_HOST=DEV).content.decode()
        assert decode_svg(svgs_in(html)[0]) == [versioned(f"http://{DEV}", article)]
        assert canonical(html) == f"http://{DEV}{article.get_absolute_url()}"
        assert f'href="http://{DEV}{reverse("news-feed")}"' in html
        assert "127.0.0.1:8000" not in html

    def test_the_printed_qr_image_and_permanent_link_name_the_served_address(self, client, unset_site_url, article):
        kwargs = {"pk": article.pk, "slug": article.slug}
        png = client.get(reverse("printing:article-qr", kwargs=kwargs), HTTP_HOST=DEV)
        assert decode_png(png.content) == [versioned(f"http://{DEV}", article)]
        printed = client.get(reverse("printing:article-print", kwargs=kwargs), HTTP_HOST=DEV).content.decode()
        assert f"http://{DEV}{article.get_absolute_url()}" in printed
        assert "127.0.0.1:8000" not in printed

    def test_the_programme_permanent_link_names_the_served_address(self, client, unset_site_url):
        programme = programme_with_parties([], title="Chương trình phối hợp giai đoạn 2024-2026")
        html = client.get(programme.get_absolute_url(), HTTP_HOST=DEV).content.decode()
        assert f"http://{DEV}{programme.get_absolute_url()}</a>" in html

    def test_feeds_sitemap_and_robots_use_the_served_address(self, client, unset_site_url, article):
        feed = client.get(reverse("news-feed"), HTTP_HOST=DEV).content.decode()
        assert f"<link>http://{DEV}{article.get_absolute_url()}</link>" in feed
        sitemap = client.get(reverse("sitemap"), HTTP_HOST=DEV).content.decode()
        assert f"<loc>http://{DEV}{article.get_absolute_url()}</loc>" in sitemap
        assert f"<loc>http://{DEV}/</loc>" in sitemap
        robots = client.get("/robots.txt", HTTP_HOST=DEV).content.decode()
        assert f"Sitemap: http://{DEV}{reverse('sitemap')}" in robots

    def test_an_https_request_gets_https_addresses(self, client, unset_site_url, article):
        html = client.get(article.get_absolute_url(), HTTP_HOST="khuyenhoc.local", secure=True).content.decode()
        assert canonical(html) == f"https://khuyenhoc.local{article.get_absolute_url()}"

    def test_a_host_that_is_not_allowed_is_refused_not_echoed(self, client, unset_site_url, article):
        unset_site_url.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
        client.raise_request_exception = False
        for url in (article.get_absolute_url(), reverse("news-feed"), reverse("sitemap"), "/khong-co-trang-nay/"):
            response = client.get(url, HTTP_HOST="tan-cong.example.com")
            assert response.status_code == 400, url
            assert b"tan-cong.example.com" not in response.content

    def test_outside_a_request_the_address_is_where_make_run_serves_by_default(self, unset_site_url):
        assert site_address.absolute_url("/tin-tuc/") == "http://127.0.0.1:8000/tin-tuc/"


class ConfiguredAddressTests:
    def test_a_configured_address_wins_over_the_host_header(self, client, settings, article):
        settings.SITE_URL = "https://khuyenhoc.example.vn"
        html = client.get(article.get_absolute_url(), HTTP_HOST="tan-cong.example.com").content.decode()
        assert decode_svg(svgs_in(html)[0]) == [versioned("https://khuyenhoc.example.vn", article)]
        assert canonical(html) == f"https://khuyenhoc.example.vn{article.get_absolute_url()}"
        assert "tan-cong.example.com" not in html
        feed = client.get(reverse("news-feed"), HTTP_HOST="tan-cong.example.com").content.decode()
        assert "tan-cong.example.com" not in feed


class NoCrossHostMixingTests:
    def test_a_page_cached_for_one_address_is_not_served_for_another(self, client, unset_site_url, page_cache, article):
        url = article.get_absolute_url()
        first = client.get(url, HTTP_HOST="127.0.0.1:8000")
        again = client.get(url, HTTP_HOST="127.0.0.1:8000")
        assert again["X-Page-Cache"] == "hit"  # the cache is on, so the next answer could come from it
        other = client.get(url, HTTP_HOST=DEV)
        assert other.get("X-Page-Cache") != "hit"
        for response, host in ((first, "127.0.0.1:8000"), (other, DEV)):
            html = response.content.decode()
            assert decode_svg(svgs_in(html)[0]) == [versioned(f"http://{host}", article)]
            assert canonical(html) == f"http://{host}{url}"

    def test_the_qr_image_drawn_for_one_address_is_not_reused_for_another(self, client, unset_site_url, article):
        url = reverse("printing:article-qr", kwargs={"pk": article.pk, "slug": article.slug})
        first = client.get(url, HTTP_HOST="127.0.0.1:8000")
        second = client.get(url, HTTP_HOST=DEV, HTTP_IF_NONE_MATCH=first["ETag"])
        assert second.status_code == 200
        assert decode_png(second.content) == [versioned(f"http://{DEV}", article)]
