"""What the backup tests share: a portal with a little of everything, a snapshot of every row and
every media file (read through the storage API, so that any media storage can be compared), an
empty installation, and archives rewritten to be damaged or from the future."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from core.public_area import public_area
from news.models import Article, ProgressEvidence
from operations.backups.archive import clear_media, media_names
from operations.backups.json_export import backed_up_models
from tests.factories import (
    ArticleFactory,
    ArticleImageFactory,
    CommitmentFactory,
    CommitmentProgressFactory,
    OrganizationFactory,
    ReviewAssessmentFactory,
    ReviewFactory,
    programme_with_parties,
)
from tests.security.uploads import jpeg_with_location, minimal_pdf, png_with_location

# What the archive file, the database or its client tools alone decide runs on the disk only;
# whatever reads or writes media runs on the disk and on the object store (the operations
# fixture empty_media_storage over tests/conftest.py's media_storage).
ON_DISK_ONLY = pytest.mark.parametrize("media_storage", ["disk"], indirect=True)


def make_content():
    """A little of everything: staff in groups, organizations with logos, a programme with its parts,
    a signed PDF and a review, articles with cover and gallery images, history, an admin log."""
    User = get_user_model()
    # get_or_create: the groups come from a data migration, and a transactional test that ran
    # before this one in the same process may have flushed them.
    editors, _ = Group.objects.get_or_create(name="Biên tập viên")
    publishers, _ = Group.objects.get_or_create(name="Xuất bản")
    editor = User.objects.create_user("bientap", password="mat-khau", is_staff=True, first_name="Lan")
    editor.groups.add(editors)
    publisher = User.objects.create_user("xuatban", password="mat-khau", is_staff=True)
    publisher.groups.add(publishers)
    User.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau")

    hkh = OrganizationFactory(
        name="Hội Khuyến học thành phố", logo=SimpleUploadedFile("Logo Hội.jpg", jpeg_with_location())
    )
    doan = OrganizationFactory(name="Thành đoàn Hải Phòng", logo=SimpleUploadedFile("doan.png", png_with_location()))
    OrganizationFactory(name="Hội Nông dân", parent=hkh)
    programme = programme_with_parties(
        [hkh, doan],
        signatories=[("Nguyễn Văn An", "Chủ tịch Hội", hkh), ("Trần Thị Bình", "Bí thư Thành đoàn", doan)],
        title="Chương trình phối hợp giai đoạn 2019-2022",
    )
    programme.document = SimpleUploadedFile("Văn bản ký kết.pdf", minimal_pdf())
    programme.save()
    commitment = CommitmentFactory(programme=programme, number=1, title="Tuyên truyền")
    commitment.responsible.set([hkh, doan])
    review = ReviewFactory(
        programme=programme,
        summary="Sơ kết giữa kỳ",
        venue="Hội trường Thành đoàn",
        report_document=SimpleUploadedFile("Báo cáo sơ kết.pdf", minimal_pdf()),
    )
    review.participants.set([hkh, doan])
    ReviewAssessmentFactory(review=review, commitment=commitment, text="Đạt chỉ tiêu.")
    progress = CommitmentProgressFactory(
        commitment=commitment, party=doan, document=SimpleUploadedFile("minh chứng.pdf", minimal_pdf())
    )

    article = ArticleFactory(
        title="Hội nghị sơ kết",
        body="<p>Nội dung <strong>đậm</strong>.</p>",
        cover_image=SimpleUploadedFile("bia.jpg", jpeg_with_location()),
        review=review,
        created_by=editor,
    )
    article.programmes.add(programme)
    article.organizations.add(hkh, doan)
    ArticleImageFactory(article=article, caption="Đại biểu dự hội nghị")
    ArticleImageFactory(article=article, image=SimpleUploadedFile("anh 2.png", png_with_location()))
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    ProgressEvidence.objects.create(progress=progress, article=article)

    article.title = "Hội nghị sơ kết chương trình phối hợp"
    article._history_user = editor
    article.save()
    LogEntry.objects.log_actions(
        user_id=editor.pk, queryset=[article], action_flag=CHANGE, change_message="Sửa tiêu đề"
    )
    return {"programme": programme, "article": article, "hkh": hkh}


def stored_media(storage) -> dict:
    """Every stored file, byte for byte, through the storage API; the public area is not in it."""
    media = {}
    for name in media_names(storage):
        with storage.open(name, "rb") as handle:
            media[name] = handle.read()
    return media


def snapshot(storage):
    """Every row of every backed-up model (users and groups included) and every media file."""
    rows = {
        model._meta.label_lower: serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in backed_up_models()
    }
    return rows, stored_media(storage)


def wipe_media(storage):
    """No media file and no public area, on whichever storage (core/public_area.py)."""
    clear_media(storage)
    public_area(storage).clear()


def wipe(storage):
    """An empty installation: migrated tables without rows, no media file and no public area."""
    call_command("flush", interactive=False, verbosity=0)
    wipe_media(storage)


def only_archive(directory: Path) -> Path:
    [archive] = directory.glob("*.tar.gz")
    return archive


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive) as opened:
        return json.load(opened.extractfile("manifest.json"))


def flip_a_byte_of_an_image(name, data):
    if name.startswith("media/") and name.endswith(".jpg"):
        return data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]
    return data


def rewrite_archive(source: Path, target: Path, *, change=None, extra=None, manifest=None) -> Path:
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                loaded = json.loads(data)
                manifest(loaded)
                data = json.dumps(loaded).encode()
            elif change:
                data = change(member.name, data)
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
        if extra:
            name, data = extra
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def flip_a_byte_of_the_database(name, data):
    if name.startswith("database/") and data:
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    return data
