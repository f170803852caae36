"""Media on the local disk and on an S3-compatible object store (issue 15, point 1): every test of the
first part runs on both (fixture ``media_storage``); the second part is a storage that fails (a
media folder that cannot be written, an object store down or refusing): reading pages keeps working,
and a save in the admin fails with a message, nothing half-saved (core/object_store.py,
core/public_area.py, core/media_views.py, core/admin_mixins.py)."""

import io
import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from core import private_media
from core.renditions import rendition_name
from news.models import Article
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ProgrammeFactory,
    filled_article,
    uploaded_pdf,
    uploaded_png,
)
from tests.kpportal.test_saving_files import related_values
from tests.object_store import free_port, storage_settings
from tests.security.forms import form_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
STORE_FAILED = "Không lưu được tệp tải lên"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the public area) at once."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def photo_with_location(width=900, height=600):
    exif = Image.Exif()
    exif[0x010F] = "Điện thoại của phóng viên"  # camera make
    exif.get_ifd(GPS_IFD)[2] = (20.0, 51.0, 30.0)  # latitude of Hải Phòng
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG", exif=exif, quality=90)
    return SimpleUploadedFile("anh-co-vi-tri.jpg", buffer.getvalue(), content_type="image/jpeg")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def read_media(response):
    """The bytes a browser ends with for a /media/ answer: the file, or what a redirect leads to."""
    if response.status_code == 302:
        with urllib.request.urlopen(response["Location"], timeout=10) as signed:
            return signed.read()
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def stored_bytes(name):
    with default_storage.open(name, "rb") as stored:
        return stored.read()


class StoredFilesTests:
    def test_an_uploaded_photo_is_stored_without_its_location_with_its_renditions_at_the_portals_address(
        self, media_storage
    ):
        article = ArticleFactory(cover_image=photo_with_location())
        name = article.cover_image.name
        with Image.open(io.BytesIO(stored_bytes(name))) as stored:
            assert not stored.getexif().get_ifd(GPS_IFD)
            assert 0x010F not in stored.getexif()
        assert (article.cover_width, article.cover_height) == (900, 600)
        for width in (360, 800):
            with Image.open(io.BytesIO(stored_bytes(rendition_name(name, width)))) as rendition:
                assert rendition.format == "WEBP" and rendition.width == width
        assert not default_storage.exists(rendition_name(name, 1200))  # never wider than the original
        assert article.cover_image.url == f"/media/{name}"

    def test_a_replaced_picture_is_deleted_with_its_renditions(self, media_storage):
        article = ArticleFactory(cover_image=uploaded_png("cu.png", width=500, height=400))
        old = article.cover_image.name
        article.cover_image.delete(save=False)
        article.cover_image.save("moi.png", uploaded_png("moi.png", width=500, height=400))
        assert not default_storage.exists(old) and not default_storage.exists(rendition_name(old, 360))
        assert default_storage.exists(rendition_name(article.cover_image.name, 360))


class PublicAndPrivateMediaTests:
    def test_a_draft_articles_picture_answers_404_to_readers_and_its_bytes_to_its_editor(
        self, media_storage, committed, editor
    ):
        article = committed(ArticleFactory, status=Article.Status.DRAFT, published_at=None, cover_image=uploaded_png())
        url = article.cover_image.url
        assert Client().get(url).status_code == 404
        response = logged_in(editor).get(url)
        assert response["Cache-Control"] == "private, no-store"
        if media_storage == "s3":  # a signed address of the private object, valid for minutes
            assert response.status_code == 302 and "X-Amz-Signature=" in response["Location"]
        assert read_media(response) == stored_bytes(article.cover_image.name)
        assert not private_media.is_linked(article.cover_image.name)

    def test_publishing_puts_the_picture_and_its_renditions_in_the_public_area_and_unpublishing_takes_them_out(
        self, media_storage, committed
    ):
        article = committed(
            ArticleFactory,
            status=Article.Status.DRAFT,
            published_at=None,
            cover_image=uploaded_png(width=900, height=600),
        )
        family = [article.cover_image.name, rendition_name(article.cover_image.name, 800)]
        article.status, article.published_at = Article.Status.PUBLISHED, article.created_at
        committed(article.save)
        assert all(private_media.is_linked(name) for name in family)
        response = Client().get(article.cover_image.url)
        assert response.status_code == 200 and response["Cache-Control"].startswith("public")
        assert read_media(response) == stored_bytes(article.cover_image.name)
        if media_storage == "s3":
            copy = default_storage.client.head_object(
                Bucket=default_storage.bucket_name, Key=f"public/{article.cover_image.name}"
            )
            assert copy["CacheControl"] == "public, max-age=3600" and copy["ContentType"] == "image/png"

        article.status = Article.Status.DRAFT
        committed(article.save)
        assert not any(private_media.is_linked(name) for name in family)
        assert Client().get(article.cover_image.url).status_code == 404

    def test_sync_public_media_makes_the_public_area_anew_from_the_database(self, media_storage, committed):
        published = committed(ArticleFactory, cover_image=uploaded_png("cong-khai.png"))
        draft = committed(
            ArticleFactory, status=Article.Status.DRAFT, published_at=None, cover_image=uploaded_png("nhap.png")
        )
        private_media.unlink(published.cover_image.name)
        private_media.link(draft.cover_image.name)  # by hand, against the rules
        output = io.StringIO()
        call_command("sync_public_media", stdout=output)
        assert private_media.is_linked(published.cover_image.name)
        assert not private_media.is_linked(draft.cover_image.name)
        assert "Đã công khai" in output.getvalue()

    def test_an_unpublished_programmes_signed_pdf_is_for_its_publishers_only(self, media_storage, committed, publisher):
        programme = committed(ProgrammeFactory, is_published=False, document=uploaded_pdf(text="Ban ky ket"))
        assert Client().get(programme.document.url).status_code == 404
        response = logged_in(publisher).get(programme.document.url)
        assert b"Ban ky ket" in read_media(response)


