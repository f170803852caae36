"""manage.py move_media: a portal's media from the local disk to the object store and back, every file
verified by SHA-256, idempotent, refusing a destination that is not configured (operations/media_move.py)."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core import private_media
from kpportal.settings.media_storage import disk_storage, other_media_storages
from news.models import Article
from tests.factories import ArticleFactory, ProgrammeFactory, uploaded_pdf, uploaded_png
from tests.object_store import free_port, storage_settings

pytestmark = pytest.mark.django_db


def digests_on_disk(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink() and path.relative_to(root).parts[0] != "public"
    }


def digests_in_bucket(store, bucket):
    client = store.client()
    return {
        key: hashlib.sha256(client.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest()
        for key in store.keys(bucket)
        if not key.startswith("public/")
    }


@pytest.fixture
def portal_on_disk(settings, tmp_path, object_store, django_capture_on_commit_callbacks):
    """A portal whose media is on disk (a folder of its own), with the object store configured
    beside it; a published article, a draft, and an unpublished programme's PDF."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_STORAGE = "disk"
    bucket = object_store.new_bucket()
    s3 = object_store.storage_settings(bucket)
    settings.STORAGES = {**settings.STORAGES, "default": disk_storage()}
    settings.MEDIA_STORAGE_CHOICES = {"disk": disk_storage(), "s3": s3}
    settings.MEDIA_STORAGE_UNAVAILABLE = {}
    with django_capture_on_commit_callbacks(execute=True):
        published = ArticleFactory(cover_image=uploaded_png("cong-khai.png", width=900, height=600))
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, cover_image=uploaded_png("nhap.png"))
        ProgrammeFactory(is_published=False, document=uploaded_pdf())
    return {"bucket": bucket, "s3": s3, "published": published, "draft": draft}


def move(*arguments):
    output = io.StringIO()
    call_command("move_media", *arguments, stdout=output)
    return output.getvalue()


class MoveMediaTests:
    def test_every_file_reaches_the_store_unchanged_and_only_public_ones_are_copied_to_public(
        self, portal_on_disk, object_store, settings
    ):
        on_disk = digests_on_disk(settings.MEDIA_ROOT)
        assert len(on_disk) == 5  # two covers, the published one's two renditions, the PDF
        output = move("--to", "s3")
        assert "Đã chép 5 tệp từ disk sang s3" in output and "DJANGO_MEDIA_STORAGE=s3" in output
        bucket = portal_on_disk["bucket"]
        assert digests_in_bucket(object_store, bucket) == on_disk
        published, draft = portal_on_disk["published"].cover_image.name, portal_on_disk["draft"].cover_image.name
        public = object_store.keys(bucket, "public/")
        assert f"public/{published}" in public and f"public/{draft}" not in public
        assert len(public) == 3  # the published cover and its renditions

    def test_running_it_again_copies_nothing_and_a_changed_object_is_copied_again(
        self, portal_on_disk, object_store, settings
    ):
        move("--to", "s3")
        assert "Đã chép 0 tệp từ disk sang s3" in move("--to", "s3")
        name = portal_on_disk["draft"].cover_image.name
        object_store.client().put_object(Bucket=portal_on_disk["bucket"], Key=name, Body=b"hong")
        assert "Đã chép 1 tệp" in move("--to", "s3")
        assert digests_in_bucket(object_store, portal_on_disk["bucket"]) == digests_on_disk(settings.MEDIA_ROOT)

    def test_media_comes_back_from_the_store_to_an_empty_disk(self, portal_on_disk, settings, tmp_path):
        before = digests_on_disk(settings.MEDIA_ROOT)
        move("--to", "s3")
        # The portal now runs on the store; a new, empty media folder receives the files back.
        settings.STORAGES = {**settings.STORAGES, "default": portal_on_disk["s3"]}
        settings.MEDIA_STORAGE = "s3"
        settings.MEDIA_ROOT = tmp_path / "back"
        assert "Đã chép 5 tệp từ s3 sang disk" in move("--to", "disk")
        assert digests_on_disk(settings.MEDIA_ROOT) == before
        settings.STORAGES = {**settings.STORAGES, "default": disk_storage()}
        settings.MEDIA_STORAGE = "disk"
        assert private_media.is_linked(portal_on_disk["published"].cover_image.name)
        assert not private_media.is_linked(portal_on_disk["draft"].cover_image.name)
        assert default_storage.exists(portal_on_disk["draft"].cover_image.name)

    def test_a_store_that_is_not_configured_is_refused_naming_the_variables(self, portal_on_disk, settings):
        settings.MEDIA_STORAGE_CHOICES, settings.MEDIA_STORAGE_UNAVAILABLE = other_media_storages(
            {"DJANGO_S3_BUCKET": "kp-media"}
        )
        with pytest.raises(CommandError) as refused:
            move("--to", "s3")
        assert "DJANGO_S3_ENDPOINT_URL" in str(refused.value) and "DJANGO_S3_BUCKET" not in str(refused.value)

    def test_a_store_that_is_down_stops_the_move_with_a_message(self, portal_on_disk, settings):
        settings.MEDIA_STORAGE_CHOICES = {
            "disk": disk_storage(),
            "s3": storage_settings(f"http://127.0.0.1:{free_port()}", portal_on_disk["bucket"]),
        }
        with pytest.raises(CommandError, match=r"Chuyển media không thành công.*Chạy lại lệnh"):
            move("--to", "s3")
