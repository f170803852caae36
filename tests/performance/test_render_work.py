"""What an uncached article render does once per process rather than once per request, and what it
never does (open a picture file)."""

import re

import pytest
from django.core.files import images
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from news import views as news_views
from tests.factories import ArticleFactory, ArticleImageFactory, uploaded_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    article = ArticleFactory(title="Trao học bổng", cover_image=uploaded_png("bia.png", width=1000, height=600))
    ArticleImageFactory(article=article, image=uploaded_png("anh.png", width=40, height=30))
    return article


def without_per_request_values(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


class ArticleRenderTests:
    def test_the_blank_comment_form_rendered_once_is_what_crispy_renders_in_the_page(
        self, client, article, monkeypatch
    ):
        prerendered = client.get(article.get_comment_url()).content.decode()
        monkeypatch.setattr(news_views, "blank_comment_form_html", lambda: "")
        rendered_here = client.get(article.get_comment_url()).content.decode()
        assert 'name="body"' in prerendered
        assert without_per_request_values(prerendered) == without_per_request_values(rendered_here)

    def test_a_rejected_comment_is_shown_again_with_its_text_and_errors(self, client, article):
        response = client.post(article.get_absolute_url(), {"name": "Lan", "body": "Hay"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "Bình luận quá ngắn" in body
        assert re.search(r"<textarea[^>]*>\s*Hay</textarea>", body)

    def test_pages_size_pictures_from_the_row_and_never_open_a_picture_file(self, client, article, monkeypatch):
        def refuse(*args, **kwargs):
            raise AssertionError("a page opened a picture file")

        monkeypatch.setattr(FileSystemStorage, "open", refuse)
        monkeypatch.setattr(images, "get_image_dimensions", refuse)
        cover = article.cover_image.name
        page = client.get(article.get_absolute_url()).content.decode()
        # The article column's rendition, every version offered, the gallery picture as it is.
        assert f'src="/media/{cover}.800w.webp" srcset="/media/{cover}.360w.webp 360w, ' in page
        assert f"/media/{cover}.800w.webp 800w, /media/{cover} 1000w" in page
        assert 'width="800" height="480"' in page and 'width="40" height="30"' in page
        printed = client.get(reverse("printing:article-print", kwargs={"pk": article.pk, "slug": article.slug}))
        assert f'src="/media/{cover}" width="1000" height="600"' in printed.content.decode()  # no 1200w copy
        listed = client.get(reverse("news:article-list")).content.decode()
        assert f'src="/media/{cover}.360w.webp"' in listed and 'width="360" height="216"' in listed
        assert client.get(reverse("home")).status_code == 200

    def test_the_page_reads_no_search_copies_and_no_other_article_bodies(self, client, article):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        ArticleFactory(title="Tin cùng chuyên mục", category=article.category, body="<p>Thân bài khác</p>")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        assert "Tin cùng chuyên mục" in response.content.decode()
        article_reads = [q["sql"] for q in queries if 'FROM "news_article"' in q["sql"]]
        assert len(article_reads) == 2  # the article, "Tin khác"
        assert all("search_text" not in sql and "search_vector" not in sql for sql in article_reads)
        page, others = article_reads
        assert '"news_article"."body"' in page
        assert '"news_article"."body"' not in others


class StableUrlTests:
    def test_a_remembered_address_is_reverse_for_the_same_arguments_and_prefix(self):
        from django.urls import reverse, set_script_prefix

        from core.stable_urls import stable_url

        kwargs = {"pk": 12, "slug": "trao-hoc-bong"}
        try:
            assert stable_url("news:article-detail", **kwargs) == reverse("news:article-detail", kwargs=kwargs)
            set_script_prefix("/cong/")
            assert stable_url("news:article-detail", **kwargs) == "/cong/tin-tuc/12-trao-hoc-bong/"
            assert stable_url("news:article-detail", pk=12, slug="ten-moi") == "/cong/tin-tuc/12-ten-moi/"
        finally:
            set_script_prefix("/")
        assert stable_url("news:article-detail", **kwargs) == "/tin-tuc/12-trao-hoc-bong/"

    def test_an_address_follows_the_urlconf_in_use(self, settings):
        from core.stable_urls import stable_url

        assert stable_url("printing:article-print", pk=3, slug="a") == "/tin-tuc/3-a/in/"
        settings.ROOT_URLCONF = "tests.performance.prefixed_urls"
        assert stable_url("printing:article-print", pk=3, slug="a") == "/cong/tin-tuc/3-a/in/"


def test_picture_addresses_worked_out_once_per_process_still_follow_the_media_address(client, article, settings):
    cover = article.cover_image.name
    assert f'src="/media/{cover}.800w.webp"' in client.get(article.get_absolute_url()).content.decode()
    settings.MEDIA_URL = "/tep-tin/"
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'src="/tep-tin/{cover}.800w.webp" srcset="/tep-tin/{cover}.360w.webp 360w, ' in page
    assert "/media/" not in page
