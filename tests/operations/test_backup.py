"""manage.py backup / restore and export / import: the round trip loses nothing — every row of every
model and every media file byte for byte — on SQLite and on PostgreSQL (where backup is a pg_dump),
with media on the disk and on the object store; a restore never lands on top of data by accident or
from a damaged archive, and an object store that fails is named, not a traceback."""

import io
import os
import stat
import tarfile
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from agreements.models import Party, Programme, Review
from core import private_media
from core.object_store import ObjectStoreMediaStorage, StoreUnavailable
from core.public_area import public_area
from news.models import Article
from operations.backups.backup_restore import create_backup
from operations.backups.json_export import existing_content, export_portal
from organizations.models import Organization
from tests.factories import ArticleFactory, OrganizationFactory
from tests.object_store import free_port, storage_settings
from tests.operations.archives import (
    ON_DISK_ONLY,
    flip_a_byte_of_an_image,
    make_content,
    only_archive,
    read_manifest,
    rewrite_archive,
    snapshot,
    stored_media,
    wipe,
)
from tests.security.uploads import jpeg_with_location

ROUND_TRIP = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# (make, put back): what `backup` makes (a pg_dump on PostgreSQL), and the JSON archive of `export`.
COMMAND_PAIRS = [("backup", "restore"), ("export", "import")]


