"""Link previews on every public page (core/social.py, templates/includes/social_meta.html), the share
links of articles and programmes, and the English About / Contact page at /en/."""

import base64
import json
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pagecache import middleware as pagecache
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    OrganizationFactory,
    RegionFactory,
    programme_with_parties,
    uploaded_png,
)

SITE = "https://khuyenhoc.example.vn"
DEFAULT_IMAGE = f"{SITE}/static/img/chia-se.png"
CARD_TAGS = (
    "og:title",
    "og:description",
    "og:image",
    "og:url",
    "og:type",
    "twitter:card",
    "twitter:title",
    "twitter:description",
)

pytestmark = pytest.mark.usefixtures("frozen_now")


class HeadReader(HTMLParser):
    """The <meta> tags, canonical link and lang attributes of a page, as a link preview robot reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.canonical, self.langs, self.links = {}, None, {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(attrs.get("property") or attrs.get("name"), attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")
        elif tag in ("html", "main") and "lang" in attrs:
            self.langs[tag] = attrs["lang"]
        elif tag == "a":
            self.links.append(attrs)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


@pytest.fixture
def site(db):
    region = RegionFactory(name="Hải Phòng")
    host = OrganizationFactory(
        name="Hội Khuyến học thành phố Hải Phòng",
        is_host=True,
        is_member=True,
        address="Số 3 đường Lý Tự Trọng, Hồng Bàng, Hải Phòng",
        phone="0225 3 745 123",
        email="khuyenhoc@haiphong.example.vn",
        website="https://khuyenhoc.haiphong.example.vn",
        fanpage="https://facebook.example.vn/khuyenhochaiphong",
        managing_body="Trung ương Hội Khuyến học Việt Nam",
        region=region,
    )
    lead = OrganizationFactory(
        name="Hội Khuyến học quận Lê Chân",
        region=region,
        logo=uploaded_png("logo-le-chan.png", width=120, height=120),
        description="Hội có 15 chi hội ở các phường.",
    )
    partner = OrganizationFactory(name="Đoàn Thanh niên quận Lê Chân", region=region)
    programme = programme_with_parties(
        [lead, partner], title="Chương trình phối hợp khuyến học giai đoạn 2022-2026", start_year=2022, end_year=2026
    )
    category = CategoryFactory(name="Tin hoạt động", slug="tin-hoat-dong", description="Hoạt động của các cấp hội.")
    article = ArticleFactory(
        title="Trao 200 suất học bổng",
        lead="Hội Khuyến học quận Lê Chân trao học bổng cho học sinh vượt khó.",
        category=category,
        cover_image=uploaded_png("anh-bia.png", width=400, height=300),
        cover_alt="Học sinh nhận học bổng trên sân khấu.",
    )
    return {
        "host": host,
        "lead": lead,
        "partner": partner,
        "programme": programme,
        "category": category,
        "article": article,
    }


def public_pages(site):
    """Every public page type, by name, with whether it has content of its own (the home page is the site's)."""
    return {
        "home": (reverse("home"), False),
        "news": (reverse("news:article-list"), True),
        "category": (site["category"].get_absolute_url(), True),
        "article": (site["article"].get_absolute_url(), True),
        "programmes": (reverse("agreements:programme-list"), True),
        "programme": (site["programme"].get_absolute_url(), True),
        "organizations": (reverse("organizations:organization-list"), True),
        "organization": (site["lead"].get_absolute_url(), True),
        "organization without a description": (site["partner"].get_absolute_url(), True),
        "search": (reverse("search") + "?q=khuyen+hoc", True),
        "feedback": (reverse("feedback"), True),
        "english": (reverse("about-en"), True),
    }


@pytest.mark.django_db
def test_every_public_page_has_its_own_card(client, site):
    pages = {name: (read(client, url), own) for name, (url, own) in public_pages(site).items()}
    default_description = pages["home"][0].meta["og:description"]
    assert "Hội Khuyến học thành phố Hải Phòng" in default_description
    for name, (page, own) in pages.items():
        missing = [tag for tag in CARD_TAGS if not page.meta.get(tag)]
        assert not missing, f"{name}: {missing}"
        assert page.meta["og:url"] == page.canonical or name == "search", name
        assert page.meta["og:image"].startswith(f"{SITE}/"), name
        assert page.meta["twitter:card"] in ("summary", "summary_large_image"), name
        assert page.meta["twitter:title"] == page.meta["og:title"], name
        assert page.meta["twitter:description"] == page.meta["og:description"], name
        if own:
            assert page.meta["og:description"] != default_description, name
    titles = [page.meta["og:title"] for page, _own in pages.values()]
    assert len(set(titles)) == len(titles), titles


@pytest.mark.django_db
def test_cards_carry_each_items_own_words_and_picture(client, site):
    article = read(client, site["article"].get_absolute_url()).meta
    assert article["og:title"] == "Trao 200 suất học bổng"
    assert article["og:description"] == "Hội Khuyến học quận Lê Chân trao học bổng cho học sinh vượt khó."
    assert article["og:type"] == "article"
    assert article["og:image"] == SITE + site["article"].cover_image.url
    assert article["twitter:card"] == "summary_large_image"
    assert article["og:image:alt"] == "Học sinh nhận học bổng trên sân khấu."

    programme = read(client, site["programme"].get_absolute_url()).meta
    assert programme["og:title"] == "Chương trình phối hợp khuyến học giai đoạn 2022-2026"
    assert programme["og:description"] == (
        "Chương trình phối hợp giai đoạn 2022–2026 giữa Hội Khuyến học quận Lê Chân, Đoàn Thanh niên quận Lê Chân."
    )
    assert programme["og:image"] == SITE + site["lead"].logo.url  # the lead party's logo, in a small card
    assert programme["twitter:card"] == "summary"

    organization = read(client, site["lead"].get_absolute_url()).meta
    assert organization["og:title"] == "Hội Khuyến học quận Lê Chân"
    assert organization["og:description"] == "Hội có 15 chi hội ở các phường."
    assert organization["og:image"] == SITE + site["lead"].logo.url

    partner = read(client, site["partner"].get_absolute_url()).meta
    assert partner["og:description"] == "Đoàn Thanh niên quận Lê Chân: Hội Khuyến học, Hải Phòng."
    assert partner["og:image"] == DEFAULT_IMAGE  # no logo of its own, none for the host
    assert partner["og:image:width"] == "1200"

    category = read(client, site["category"].get_absolute_url()).meta
    assert (category["og:title"], category["og:description"]) == ("Tin hoạt động", "Hoạt động của các cấp hội.")


@pytest.mark.django_db
def test_the_host_logo_stands_in_for_pages_without_a_picture(client, site):
    site["host"].logo = uploaded_png("logo-hoi.png", width=120, height=120)
    site["host"].save()
    news = read(client, reverse("news:article-list")).meta
    assert news["og:image"] == SITE + site["host"].logo.url
    assert news["og:image:alt"] == "Biểu trưng Hội Khuyến học thành phố Hải Phòng"
    assert "og:image:width" not in news


@pytest.mark.django_db
def test_cards_cost_no_query(client, site):
    """The card reads what the view already loaded: the pages' query budgets (test_views_queries) hold."""
    from core.social import page_card

    url = site["programme"].get_absolute_url()
    response = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page_card(response.context)
    assert len(queries) == 0


@pytest.mark.django_db
def test_share_links_use_the_canonical_address_and_load_nothing(client, site):
    for item in (site["article"], site["programme"]):
        page = read(client, item.get_absolute_url() + "?ban-in=abc")
        address = SITE + item.get_absolute_url()
        hrefs = [link.get("href", "") for link in page.links]
        facebook = [href for href in hrefs if href.startswith("https://www.facebook.com/sharer/sharer.php")]
        assert facebook == ["https://www.facebook.com/sharer/sharer.php?u=" + quote(address, safe="")]
        zalo = [href for href in hrefs if href.startswith("https://button-share.zalo.me/")]
        assert len(zalo) == 1
        data = parse_qs(urlsplit(zalo[0]).query)["d"][0]
        assert json.loads(base64.b64decode(data)) == {"url": address}
        copy = [link for link in page.links if "data-kp-copy" in link]
        assert [link["href"] for link in copy] == [address]


@pytest.mark.django_db
def test_the_english_page_presents_the_host_and_what_the_portal_holds(client, site):
    response = client.get(reverse("about-en"))
    body = response.content.decode()
    page = HeadReader()
    page.feed(body)
    assert page.langs == {"html": "vi", "main": "en"}
    assert page.meta["og:locale"] == "en_US"
    assert page.meta["og:title"] == "About the portal and contact"
    for text in (
        "Hội Khuyến học thành phố Hải Phòng",
        "Số 3 đường Lý Tự Trọng, Hồng Bàng, Hải Phòng, Vietnam",
        "0225 3 745 123",
        'href="mailto:khuyenhoc@haiphong.example.vn"',
        'href="https://khuyenhoc.haiphong.example.vn"',
        'href="https://facebook.example.vn/khuyenhochaiphong"',
        "Trung ương Hội Khuyến học Việt Nam",
        "News</a>: 1 article<",
        "Cooperation programmes</a>: 1 programme,",
        "Organizations</a>: 3 member and partner organizations",
    ):
        assert text in body, text
    footer = read(client, reverse("home"))
    assert {"href": "/en/", "lang": "en", "hreflang": "en"} in footer.links


@pytest.mark.django_db
def test_the_english_page_without_a_host_says_so(client):
    response = client.get(reverse("about-en"))
    assert response.status_code == 200
    assert "The association's details have not been entered yet." in response.content.decode()


@pytest.mark.django_db
def test_the_english_page_is_in_the_sitemap_and_the_page_cache(client, site, settings):
    assert f"<loc>{SITE}/en/</loc>" in client.get(reverse("sitemap")).content.decode()
    settings.PAGECACHE_ENABLED = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reach-en"}}
    pagecache.reset_state()
    try:
        first = client.get(reverse("about-en"))
        second = client.get(reverse("about-en"))
    finally:
        pagecache.reset_state()
    assert first[pagecache.STATUS_HEADER] == "miss"
    assert second[pagecache.STATUS_HEADER] == "hit"
