"""Every row through Django's JSON serializer, plus every media file (``manage.py export`` /
``manage.py import``; also what ``manage.py backup`` makes on SQLite).

The JSON archive does not depend on the database: one exported from SQLite imports into
PostgreSQL and the other way round, which is how a portal moves between the two. It is not the
tool for a large production database (every row passes through Python): on PostgreSQL,
``manage.py backup`` takes a pg_dump instead (operations/backups/postgres.py).

Consistency: the database is read inside one transaction (REPEATABLE READ on PostgreSQL; on SQLite
a read transaction sees one snapshot), so rows written while the export runs are either all in it
or all out of it. Media files are copied after the rows: Django never deletes a file when a row
changes, so every file an exported row names is still there to copy.

Format: one file per model, in the order models are declared (a party comes before the signatories
that sign for it, which the database enforces), with natural keys for content types and
permissions, which every installation creates for itself.
"""

import datetime
import tempfile
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from core import private_media
from operations.backups.archive import (
    FORMAT,
    JSON_VERSION,
    ArchiveWriter,
    BackupError,
    BackupResult,
    RestoreResult,
    has_media,
    put_media_back,
    target_path,
    unpack,
)

DATABASE_FORMAT = "django-json"
# Rebuilt by every installation (migrate), or worthless once restored (sessions).
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# Created by a data migration in every fresh installation (the staff groups; the 34 provinces,
# organizations 0009); the archive brings its own.
SEED_MODELS = {"auth.group", "organizations.region"}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; an export keeps them to the microsecond (the
    order of history records within one save depends on it)."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def backed_up_models(using=DEFAULT_DB_ALIAS):
    """Every model with rows of its own, in the order they can be loaded back.

    Declaration order (apps in INSTALLED_APPS order), moved only where a row names another by
    natural key (the admin log and the history name their users): those must exist first, as in
    dumpdata. A party is declared, and so loaded, before the signatories that sign for it."""
    models = [
        model
        # Automatic many-to-many tables travel inside their models' rows, as in dumpdata.
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in EXCLUDED_MODELS
        and router.allow_migrate_model(using, model)
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def applied_migrations(connection):
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def dump_rows(directory: Path, using) -> tuple[list, list]:
    """Serialize every model into ``directory`` inside one consistent read transaction."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    entries = []
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # Must be the transaction's first statement; inside an outer transaction (tests) the
            # snapshot is that transaction's.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        migrations = applied_migrations(connection)
        for number, model in enumerate(backed_up_models(using), start=1):
            queryset = model._meta.base_manager.using(using).order_by("pk")
            count = queryset.count()
            if not count:
                entries.append({"model": model._meta.label_lower, "objects": 0})
                continue
            name = f"database/{number:04d}-{model._meta.label_lower.replace('.', '-')}.json"
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8") as stream:
                serializers.serialize(
                    "json",
                    queryset.iterator(chunk_size=2000),
                    stream=stream,
                    use_natural_foreign_keys=True,
                    cls=ExactJSONEncoder,
                )
            entries.append({"model": model._meta.label_lower, "objects": count, "file": name})
    return entries, migrations


def export_portal(destination, *, using=DEFAULT_DB_ALIAS, storage=None) -> BackupResult:
    """Write every row and every media file to ``destination`` (a .tar.gz file, or a directory that
    receives kpportal-backup-<time>.tar.gz)."""
    storage = storage or default_storage
    target = target_path(destination)
    with tempfile.TemporaryDirectory(prefix=".kpportal-export-", dir=target.parent) as scratch_name:
        scratch = Path(scratch_name)
        rows, migrations = dump_rows(scratch, using)
        with ArchiveWriter(target) as archive:
            database = [
                entry | archive.add_file(scratch / entry["file"], entry["file"]) if "file" in entry else entry
                for entry in rows
            ]
            media = archive.add_media(storage, scratch)
            archive.add_manifest(
                {
                    "format": FORMAT,
                    "version": JSON_VERSION,
                    "database_format": DATABASE_FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "django": django.get_version(),
                    "database_vendor": connections[using].vendor,
                    "migrations": migrations,
                    "database": database,
                    "media": media,
                }
            )
    objects = sum(entry["objects"] for entry in rows)
    return BackupResult(path=target, objects=objects, media_files=len(media), size=target.stat().st_size)


# Import ---------------------------------------------------------------------------------------


def fully_migrated(connection) -> bool:
    """Every migration of this code is applied (not only each app's last one)."""
    loader = MigrationLoader(connection)
    return set(loader.graph.nodes) <= set(loader.applied_migrations)


def check_migrations(manifest, connection):
    if not fully_migrated(connection):
        raise BackupError("Cơ sở dữ liệu chưa được tạo bảng đầy đủ. Hãy chạy `manage.py migrate` trước khi khôi phục.")
    refuse_newer_code(manifest, {tuple(item) for item in applied_migrations(connection)})


def refuse_newer_code(manifest, known):
    newer = sorted({tuple(item) for item in manifest["migrations"]} - known)
    if newer:
        listed = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise BackupError(
            "Bản sao lưu được tạo từ phiên bản mã nguồn mới hơn bản đang cài "
            f"(thiếu các migration: {listed}). Hãy cập nhật mã nguồn rồi khôi phục lại."
        )


def existing_content(using, storage):
    """What this installation holds beyond what ``migrate`` creates: rows per model (by verbose
    name) and whether the media storage has any file."""
    rows = {}
    for model in backed_up_models(using):
        if model._meta.label_lower in SEED_MODELS:
            continue
        count = model._meta.base_manager.using(using).count()
        if count:
            rows[str(model._meta.verbose_name_plural)] = count
    return rows, has_media(storage)


def refuse_content(rows, media):
    """The refusal of a restore onto an installation that has content, naming what it found."""
    content = [(name, count) for name, count in rows.items() if not name.startswith("historical")]
    described = ", ".join(f"{count} {name}" for name, count in content or rows.items())
    if media:
        described = ", ".join(filter(None, [described, "tệp trong thư mục media"]))
    raise BackupError(
        f"Không khôi phục: cài đặt này đang có dữ liệu ({described}). Chỉ khôi phục vào một cài đặt "
        "trống (cơ sở dữ liệu mới, thư mục media trống), hoặc chạy lại với --force "
        "để XOÁ TOÀN BỘ dữ liệu và tệp hiện có rồi thay bằng bản sao lưu."
    )


@contextmanager
def history_recording_off():
    """Loaded rows must not add history of their own: django-simple-history records many-to-many
    changes even while loaddata sets them (it skips only raw saves). Its documented switch is the
    SIMPLE_HISTORY_ENABLED setting, read at every signal; an import runs as a one-off command."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def import_portal(archive, *, force=False, using=DEFAULT_DB_ALIAS, storage=None) -> RestoreResult:
    """Import a JSON archive into this installation, which must be empty (migrated, no content, no
    media) unless ``force``: then everything in it is deleted first. Either every row is imported
    or the database is left as it was."""
    storage = storage or default_storage
    with tempfile.TemporaryDirectory(prefix="kpportal-restore-") as scratch_name:
        scratch = Path(scratch_name)
        manifest = unpack(Path(archive), scratch)
        return import_unpacked(manifest, scratch, force=force, using=using, storage=storage)


def import_unpacked(manifest, scratch: Path, *, force, using, storage) -> RestoreResult:
    if manifest.get("database_format", DATABASE_FORMAT) != DATABASE_FORMAT:
        raise BackupError(
            "Tệp này là bản sao lưu pg_dump của PostgreSQL, không phải bản xuất JSON: "
            "hãy khôi phục nó bằng `manage.py restore` trên PostgreSQL."
        )
    check_migrations(manifest, connections[using])
    rows, media = existing_content(using, storage)
    if (rows or media) and not force:
        refuse_content(rows, media)
    fixtures = [str(scratch / entry["file"]) for entry in manifest["database"] if "file" in entry]
    with transaction.atomic(using=using):
        if rows:
            call_command("flush", interactive=False, database=using, verbosity=0)
        for label in sorted(SEED_MODELS):
            apps.get_model(label).objects.using(using).all().delete()
        if fixtures:
            with history_recording_off():
                call_command("loaddata", *fixtures, database=using, verbosity=0)
        check_counts(manifest, using)
        put_media_back(storage, manifest, scratch, replace=media)
    # Links to the files readers may see follow the imported rows (core/private_media.py).
    private_media.rebuild_public_area(using=using, storage=storage)
    return RestoreResult(
        objects=sum(entry["objects"] for entry in manifest["database"]),
        media_files=len(manifest["media"]),
        created_at=manifest["created_at"],
    )


def check_counts(manifest, using):
    for entry in manifest["database"]:
        model = apps.get_model(entry["model"])
        count = model._meta.base_manager.using(using).count()
        if count != entry["objects"]:
            raise BackupError(
                f"Sau khi nạp, {entry['model']} có {count} bản ghi thay vì {entry['objects']}. Đã huỷ khôi phục."
            )