class PrintTests:
    def test_the_print_sheet_shows_the_articles_picture_and_its_qr_code_is_drawn(self, media_storage, client):
        article = ArticleFactory(cover_image=uploaded_png(width=1400, height=900))
        sheet = client.get(reverse("printing:article-print", kwargs={"pk": article.pk, "slug": article.slug}))
        assert sheet.status_code == 200
        assert f"/media/{rendition_name(article.cover_image.name, 1200)}" in sheet.content.decode()
        qr = client.get(reverse("printing:article-qr", kwargs={"pk": article.pk, "slug": article.slug}))
        assert qr.status_code == 200 and qr["Content-Type"] == "image/png"


# The object store down or refusing ---------------------------------------------------------------


@pytest.fixture(params=["unwritable-disk", "store-down", "store-refusing"])
def broken_store(request, settings, tmp_path):
    """After what the test stored, makes the storage fail: a media folder that cannot be made (below a
    plain file: root may write anywhere else), a store nobody answers at (a free port), or a store
    that refuses (a bucket that does not exist)."""
    if request.param == "unwritable-disk":
        settings.MEDIA_ROOT = tmp_path / "media"

        def break_it():
            (tmp_path / "not-a-folder").write_bytes(b"")
            settings.MEDIA_ROOT = tmp_path / "not-a-folder" / "media"

        return break_it
    store = request.getfixturevalue("object_store")
    settings.STORAGES = {**settings.STORAGES, "default": store.storage_settings()}

    def break_it():
        endpoint = f"http://127.0.0.1:{free_port()}" if request.param == "store-down" else store.endpoint
        bucket = default_storage.bucket_name if request.param == "store-down" else "kp-no-such-bucket"
        settings.STORAGES = {**settings.STORAGES, "default": storage_settings(endpoint, bucket)}

    return break_it


class StoreUnavailableTests:
    def test_pages_that_only_read_keep_working(self, broken_store, client):
        article = filled_article()
        programme = ProgrammeFactory(is_published=True, document=uploaded_pdf())
        broken_store()
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert article.cover_image.url in page.content.decode()
        assert client.get(programme.get_absolute_url()).status_code == 200

    def test_a_new_picture_for_an_existing_article_fails_with_a_message_and_changes_nothing(
        self, broken_store, superuser
    ):
        article = filled_article()
        before = related_values(article)
        old_picture = article.cover_image.url
        client = logged_in(superuser)
        url = reverse("admin:news_article_change", args=[article.pk])
        data = form_data(client.get(url).content, "article_form")
        broken_store()
        response = client.post(
            url, data | {"title": "Tiêu đề mới", "cover_image": uploaded_png("anh-moi.png", width=64, height=48)}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert STORE_FAILED in html
        assert old_picture in html  # the picture it has is still shown
        assert 'value="Tiêu đề mới"' in html  # what was typed is not lost
        article.refresh_from_db()
        assert related_values(article) == before

    def test_a_new_article_with_a_picture_is_not_saved_when_the_store_fails(self, broken_store, superuser):
        client = logged_in(superuser)
        url = reverse("admin:news_article_add")
        data = form_data(client.get(url).content, "article_form")
        category = CategoryFactory()
        broken_store()
        count = Article.objects.count()
        response = client.post(
            url,
            data | {"title": "Bài mới", "slug": "bai-moi", "category": category.pk, "cover_image": uploaded_png()},
        )
        assert response.status_code == 200 and STORE_FAILED in response.content.decode()
        assert Article.objects.count() == count
