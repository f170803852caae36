"""Public lists stay small however much there is behind them: what a reader downloads is one page.
And what a page must download before it can show anything stays small too."""

import gzip
import re
from pathlib import Path

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    ArticleImageFactory,
    OrganizationFactory,
    PartyFactory,
    ProgrammeFactory,
    uploaded_png,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("agreements:programme-list")


def organization_options(html):
    select = re.search(r'<select name="organization".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select)


class ProgrammeFilterSizeTests:
    @pytest.fixture
    def parties(self, monkeypatch):
        """Four organizations in 4, 3, 2 and 1 programmes, and two in none; the filter offers three."""
        monkeypatch.setattr("agreements.views.ORGANIZATION_OPTIONS", 3)
        organizations = [OrganizationFactory(name=f"Tổ chức {letter}") for letter in "ABCD"]
        OrganizationFactory.create_batch(2)
        for count, organization in zip((4, 3, 2, 1), organizations, strict=True):
            for _ in range(count):
                PartyFactory(organization=organization, programme=ProgrammeFactory())
        return organizations

    def test_the_organization_filter_offers_the_organizations_in_the_most_listed_programmes(self, client, parties):
        response = client.get(LIST_URL)
        options = organization_options(response.text)
        assert [name for _pk, name in options] == ["Tất cả tổ chức", "Tổ chức A", "Tổ chức B", "Tổ chức C"]
        assert "3 tổ chức tham gia nhiều chương trình nhất trong kết quả" in response.text

    def test_an_organization_not_offered_still_filters_and_shows_as_chosen(self, client, parties):
        last = parties[-1]
        response = client.get(LIST_URL, {"organization": last.pk})
        assert response.context["paginator"].count == 1
        assert re.search(rf'<option value="{last.pk}" selected>Tổ chức D</option>', response.text)
        assert not response.context["filter_form"].errors

    def test_with_few_organizations_every_one_is_offered_without_a_note(self, client, monkeypatch):
        PartyFactory(organization=OrganizationFactory(name="Tổ chức duy nhất"))
        response = client.get(LIST_URL)
        assert [name for _pk, name in organization_options(response.text)] == ["Tất cả tổ chức", "Tổ chức duy nhất"]
        assert "tham gia nhiều chương trình nhất" not in response.text


RENDER_BLOCKING_CSS_BUDGET = 30 * 1024


def static_file(name):
    found = finders.find(name)
    assert found, f"{name} is missing: `make assets` builds it"
    return Path(found).read_bytes()


def compressed(data):
    """What a browser downloads: the smaller of WhiteNoise's Brotli and gzip copies."""
    return min(len(brotli.compress(data)), len(gzip.compress(data, compresslevel=9)))


class RenderBlockingWeightTests:
    @pytest.fixture
    def article_html(self, client):
        OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True)
        article = ArticleFactory(cover_image=uploaded_png(), cover_alt="Đại biểu ký văn bản phối hợp.")
        ArticleImageFactory(article=article)
        return client.get(article.get_absolute_url()).text

    def test_an_article_pages_stylesheets_weigh_at_most_30_kb_compressed(self, article_html):
        head = article_html.split("</head>", 1)[0]
        sheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', head)
        assert sheets == ["css/site.css"], "one stylesheet: Bootstrap's parts and the portal's own rules"
        weight = sum(compressed(static_file(name)) for name in sheets)
        assert weight <= RENDER_BLOCKING_CSS_BUDGET, f"{weight} bytes of render-blocking CSS"

    def test_an_article_page_loads_no_script_that_blocks_rendering_and_no_bootstrap_bundle(self, article_html):
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", article_html)
        assert scripts, "the page's own small script is there (menu, print button)"
        assert all(" defer" in tag for tag in scripts), scripts
        assert "bootstrap" not in " ".join(scripts)
        weight = sum(compressed(static_file(re.search(r'src="/static/([^"]+)"', tag).group(1))) for tag in scripts)
        assert weight < 2 * 1024, f"{weight} bytes of JS"

    def test_the_main_picture_is_fetched_first_and_sized_before_it_loads(self, article_html):
        figure = re.search(r'<figure class="figure article-figure">\s*(<img[^>]*>)', article_html).group(1)
        assert 'alt="Đại biểu ký văn bản phối hợp."' in figure
        assert 'fetchpriority="high"' in figure and 'loading="eager"' in figure
        assert re.search(r'width="\d+" height="\d+"', figure)
