"""manage.py backup / restore on PostgreSQL, the production database: a pg_dump restored by
pg_restore into a fresh empty database gives the same portal back, and every refusal holds before
anything changes; a portal exported from SQLite imports into PostgreSQL. Media on the disk and on the
object store."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from core.public_area import public_area
from news.models import Article
from operations.backups import postgres
from operations.backups.json_export import backed_up_models
from tests.operations.archives import (
    ON_DISK_ONLY,
    flip_a_byte_of_the_database,
    make_content,
    read_manifest,
    rewrite_archive,
    snapshot,
    stored_media,
    wipe,
    wipe_media,
)

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("postgres_client_tools"),
]


@pytest.fixture(autouse=True)
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore are PostgreSQL's; on SQLite, backup makes the JSON archive")
    yield
    # A test that failed between dropping the tables and restoring them must not break the next ones.
    if "django_migrations" not in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(postgres.CLEAR_SCHEMA)
        call_command("migrate", verbosity=0)


def drop_every_table():
    """The database as `createdb` leaves it: no table, the extensions of template1 still there."""
    with connection.cursor() as cursor:
        cursor.execute(postgres.CLEAR_SCHEMA)
    assert connection.introspection.table_names() == []


def backup(tmp_path) -> Path:
    call_command("backup", output=str(tmp_path / "sao-luu"), stdout=io.StringIO())
    return tmp_path / "sao-luu.tar.gz"


class PostgresRoundTripTests:
    def test_a_fresh_empty_database_gets_the_same_portal_back(self, empty_media_storage, tmp_path, client):
        content = make_content()
        before_rows, before_media = snapshot(empty_media_storage)
        archive = backup(tmp_path)
        assert read_manifest(archive)["database_format"] == "pg_dump-custom"

        drop_every_table()
        wipe_media(empty_media_storage)
        assert stored_media(empty_media_storage) == {}
        assert not public_area(empty_media_storage).is_linked(content["article"].cover_image.name)

        out = io.StringIO()
        call_command("restore", str(archive), stdout=out)
        assert out.getvalue().startswith("Đã khôi phục cơ sở dữ liệu (pg_restore) và 8 tệp media")
        after_rows, after_media = snapshot(empty_media_storage)
        for label in before_rows:
            assert after_rows[label] == before_rows[label], label
        assert after_media == before_media

        article = Article.objects.get(pk=content["article"].pk)
        assert public_area(empty_media_storage).is_linked(article.cover_image.name)
        assert client.get("/").status_code == 200
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200 and article.title in page.content.decode()
        assert client.get(content["programme"].get_absolute_url()).status_code == 200
        picture = client.get(article.cover_image.url)
        assert picture.status_code == 200
        assert b"".join(picture.streaming_content) == before_media[article.cover_image.name]
        assert client.post("/quan-tri/login/", {"username": "bientap", "password": "mat-khau"}).status_code == 302

    def test_a_corrupted_dump_is_found_before_anything_changes_even_with_force(self, empty_media_storage, tmp_path):
        make_content()
        archive = backup(tmp_path)
        Article.objects.update(title="Sửa sau khi sao lưu")
        before = snapshot(empty_media_storage)
        damaged = rewrite_archive(archive, tmp_path / "hong.tar.gz", change=flip_a_byte_of_the_database)
        with pytest.raises(CommandError, match=r"SHA-256.*database/portal\.dump"):
            call_command("restore", str(damaged), force=True)
        assert snapshot(empty_media_storage) == before

    @ON_DISK_ONLY
    def test_a_database_with_tables_of_something_else_is_refused_even_with_force(self, empty_media_storage, tmp_path):
        make_content()
        archive = backup(tmp_path)
        drop_every_table()
        wipe_media(empty_media_storage)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE ke_toan_so_cai (id integer PRIMARY KEY)")
        with pytest.raises(CommandError, match="không thuộc cổng \\(ke_toan_so_cai\\)"):
            call_command("restore", str(archive), force=True)
        assert connection.introspection.table_names() == ["ke_toan_so_cai"]
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE ke_toan_so_cai")
        call_command("restore", str(archive), verbosity=0)
        assert Article.objects.count() == 2

    @ON_DISK_ONLY
    def test_the_password_reaches_the_tools_through_the_environment_only(
        self, empty_media_storage, tmp_path, monkeypatch
    ):
        monkeypatch.setitem(connection.settings_dict, "PASSWORD", "mat-khau-csdl-bi-mat")
        run, popen, seen = subprocess.run, subprocess.Popen, []

        def spy(function):
            def called(arguments, *args, **kwargs):
                seen.append((list(arguments), kwargs.get("env") or {}))
                return function(arguments, *args, **kwargs)

            return called

        monkeypatch.setattr(subprocess, "run", spy(run))
        monkeypatch.setattr(subprocess, "Popen", spy(popen))
        make_content()
        archive = backup(tmp_path)
        wipe(empty_media_storage)
        call_command("restore", str(archive), verbosity=0)
        tools = [(arguments, env) for arguments, env in seen if "--version" not in arguments]
        assert {Path(arguments[0]).name for arguments, _ in tools} == {"pg_dump", "pg_restore", "psql"}
        for arguments, env in tools:
            assert not any("mat-khau-csdl-bi-mat" in argument for argument in arguments), arguments
            assert env["PGPASSWORD"] == "mat-khau-csdl-bi-mat"


class PostgresRefusalTests:
    @ON_DISK_ONLY
    def test_missing_client_tools_are_named_with_what_to_install(self, empty_media_storage, tmp_path):
        make_content()
        with mock.patch("operations.backups.postgres.shutil.which", return_value=None):
            with pytest.raises(CommandError) as refused:
                call_command("backup", output=str(tmp_path / "sao-luu"))
        assert "pg_dump was not found" in str(refused.value)
        assert "apt-get install postgresql-client" in str(refused.value)
        assert not list(tmp_path.glob("*.tar.gz")) and not list(tmp_path.glob(".*"))

        archive = backup(tmp_path)
        wipe(empty_media_storage)
        with mock.patch("operations.backups.postgres.shutil.which", return_value=None):
            with pytest.raises(CommandError, match=r"pg_restore was not found.*postgresql-client"):
                call_command("restore", str(archive))
        assert not get_user_model().objects.exists()

    @ON_DISK_ONLY
    def test_a_server_newer_than_pg_dump_is_refused_with_what_to_install(self, empty_media_storage, tmp_path):
        server = connection.get_database_version()[0]
        with mock.patch("operations.backups.postgres.tool_major", return_value=server - 1):
            with pytest.raises(CommandError) as refused:
                call_command("backup", output=str(tmp_path / "sao-luu"))
        message = str(refused.value)
        assert f"runs PostgreSQL {server} but pg_dump here is from PostgreSQL {server - 1}" in message
        assert f"postgresql-client-{server}" in message

    @ON_DISK_ONLY
    def test_a_dump_from_a_newer_pg_dump_is_refused_before_anything_changes(self, empty_media_storage, tmp_path):
        make_content()
        archive = backup(tmp_path)

        def from_the_future(manifest):
            manifest["postgresql"]["pg_dump_major"] = 99

        newer = rewrite_archive(archive, tmp_path / "moi.tar.gz", manifest=from_the_future)
        wipe(empty_media_storage)
        with pytest.raises(CommandError, match=r"made by pg_dump 99.*postgresql-client-99"):
            call_command("restore", str(newer))
        assert not get_user_model().objects.exists()
        assert stored_media(empty_media_storage) == {}

    @ON_DISK_ONLY
    def test_a_database_that_is_not_fully_migrated_is_refused(self, empty_media_storage, tmp_path):
        make_content()
        archive = backup(tmp_path)
        wipe(empty_media_storage)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = 'news' AND name LIKE '0015%'")
        with pytest.raises(CommandError, match="chưa migrate đầy đủ"):
            call_command("restore", str(archive))
        assert not get_user_model().objects.exists()
        call_command("restore", str(archive), force=True, verbosity=0)
        assert Article.objects.count() == 2


# The source portal is made by another process on SQLite: what `make run` gives, before it moves.
SQLITE_PORTAL = """
import json, sys
import django
django.setup()
from django.core import serializers
from django.core.management import call_command
from operations.backups.json_export import backed_up_models
from tests.operations.archives import make_content
call_command("migrate", verbosity=0)
make_content()
call_command("export", output=sys.argv[1], verbosity=0)
print(json.dumps({m._meta.label_lower: json.loads(serializers.serialize(
    "json", m._base_manager.order_by("pk"), use_natural_foreign_keys=True)) for m in backed_up_models()}))