@ROUND_TRIP
@pytest.mark.usefixtures("postgres_client_tools")
class BackupRoundTripTests:
    @pytest.mark.parametrize("make, put_back", COMMAND_PAIRS)
    def test_restore_into_an_empty_installation_gives_back_every_row_and_every_file(
        self, empty_media_storage, tmp_path, make, put_back
    ):
        make_content()
        before_rows, before_media = snapshot(empty_media_storage)
        assert sum(len(r) for r in before_rows.values()) >= 45
        assert len(before_media) == 8
        assert before_rows["agreements.historicalcommitment"]
        for label in ("agreements.commitmentprogress", "agreements.reviewassessment", "news.progressevidence"):
            assert before_rows[label], label
        assert before_rows["agreements.review"][0]["fields"]["participants"]
        assert before_rows["admin.logentry"]

        out = io.StringIO()
        call_command(make, output=f"{tmp_path / 'sao-luu'}/", stdout=out)
        archive = only_archive(tmp_path / "sao-luu")
        assert out.getvalue().startswith(("Đã sao lưu", "Đã xuất"))

        wipe(empty_media_storage)
        assert not Article.objects.exists() and not get_user_model().objects.exists()
        assert stored_media(empty_media_storage) == {}

        out = io.StringIO()
        call_command(put_back, str(archive), stdout=out)
        assert out.getvalue().startswith(("Đã khôi phục", "Đã nhập"))
        after_rows, after_media = snapshot(empty_media_storage)
        assert after_rows.keys() == before_rows.keys()
        for label in before_rows:
            assert after_rows[label] == before_rows[label], label
        assert after_media == before_media
        # Files follow publication after a restore too: the published ones are linked again.
        published = Article.objects.published().exclude(cover_image="").first()
        assert published is not None and public_area(empty_media_storage).is_linked(published.cover_image.name)

    def test_a_file_the_upload_would_change_comes_back_byte_for_byte_under_its_name(
        self, empty_media_storage, tmp_path
    ):
        # Stored before uploads were stripped of their metadata, or moved in by move_media: the
        # restore must not strip it now, nor rename it.
        make_content()
        old_photo = jpeg_with_location()
        empty_media_storage.save_unchanged("articles/2019/anh-cu.jpg", ContentFile(old_photo))
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        wipe(empty_media_storage)
        call_command("restore", str(archive), verbosity=0)
        with empty_media_storage.open("articles/2019/anh-cu.jpg") as restored:
            assert restored.read() == old_photo
        assert len(stored_media(empty_media_storage)) == 9

    def test_the_restored_site_works_and_keeps_counting_ids_from_where_it_was(
        self, empty_media_storage, tmp_path, client
    ):
        content = make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        wipe(empty_media_storage)
        call_command("restore", str(archive), verbosity=0)
        article = Article.objects.get(pk=content["article"].pk)
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.post("/quan-tri/login/", {"username": "bientap", "password": "mat-khau"}).status_code == 302
        new = Organization.objects.create(name="Tổ chức mới sau khôi phục")
        assert new.pk > content["hkh"].pk
        party = Party.objects.create(programme=Programme.objects.get(), organization=new)
        assert party.pk > max(p.pk for p in Party.objects.exclude(pk=party.pk))

    def test_a_non_empty_installation_is_refused_with_a_clear_message(self, empty_media_storage, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        Article.objects.filter(title__startswith="Hội nghị").update(title="Sửa sau khi sao lưu")
        before = snapshot(empty_media_storage)
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(archive))
        message = str(refused.value)
        assert message.startswith("Không khôi phục: cài đặt này đang có dữ liệu (")
        assert "bài viết" in message
        assert "--force" in message
        assert snapshot(empty_media_storage) == before

    def test_media_files_alone_are_content_too(self, empty_media_storage, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        wipe(empty_media_storage)
        empty_media_storage.save("articles/con-sot-lai.jpg", io.BytesIO(b"not empty"))
        with pytest.raises(CommandError, match="tệp trong thư mục media"):
            call_command("restore", str(archive))
        assert not get_user_model().objects.exists()
        assert list(stored_media(empty_media_storage)) == ["articles/con-sot-lai.jpg"]

    def test_force_replaces_everything_with_the_backup(self, empty_media_storage, tmp_path):
        content = make_content()
        expected = snapshot(empty_media_storage)
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        Article.objects.filter(pk=content["article"].pk).update(title="Sửa sau khi sao lưu")
        ArticleFactory(title="Bài viết thêm sau khi sao lưu", cover_image=SimpleUploadedFile("x.png", b"x"))
        Review.objects.all().delete()
        empty_media_storage.delete(content["hkh"].logo.name)
        call_command("restore", str(archive), force=True, verbosity=0)
        rows, media = snapshot(empty_media_storage)
        for label in expected[0]:
            assert rows[label] == expected[0][label], label
        assert media == expected[1]

    def test_a_damaged_archive_is_refused_and_nothing_changes(self, empty_media_storage, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        damaged = rewrite_archive(archive, tmp_path / "hong.tar.gz", change=flip_a_byte_of_an_image)
        wipe(empty_media_storage)
        with pytest.raises(CommandError, match="SHA-256"):
            call_command("restore", str(damaged))
        assert not get_user_model().objects.exists()
        assert stored_media(empty_media_storage) == {}

    @ON_DISK_ONLY
    def test_an_archive_cut_short_is_refused(self, empty_media_storage, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        cut = tmp_path / "cut.tar.gz"
        cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        wipe(empty_media_storage)
        with pytest.raises(CommandError, match="Không khôi phục gì cả"):
            call_command("restore", str(cut))
        assert not get_user_model().objects.exists()

    @ON_DISK_ONLY
    def test_an_archive_with_a_path_outside_its_folders_is_refused(self, empty_media_storage, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        evil = rewrite_archive(archive, tmp_path / "doc.tar.gz", extra=("media/../../../tmp/kpportal-evil", b"x"))
        wipe(empty_media_storage)
        with pytest.raises(CommandError, match="mục không hợp lệ"):
            call_command("restore", str(evil))
        assert not Path("/tmp/kpportal-evil").exists()

    @ON_DISK_ONLY
    def test_a_backup_from_newer_code_is_refused(self, empty_media_storage, tmp_path):
        make_content()
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path

        def newer(manifest):
            manifest["migrations"].append(["news", "9999_from_the_future"])

        wipe(empty_media_storage)
        with pytest.raises(CommandError, match="9999_from_the_future"):
            call_command("restore", str(rewrite_archive(archive, tmp_path / "moi.tar.gz", manifest=newer)))
        assert not get_user_model().objects.exists()

    @ON_DISK_ONLY
    def test_a_pg_dump_goes_only_to_postgresql_and_only_through_restore(self, empty_media_storage, tmp_path):
        make_content()
        archive = export_portal(tmp_path / "sao-luu.tar.gz").path

        def made_by_pg_dump(manifest):
            manifest |= {"version": 2, "database_format": "pg_dump-custom", "postgresql": {"pg_dump_major": 15}}

        dump = rewrite_archive(archive, tmp_path / "pg.tar.gz", manifest=made_by_pg_dump)
        wipe(empty_media_storage)
        with pytest.raises(CommandError, match=r"`manage\.py restore` trên PostgreSQL"):
            call_command("import", str(dump))
        if connection.vendor == "sqlite":
            with pytest.raises(CommandError, match=r"còn cài đặt này dùng sqlite.*`manage\.py export`"):
                call_command("restore", str(dump))
        assert not get_user_model().objects.exists()
        assert stored_media(empty_media_storage) == {}

    @ON_DISK_ONLY
    def test_the_json_export_reads_the_database_in_one_snapshot(self, empty_media_storage, tmp_path):
        make_content()
        with CaptureQueriesContext(connection) as queries:
            export_portal(tmp_path / "sao-luu.tar.gz")
        statements = [q["sql"] for q in queries.captured_queries]
        if connection.vendor == "postgresql":
            # The transaction's first statement, before it has read anything.
            assert statements[:2] == ["BEGIN", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"]
        else:
            assert connection.vendor == "sqlite"
        assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in statements)

    @ON_DISK_ONLY
    @pytest.mark.postgres
    def test_rows_committed_while_an_export_runs_stay_out_of_it(self, empty_media_storage, tmp_path):
        if connection.vendor != "postgresql":
            pytest.skip("SQLite makes writers wait for the export's read transaction; nothing can interleave")
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

        with mock.patch("operations.backups.json_export.serializers.serialize", serialize_while_others_write):
            archive = export_portal(tmp_path / "sao-luu.tar.gz").path
        assert Article.objects.count() == 3
        counts = {e["model"]: e["objects"] for e in read_manifest(archive)["database"]}
        assert counts["news.article"] == 2
        assert counts["organizations.organization"] == 3
        assert counts["news.historicalarticle"] == Article.history.count() - 1


ON_THE_OBJECT_STORE = pytest.mark.parametrize("media_storage", ["s3"], indirect=True)


def stop_answering(settings):
    """The object store of this test, as nobody answers it: its bucket, at a port nobody listens on."""
    bucket = default_storage.bucket_name
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(f"http://127.0.0.1:{free_port()}", bucket)}


@ROUND_TRIP
@ON_THE_OBJECT_STORE
@pytest.mark.usefixtures("postgres_client_tools")
class ObjectStoreDownTests:
    def test_a_backup_says_the_store_failed_and_leaves_no_archive(self, empty_media_storage, settings, tmp_path):
        make_content()
        stop_answering(settings)
        with pytest.raises(CommandError, match=r"^Sao lưu không thành công: Object store: could not list"):
            call_command("backup", output=f"{tmp_path / 'sao-luu'}/")
        assert list((tmp_path / "sao-luu").iterdir()) == []

    @pytest.mark.parametrize("put_back", ["restore", "import"])
    def test_a_restore_is_refused_before_anything_changes(self, empty_media_storage, settings, tmp_path, put_back):
        make_content()
        make = "backup" if put_back == "restore" else "export"
        call_command(make, output=str(tmp_path / "sao-luu"), verbosity=0)
        wipe(empty_media_storage)
        stop_answering(settings)
        with pytest.raises(CommandError, match=r"Không đọc được kho lưu trữ tệp media .*Không khôi phục gì cả"):
            call_command(put_back, str(tmp_path / "sao-luu.tar.gz"))
        assert not get_user_model().objects.exists()

    def test_a_store_failing_mid_restore_says_to_run_again_with_force(self, empty_media_storage, tmp_path):
        make_content()
        before = snapshot(empty_media_storage)
        archive = create_backup(tmp_path / "sao-luu.tar.gz").path
        wipe(empty_media_storage)
        refusing = mock.patch.object(
            ObjectStoreMediaStorage, "save_unchanged", side_effect=StoreUnavailable("Object store: could not write")
        )
        with refusing, pytest.raises(CommandError, match=r"Khôi phục chưa xong.*chạy lại lệnh với --force"):
            call_command("restore", str(archive))
        call_command("restore", str(archive), force=True, verbosity=0)
        assert snapshot(empty_media_storage) == before


@pytest.mark.django_db
@pytest.mark.usefixtures("postgres_client_tools")
class BackupArchiveTests:
    def test_the_json_export_holds_a_manifest_with_a_checksum_for_every_file(self, empty_media_storage, tmp_path):
        make_content()
        result = export_portal(tmp_path / "sao-luu.tar.gz")
        manifest = read_manifest(result.path)
        with tarfile.open(result.path) as archive:
            names = set(archive.getnames())
        assert manifest["format"] == "kpportal-backup"
        assert manifest["database_format"] == "django-json"
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

    def test_backup_says_which_kind_of_archive_it_made(self, empty_media_storage, tmp_path):
        make_content()
        out = io.StringIO()
        call_command("backup", output=str(tmp_path / "sao-luu"), stdout=out)
        manifest = read_manifest(tmp_path / "sao-luu.tar.gz")
        if connection.vendor == "postgresql":
            assert manifest["database_format"] == "pg_dump-custom"
            assert [entry["file"] for entry in manifest["database"]] == ["database/portal.dump"]
            assert out.getvalue().startswith("Đã sao lưu cơ sở dữ liệu (pg_dump) và 8 tệp media")
        else:
            assert manifest["database_format"] == "django-json"
            assert out.getvalue().startswith("Đã sao lưu ")
            assert "bản ghi và 8 tệp media" in out.getvalue()

    def test_the_public_area_is_not_backed_up(self, empty_media_storage, tmp_path):
        make_content()
        private_media.rebuild_public_area()
        published = Article.objects.published().exclude(cover_image="").get()
        assert public_area(empty_media_storage).is_linked(published.cover_image.name)
        manifest = read_manifest(create_backup(tmp_path / "sao-luu.tar.gz").path)
        assert len(manifest["media"]) == 8
        assert not [entry for entry in manifest["media"] if entry["name"].startswith("public/")]

    @ON_DISK_ONLY
    def test_output_may_be_a_folder_or_a_file_name(self, empty_media_storage, tmp_path):
        assert create_backup(f"{tmp_path / 'thu-muc'}/").path.parent == tmp_path / "thu-muc"
        assert create_backup(tmp_path / "ban-sao").path == tmp_path / "ban-sao.tar.gz"
        assert not list(tmp_path.rglob("*.part"))
        assert sorted(path.name for path in (tmp_path / "thu-muc").iterdir())[0].startswith("kpportal-backup-")
        assert len(list((tmp_path / "thu-muc").iterdir())) == 1  # no scratch folder left behind

    @ON_DISK_ONLY
    @pytest.mark.parametrize("command", ["backup", "export"])
    def test_only_the_owner_can_read_a_backup_whatever_the_umask(self, empty_media_storage, tmp_path, command):
        make_content()
        # A partial file left by an interrupted run, readable by all, must not lend its mode.
        (tmp_path / ".ban-sao.tar.gz.part").write_bytes(b"")
        (tmp_path / ".ban-sao.tar.gz.part").chmod(0o644)
        previous = os.umask(0o022)
        try:
            call_command(command, "--output", str(tmp_path / "ban-sao"), stdout=io.StringIO())
            call_command(command, "--output", f"{tmp_path / 'lenh'}/", stdout=io.StringIO())
        finally:
            os.umask(previous)
        for archive in (tmp_path / "ban-sao.tar.gz", only_archive(tmp_path / "lenh")):
            assert stat.S_IMODE(archive.stat().st_mode) == 0o600, archive

    def test_a_file_that_is_not_a_backup_is_refused(self, tmp_path):
        bogus = tmp_path / "khong-phai.tar.gz"
        bogus.write_bytes(b"day khong phai tep nen")
        for command in ("restore", "import"):
            with pytest.raises(CommandError, match="Không đọc được tệp sao lưu"):
                call_command(command, str(bogus))

    def test_the_seed_groups_of_a_fresh_installation_do_not_count_as_content(self, empty_media_storage):
        assert Group.objects.filter(name__in=["Biên tập viên", "Xuất bản"]).count() == 2
        assert ContentType.objects.exists()
        assert existing_content("default", empty_media_storage) == ({}, False)
