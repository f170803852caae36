"""manage.py backup / restore: the round trip loses nothing — every row of every model and every
media file byte for byte — on SQLite and on PostgreSQL, and a restore never lands on top of data
by accident or from a damaged archive."""

import io
import json
import os
import shutil
import stat
import tarfile
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from agreements.models import Party, Programme, Review
from core import private_media
from news.models import Article, ProgressEvidence
from operations.backup import backed_up_models, create_backup
from organizations.models import Organization
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

ROUND_TRIP = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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


def snapshot():
    """Every row of every backed-up model (users and groups included) and every media file."""
    rows = {
        model._meta.label_lower: serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in backed_up_models()
    }
    media = {}
    root = Path(default_storage.location)
    if root.exists():
        # media/public/ holds links to published files, rebuilt from the rows (core/private_media.py).
        stored = [path for path in sorted(root.rglob("*")) if path.is_file() and not path.is_symlink()]
        media = {str(path.relative_to(root)): path.read_bytes() for path in stored}
    return rows, media


def wipe():
    """An empty installation: migrated tables without rows, an empty media folder."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(default_storage.location, ignore_errors=True)


def only_archive(directory: Path) -> Path:
    [archive] = directory.glob("*.tar.gz")
    return archive


@ROUND_TRIP
class BackupRoundTripTests:
    def test_restore_into_an_empty_installation_gives_back_every_row_and_every_file(self, media_root, tmp_path):
        make_content()
        before_rows, before_media = snapshot()
        assert sum(len(r) for r in before_rows.values()) >= 45
        assert len(before_media) == 8
        assert before_rows["agreements.historicalcommitment"]
        for label in ("agreements.commitmentprogress", "agreements.reviewassessment", "news.progressevidence"):
            assert before_rows[label], label
        assert before_rows["agreements.review"][0]["fields"]["participants"]
        assert before_rows["admin.logentry"]

        out = io.StringIO()
        call_command("backup", output=f"{tmp_path / 'sao-luu'}/", stdout=out)
        archive = only_archive(tmp_path / "sao-luu")
        assert "Đã sao lưu" in out.getvalue()

        wipe()
        assert not Article.objects.exists() and not get_user_model().objects.exists()
        assert not media_root.exists()

        out = io.StringIO()
        call_command("restore", str(archive), stdout=out)
        assert "Đã khôi phục" in out.getvalue()
        after_rows, after_media = snapshot()
        assert after_rows.keys() == before_rows.keys()
        for label in before_rows:
            assert after_rows[label] == before_rows[label], label
        assert after_media == before_media
        # Files follow publication after a restore too: the published ones are linked again.
        published = Article.objects.published().exclude(cover_image="").first()
        assert published is not None and private_media.is_linked(published.cover_image.name)

    def test_the_restored_site_works_and_keeps_counting_ids_from_where_it_was(self, media_root, tmp_path, client):
        content = make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        wipe()
        call_command("restore", str(archive), verbosity=0)
        article = Article.objects.get(pk=content["article"].pk)
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.post("/quan-tri/login/", {"username": "bientap", "password": "mat-khau"}).status_code == 302
        new = Organization.objects.create(name="Tổ chức mới sau khôi phục")
        assert new.pk > content["hkh"].pk
        party = Party.objects.create(programme=Programme.objects.get(), organization=new)
        assert party.pk > max(p.pk for p in Party.objects.exclude(pk=party.pk))

    def test_a_non_empty_installation_is_refused_with_a_clear_message(self, media_root, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        Article.objects.filter(title__startswith="Hội nghị").update(title="Sửa sau khi sao lưu")
        before = snapshot()
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(archive))
        message = str(refused.value)
        assert message.startswith("Không khôi phục: cài đặt này đang có dữ liệu (")
        assert "bài viết" in message
        assert "--force" in message
        assert snapshot() == before

    def test_force_replaces_everything_with_the_backup(self, media_root, tmp_path):
        content = make_content()
        expected = snapshot()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        Article.objects.filter(pk=content["article"].pk).update(title="Sửa sau khi sao lưu")
        ArticleFactory(title="Bài viết thêm sau khi sao lưu", cover_image=SimpleUploadedFile("x.png", b"x"))
        Review.objects.all().delete()
        default_storage.delete(content["hkh"].logo.name)
        call_command("restore", str(archive), force=True, verbosity=0)
        rows, media = snapshot()
        for label in expected[0]:
            assert rows[label] == expected[0][label], label
        assert media == expected[1]

    def test_a_damaged_archive_is_refused_and_nothing_changes(self, media_root, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        damaged = rewrite_archive(archive, tmp_path / "hong.tar.gz", change=flip_a_byte_of_an_image)
        wipe()
        with pytest.raises(CommandError, match="SHA-256"):
            call_command("restore", str(damaged))
        assert not get_user_model().objects.exists()
        assert not Path(default_storage.location).exists()

    def test_an_archive_with_a_path_outside_its_folders_is_refused(self, media_root, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        evil = rewrite_archive(archive, tmp_path / "doc.tar.gz", extra=("media/../../../tmp/kpportal-evil", b"x"))
        wipe()
        with pytest.raises(CommandError, match="mục không hợp lệ"):
            call_command("restore", str(evil))
        assert not Path("/tmp/kpportal-evil").exists()

    def test_a_backup_from_newer_code_is_refused(self, media_root, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path

        def newer(manifest):
            manifest["migrations"].append(["news", "9999_from_the_future"])

        wipe()
        with pytest.raises(CommandError, match="9999_from_the_future"):
            call_command("restore", str(rewrite_archive(archive, tmp_path / "moi.tar.gz", manifest=newer)))

    def test_the_database_is_read_in_one_snapshot(self, media_root, tmp_path):
        make_content()
        with CaptureQueriesContext(connection) as queries:
            create_backup(tmp_path / "sao-luu.tar.gz")
        statements = [q["sql"] for q in queries.captured_queries]
        if connection.vendor == "postgresql":
            # The transaction's first statement, before it has read anything.
            assert statements[:2] == ["BEGIN", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"]
        else:
            assert connection.vendor == "sqlite"
        assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in statements)

    @pytest.mark.postgres
    def test_rows_committed_while_a_backup_runs_stay_out_of_it(self, media_root, tmp_path):
        if connection.vendor != "postgresql":
            pytest.skip("SQLite makes writers wait for the backup's read transaction; nothing can interleave")
        make_content()

        def another_editor_publishes():
            try:
                ArticleFactory(title="Bài đăng trong lúc sao lưu")
                OrganizationFactory(name="Tổ chức thêm trong lúc sao lưu")
            finally:
                connections["default"].close()

        serialize, calls = serializers.serialize, []

        def serialize_while_others_write(*args, **kwargs):
            if not calls:
                writer = threading.Thread(target=another_editor_publishes)
                writer.start()
                writer.join()
            calls.append(1)
            return serialize(*args, **kwargs)

        with mock.patch("operations.backup.serializers.serialize", serialize_while_others_write):
            archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        assert Article.objects.count() == 3
        with tarfile.open(archive) as opened:
            manifest = json.load(opened.extractfile("manifest.json"))
        counts = {e["model"]: e["objects"] for e in manifest["database"]}
        assert counts["news.article"] == 2
        assert counts["organizations.organization"] == 3
        assert counts["news.historicalarticle"] == Article.history.count() - 1


@pytest.mark.django_db
class BackupArchiveTests:
    def test_the_archive_holds_a_manifest_with_a_checksum_for_every_file(self, media_root, tmp_path):
        make_content()
        result = create_backup(tmp_path / "sao-luu.tar.gz")
        with tarfile.open(result.path) as archive:
            names = set(archive.getnames())
            manifest = json.load(archive.extractfile("manifest.json"))
        assert manifest["format"] == "kpportal-backup"
        assert manifest["database_vendor"] == connection.vendor
        files = [e for e in manifest["database"] if "file" in e] + manifest["media"]
        assert {e["file"] for e in files} | {"manifest.json"} == names
        assert all(len(e["sha256"]) == 64 for e in files)
        counts = {e["model"]: e["objects"] for e in manifest["database"]}
        assert counts["news.article"] == 2
        assert counts["agreements.party"] == 2
        assert counts["auth.user"] == 3
        assert "contenttypes.contenttype" not in counts
        assert result.media_files == 8

    def test_output_may_be_a_folder_or_a_file_name(self, media_root, tmp_path):
        assert create_backup(f"{tmp_path / 'thu-muc'}/").path.parent == tmp_path / "thu-muc"
        assert create_backup(tmp_path / "ban-sao").path == tmp_path / "ban-sao.tar.gz"
        assert not list(tmp_path.rglob("*.part"))

    def test_only_the_owner_can_read_a_backup_whatever_the_umask(self, media_root, tmp_path):
        make_content()
        # A partial file left by an interrupted run, readable by all, must not lend its mode.
        (tmp_path / ".ban-sao.tar.gz.part").write_bytes(b"")
        (tmp_path / ".ban-sao.tar.gz.part").chmod(0o644)
        previous = os.umask(0o022)
        try:
            path = create_backup(tmp_path / "ban-sao").path
            call_command("backup", "--output", f"{tmp_path / 'lenh'}/", stdout=io.StringIO())
        finally:
            os.umask(previous)
        for archive in (path, only_archive(tmp_path / "lenh")):
            assert stat.S_IMODE(archive.stat().st_mode) == 0o600, archive

    def test_a_file_that_is_not_a_backup_is_refused(self, tmp_path):
        bogus = tmp_path / "khong-phai.tar.gz"
        bogus.write_bytes(b"day khong phai tep nen")
        with pytest.raises(CommandError, match="Không đọc được tệp sao lưu"):
            call_command("restore", str(bogus))

    def test_the_seed_groups_of_a_fresh_installation_do_not_count_as_content(self, media_root, tmp_path):
        from operations.backup import _existing_content

        assert Group.objects.filter(name__in=["Biên tập viên", "Xuất bản"]).count() == 2
        assert ContentType.objects.exists()
        assert _existing_content("default", default_storage) == ({}, None)


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