"""


class SqliteToPostgresTests:
    def test_a_portal_exported_from_sqlite_imports_into_postgresql(self, empty_media_storage, tmp_path, client):
        archive = tmp_path / "tu-sqlite.tar.gz"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kpportal.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'nguon.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media-nguon"),
        }
        made = subprocess.run(
            [sys.executable, "-c", SQLITE_PORTAL, str(archive)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert made.returncode == 0, made.stderr[-2000:]
        source_rows = json.loads(made.stdout.strip().splitlines()[-1])
        assert read_manifest(archive)["database_vendor"] == "sqlite"

        call_command("import", str(archive), stdout=io.StringIO())
        rows = {
            model._meta.label_lower: json.loads(
                serializers.serialize("json", model._base_manager.order_by("pk"), use_natural_foreign_keys=True)
            )
            for model in backed_up_models()
        }
        # A GeneratedField is the database's own (a tsvector on PostgreSQL, text on SQLite).
        generated_by_the_database = {
            field.name for model in backed_up_models() for field in model._meta.fields if field.generated
        }
        assert "search_vector" in generated_by_the_database
        for label, source in source_rows.items():
            for row, expected in zip(rows[label], source, strict=True):
                assert row["pk"] == expected["pk"], label
                for name, value in expected["fields"].items():
                    if name not in generated_by_the_database:
                        assert row["fields"][name] == value, f"{label}.{name}"
        assert len(stored_media(empty_media_storage)) == 8
        article = Article.objects.published().exclude(cover_image="").get()
        assert public_area(empty_media_storage).is_linked(article.cover_image.name)
        assert client.get(article.get_absolute_url()).status_code == 200
