"""Backup and restore of a whole installation: every database row and every media file, in one
.tar.gz with a manifest of SHA-256 checksums (``manage.py backup`` / ``manage.py restore``).

Consistency: the database is read inside one transaction (REPEATABLE READ on PostgreSQL; on SQLite
a read transaction sees one snapshot), so rows written while the backup runs are either all in it
or all out of it. Media files are copied after the rows: Django never deletes a file when a row
changes, so every file a backed-up row names is still there to copy.

Format: Django's JSON serialization, one file per model, in the order models are declared (a
party comes before the signatories that sign for it, which the database enforces), with natural
keys for content types and permissions, which every installation creates for itself. A backup
can therefore be restored into SQLite or PostgreSQL, whichever it was taken from.

Archive layout::

    manifest.json                      format, time, migrations, and per file: size and SHA-256
    database/0001-auth-user.json       ...
    media/<stored name>                every file of the default storage, byte for byte
"""

import datetime
import hashlib
import json
import os
import posixpath
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from core import private_media

FORMAT = "kpportal-backup"
VERSION = 1
MANIFEST = "manifest.json"
# Rebuilt by every installation (migrate), or worthless once restored (sessions).
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# Created by a data migration in every fresh installation (the staff groups; the 34 provinces,
# organizations 0009); the backup brings its own.
SEED_MODELS = {"auth.group", "organizations.region"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do, in Vietnamese."""


@dataclass
class BackupResult:
    path: Path
    objects: int
    media_files: int
    size: int


@dataclass
class RestoreResult:
    objects: int
    media_files: int
    created_at: str


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them to the microsecond (the
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


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations(connection):
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _media_names(storage, directory=""):
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for sub in sorted(directories):
        yield from _media_names(storage, posixpath.join(directory, sub) if directory else sub)


def _target_path(destination) -> Path:
    names_a_folder = str(destination).endswith(("/", os.sep))
    destination = Path(destination)
    if names_a_folder or destination.is_dir():
        destination.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return destination / f"kpportal-backup-{stamp}.tar.gz"
    if not destination.name.endswith((".tar.gz", ".tgz")):
        destination = destination.with_name(destination.name + ".tar.gz")
    destination.parent.mkdir(parents=True, exist_ok=True)
    return destination


def _dump_database(directory: Path, using) -> tuple[list, list]:
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
        migrations = _applied_migrations(connection)
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


def create_backup(destination, *, using=DEFAULT_DB_ALIAS, storage=None) -> BackupResult:
    """Write a backup of the database and every media file to ``destination`` (a .tar.gz file, or a
    directory that receives kpportal-backup-<time>.tar.gz). The archive appears complete or not at
    all (written aside, then renamed)."""
    storage = storage or default_storage
    target = _target_path(destination)
    with tempfile.TemporaryDirectory(prefix="kpportal-backup-") as scratch_name:
        scratch = Path(scratch_name)
        database, migrations = _dump_database(scratch, using)
        for entry in database:
            if "file" in entry:
                path = scratch / entry["file"]
                entry |= {"bytes": path.stat().st_size, "sha256": _sha256_file(path)}
        partial = target.with_name(f".{target.name}.part")
        media = []
        try:
            # Owner-only from the first byte: the archive holds staff password hashes and readers'
            # e-mail addresses. fchmod too, since a leftover partial file would keep its old mode.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(descriptor, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as archive,
            ):
                for entry in database:
                    if "file" in entry:
                        archive.add(scratch / entry["file"], arcname=entry["file"], recursive=False)
                for name in _media_names(storage):
                    media.append(_add_media_file(archive, storage, name, scratch))
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created_at": timezone.now().isoformat(),
                    "django": django.get_version(),
                    "database_vendor": connections[using].vendor,
                    "migrations": migrations,
                    "database": database,
                    "media": media,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
                archive.addfile(info, _BytesReader(data))
            os.replace(partial, target)
        finally:
            if partial.exists():
                partial.unlink()
    objects = sum(entry["objects"] for entry in database)
    return BackupResult(path=target, objects=objects, media_files=len(media), size=target.stat().st_size)


class _BytesReader:
    def __init__(self, data):
        self.data, self.position = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


def _add_media_file(archive, storage, name, scratch: Path) -> dict:
    # Copied aside first: the size in the tar header and the checksum must describe the same bytes.
    copy = scratch / "media-copy"
    digest = hashlib.sha256()
    with storage.open(name, "rb") as source, open(copy, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    member = f"media/{name}"
    archive.add(copy, arcname=member, recursive=False)
    return {"name": name, "file": member, "bytes": copy.stat().st_size, "sha256": digest.hexdigest()}


# ---------------------------------------------------------------------------------------------
# Restore


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and "\x00" not in name
        and (name == MANIFEST or (path.parts[0] in {"database", "media"} and len(path.parts) >= 2))
    )


def _unpack(archive_path: Path, scratch: Path) -> dict:
    """Extract the archive into ``scratch``, refusing anything a backup would not contain, and
    check every file against the manifest."""
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Không đọc được tệp sao lưu {archive_path}: {error}") from None
    seen = {}
    with archive:
        for member in archive:
            if not member.isfile() or not _safe_member_name(member.name) or member.name in seen:
                raise BackupError(f"Tệp sao lưu có mục không hợp lệ: {member.name!r}. Không khôi phục gì cả.")
            target = scratch / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with archive.extractfile(member) as source, open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            seen[member.name] = (member.size, digest.hexdigest())
    if MANIFEST not in seen:
        raise BackupError("Tệp này không phải bản sao lưu của cổng (thiếu manifest.json).")
    manifest = json.loads((scratch / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("Tệp này không phải bản sao lưu của cổng, hoặc thuộc định dạng khác.")
    expected = {e["file"]: (e["bytes"], e["sha256"]) for e in manifest["database"] + manifest["media"] if "file" in e}
    actual = {name: value for name, value in seen.items() if name != MANIFEST}
    if expected != actual:
        damaged = sorted(name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name))
        raise BackupError(
            "Bản sao lưu bị hỏng hoặc đã bị sửa: "
            f"{len(damaged)} tệp không khớp mã kiểm tra SHA-256 ({', '.join(damaged[:5])}). Không khôi phục gì cả."
        )
    return manifest


def _check_migrations(manifest, connection):
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("Cơ sở dữ liệu chưa được tạo bảng đầy đủ. Hãy chạy `manage.py migrate` trước khi khôi phục.")
    here = {tuple(item) for item in _applied_migrations(connection)}
    newer = sorted({tuple(item) for item in manifest["migrations"]} - here)
    if newer:
        listed = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise BackupError(
            "Bản sao lưu được tạo từ phiên bản mã nguồn mới hơn bản đang cài "
            f"(thiếu các migration: {listed}). Hãy cập nhật mã nguồn rồi khôi phục lại."
        )


def _existing_content(using, storage):
    rows = {}
    for model in backed_up_models(using):
        if model._meta.label_lower in SEED_MODELS:
            continue
        count = model._meta.base_manager.using(using).count()
        if count:
            rows[str(model._meta.verbose_name_plural)] = count
    media = next(iter(_media_names(storage)), None)
    return rows, media


def _clear_media(storage):
    for name in list(_media_names(storage)):
        storage.delete(name)


def _write_media(storage, name, source: Path):
    if storage.exists(name):
        storage.delete(name)
    if hasattr(storage, "path"):
        # Byte for byte: straight to the file, past MediaStorage's metadata stripping.
        target = Path(storage.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return
    with open(source, "rb") as handle:
        stored = storage.save(name, File(handle))
    if stored != name:
        raise BackupError(f"Kho lưu trữ tệp đã đổi tên {name!r} thành {stored!r}.")


@contextmanager
def _history_recording_off():
    """Loaded rows must not add history of their own: django-simple-history records many-to-many
    changes even while loaddata sets them (it skips only raw saves). Its documented switch is the
    SIMPLE_HISTORY_ENABLED setting, read at every signal; restore runs as a one-off command."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def restore_backup(archive, *, force=False, using=DEFAULT_DB_ALIAS, storage=None) -> RestoreResult:
    """Restore ``archive`` into this installation, which must be empty (migrated, no content, no
    media) unless ``force``: then everything in it is deleted first. Either everything is restored
    or the database is left as it was."""
    storage = storage or default_storage
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="kpportal-restore-") as scratch_name:
        scratch = Path(scratch_name)
        manifest = _unpack(Path(archive), scratch)
        _check_migrations(manifest, connection)
        rows, media = _existing_content(using, storage)
        if (rows or media) and not force:
            content = [(name, count) for name, count in rows.items() if not name.startswith("historical")]
            described = ", ".join(f"{count} {name}" for name, count in content or rows.items())
            if media:
                described = ", ".join(filter(None, [described, "tệp trong thư mục media"]))
            raise BackupError(
                f"Không khôi phục: cài đặt này đang có dữ liệu ({described}). Chỉ khôi phục vào một cài đặt "
                "trống (cơ sở dữ liệu mới đã chạy migrate, thư mục media trống), hoặc chạy lại với --force "
                "để XOÁ TOÀN BỘ dữ liệu và tệp hiện có rồi thay bằng bản sao lưu."
            )
        fixtures = [str(scratch / entry["file"]) for entry in manifest["database"] if "file" in entry]
        with transaction.atomic(using=using):
            if rows:
                call_command("flush", interactive=False, database=using, verbosity=0)
            for label in sorted(SEED_MODELS):
                apps.get_model(label).objects.using(using).all().delete()
            if fixtures:
                with _history_recording_off():
                    call_command("loaddata", *fixtures, database=using, verbosity=0)
            _check_counts(manifest, using)
            if media:
                _clear_media(storage)
            for entry in manifest["media"]:
                _write_media(storage, entry["name"], scratch / entry["file"])
    # Links to the files readers may see follow the restored rows (core/private_media.py).
    private_media.rebuild_public_area(using=using)
    return RestoreResult(
        objects=sum(entry["objects"] for entry in manifest["database"]),
        media_files=len(manifest["media"]),
        created_at=manifest["created_at"],
    )


def _check_counts(manifest, using):
    for entry in manifest["database"]:
        model = apps.get_model(entry["model"])
        count = model._meta.base_manager.using(using).count()
        if count != entry["objects"]:
            raise BackupError(
                f"Sau khi nạp, {entry['model']} có {count} bản ghi thay vì {entry['objects']}. Đã huỷ khôi phục."
            )
