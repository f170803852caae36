"""Pictures carry a text alternative of their own: the caption stays visible under the picture, the alt
text says what a reader who cannot see it needs (or nothing, for a decorative picture or one its caption
already describes), and the admin asks for it in Vietnamese before a picture is published."""

import re

import pytest
from django.urls import reverse

from news.models import Article, ArticleImage
from tests.factories import ArticleFactory, ArticleImageFactory, uploaded_png
from tests.news.test_admin import ADD_URL, PUBLISH_FIELDS, article_post

pytestmark = pytest.mark.django_db

ALT_MISSING = "trước khi xuất bản (người khiếm thị nghe mô tả này thay cho ảnh)"


def gallery_fields(**fields):
    return {
        "images-TOTAL_FORMS": "1",
        "images-0-image": uploaded_png("dai-bieu.png"),
        "images-0-caption": "Đại biểu dự hội nghị.",
        "images-0-order": "0",
        **fields,
    }


def figure_images(html):
    return re.findall(r'<figure class="figure article-figure">\s*(<img[^>]*>)\s*(?:<figcaption[^>]*>([^<]*))?', html)


class AltTextRequiredBeforePublishingTests:
    def test_publishing_a_cover_without_alt_text_is_refused_with_a_vietnamese_message(self, client, publisher):
        client.force_login(publisher)
        response = client.post(ADD_URL, article_post(cover_image=uploaded_png(), **PUBLISH_FIELDS))
        assert response.status_code == 200
        assert "Hãy viết mô tả cho ảnh đại diện " + ALT_MISSING in response.text
        assert Article.objects.count() == 0

    def test_a_cover_with_alt_text_is_published_and_the_page_reads_it_once(self, client, publisher):
        client.force_login(publisher)
        data = article_post(
            cover_image=uploaded_png(),
            cover_caption="Lễ ký kết chương trình phối hợp.",
            cover_alt="Hai lãnh đạo bắt tay sau khi ký văn bản.",
            **PUBLISH_FIELDS,
        )
        assert client.post(ADD_URL, data).status_code == 302
        client.logout()
        html = client.get(Article.objects.get().get_absolute_url()).text
        [(img, caption)] = figure_images(html)
        assert 'alt="Hai lãnh đạo bắt tay sau khi ký văn bản."' in img
        assert caption == "Lễ ký kết chương trình phối hợp."

    def test_a_cover_marked_decorative_is_published_with_an_empty_alt_and_its_caption(self, client, publisher):
        client.force_login(publisher)
        data = article_post(
            cover_image=uploaded_png(), cover_caption="Quang cảnh hội nghị.", cover_decorative="on", **PUBLISH_FIELDS
        )
        assert client.post(ADD_URL, data).status_code == 302
        client.logout()
        article = Article.objects.get()
        [(img, caption)] = figure_images(client.get(article.get_absolute_url()).text)
        assert 'alt=""' in img and article.title not in img
        assert caption == "Quang cảnh hội nghị."

    def test_a_gallery_picture_without_alt_text_keeps_the_article_from_being_published(self, client, publisher):
        client.force_login(publisher)
        data = article_post(cover_image="", **PUBLISH_FIELDS, **gallery_fields())
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Hãy viết mô tả cho ảnh trong bài " + ALT_MISSING in response.text
        assert Article.objects.count() == 0 and ArticleImage.objects.count() == 0

    def test_a_gallery_picture_with_alt_text_or_marked_decorative_is_published(self, client, publisher):
        client.force_login(publisher)
        data = article_post(**PUBLISH_FIELDS, **gallery_fields(**{"images-0-alt": "Hội trường kín chỗ."}))
        assert client.post(ADD_URL, data).status_code == 302
        assert ArticleImage.objects.get().alt_text == "Hội trường kín chỗ."

    def test_a_draft_may_keep_its_pictures_without_alt_text_until_it_is_published(self, client, editor):
        client.force_login(editor)
        response = client.post(ADD_URL, article_post(cover_image=uploaded_png(), **gallery_fields()))
        assert response.status_code == 302
        assert Article.objects.get().status == Article.Status.DRAFT

    def test_an_existing_published_article_saved_again_must_describe_its_pictures(self, client, publisher):
        article = ArticleFactory(title="Bài cũ", slug="bai-cu", cover_image=uploaded_png(), cover_caption="Chú thích")
        url = reverse("admin:news_article_change", args=[article.pk])
        client.force_login(publisher)
        data = article_post(title="Bài cũ đã sửa", slug="bai-cu", category=article.category_id, **PUBLISH_FIELDS)
        response = client.post(url, data)
        assert "Hãy viết mô tả cho ảnh đại diện " + ALT_MISSING in response.text
        article.refresh_from_db()
        assert article.title == "Bài cũ", "nothing was saved"

        data["cover_alt"] = "Đại biểu giơ tay biểu quyết."
        assert client.post(url, data).status_code == 302
        article.refresh_from_db()
        assert (article.title, article.cover_alt_text) == ("Bài cũ đã sửa", "Đại biểu giơ tay biểu quyết.")


class AltTextOnPagesTests:
    def test_pictures_stored_before_alt_text_existed_repeat_neither_caption_nor_title(self, client):
        article = ArticleFactory(title="Hội nghị tổng kết", cover_image=uploaded_png(), cover_caption="Quang cảnh.")
        ArticleImageFactory(article=article, caption="Đại biểu dự hội nghị.")
        images = figure_images(client.get(article.get_absolute_url()).text)
        assert [caption for _img, caption in images] == ["Quang cảnh.", "Đại biểu dự hội nghị."]
        assert all('alt=""' in img for img, _caption in images)

    def test_the_print_view_uses_the_alt_text_too(self, client):
        article = ArticleFactory(cover_image=uploaded_png(), cover_caption="Quang cảnh.", cover_alt="Hội trường.")
        html = client.get(reverse("printing:article-print", kwargs={"pk": article.pk, "slug": article.slug})).text
        assert 'alt="Hội trường."' in html and 'alt="Quang cảnh."' not in html


class StoredPicturesTests:
    """Pictures stored before alt texts existed: their caption was their description."""

    def run_migration(self):
        import importlib

        from django.apps import apps

        importlib.import_module(
            "news.migrations.0013_captioned_pictures_described_by_caption"
        ).captions_describe_stored_pictures(apps, None)

    def test_captioned_pictures_are_taken_as_described_by_their_caption_and_others_still_ask(self):
        captioned = ArticleFactory(cover_image=uploaded_png("a.png"), cover_caption="Quang cảnh lễ ký kết.")
        bare = ArticleFactory(cover_image=uploaded_png("b.png"), cover_caption="")
        described = ArticleFactory(
            cover_image=uploaded_png("c.png"),
            cover_caption="Lễ trao học bổng.",
            cover_alt="Hai em học sinh nhận phong bì.",
        )
        gallery_captioned = ArticleImageFactory(article=bare, caption="Đại biểu phát biểu.")
        gallery_bare = ArticleImageFactory(article=bare, caption="")
        self.run_migration()
        assert Article.objects.get(pk=captioned.pk).cover_decorative is True
        assert Article.objects.get(pk=bare.pk).cover_decorative is False
        assert Article.objects.get(pk=described.pk).cover_decorative is False  # its own alt text is kept and used
        assert ArticleImage.objects.get(pk=gallery_captioned.pk).is_decorative is True
        assert ArticleImage.objects.get(pk=gallery_bare.pk).is_decorative is False
