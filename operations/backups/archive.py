"""The backup archive: one .tar.gz holding the database, every media file and a manifest of checksums.

Layout::

    manifest.json          format, how the database was saved, time, migrations, and per member:
                           size and SHA-256
    database/...           the database: ``portal.dump`` (pg_dump, custom format) or one JSON file
                           per model (Django's serializer)
    media/<stored name>    every file of the media storage, byte for byte

Media are read and written back only through Django's storage API (``listdir``, ``open``,
``save_unchanged``), so the same code backs up and restores the local media folder and an object
store, under the same names and with the same bytes. The public area (``public/``, what readers may see:
links on disk, copies on the store, core/public_area.py) is left out: a restore rebuilds it from the rows.
"""

import hashlib
import json
import os
import posixpath
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.utils import timezone

from core.storage import PUBLIC_DIR

FORMAT = "kpportal-backup"
JSON_VERSION = 1  # database/NNNN-<app>-<model>.json, Django's serializer
DUMP_VERSION = 2  # database/portal.dump, pg_dump --format=custom; code before it refuses the archive
VERSIONS = {JSON_VERSION, DUMP_VERSION}
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    objects: int | None  # rows saved one by one (JSON); None for a pg_dump
    media_files: int
    size: int


@dataclass
class RestoreResult:
    objects: int | None
    media_files: int
    created_at: str


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def target_path(destination) -> Path:
    """The archive to write: ``destination`` itself (``.tar.gz`` added), or, when it names a folder,
    kpportal-backup-<time>.tar.gz inside it."""
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


def media_names(storage, directory=""):
    """Every stored file's name, through the storage API; the public area is not media of its own."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for sub in sorted(directories):
        if not directory and sub == PUBLIC_DIR:
            continue
        yield from media_names(storage, posixpath.join(directory, sub) if directory else sub)


class HashingReader:
    """Reads a file into the tar while computing its SHA-256: the header's size and the checksum
    describe the same bytes without reading a large dump twice."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


class BytesReader:
    def __init__(self, data):
        self.data, self.position = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


class ArchiveWriter:
    """Writes the archive under a temporary name, readable by its owner only from the first byte
    (it holds staff password hashes and readers' e-mail addresses), and renames it when complete:
    a file called kpportal-backup-….tar.gz is always whole."""

    def __init__(self, target: Path, *, compresslevel=9):
        self.target = target
        self.partial = target.with_name(f".{target.name}.part")
        self.compresslevel = compresslevel

    def __enter__(self):
        descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        # fchmod too: a partial file left by an interrupted run would keep its old mode.
        os.fchmod(descriptor, 0o600)
        self.raw = os.fdopen(descriptor, "wb")
        self.tar = tarfile.open(
            fileobj=self.raw, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=self.compresslevel
        )
        return self

    def __exit__(self, kind, value, traceback):
        try:
            self.tar.close()
            self.raw.close()
            if kind is None:
                os.replace(self.partial, self.target)
        finally:
            if self.partial.exists():
                self.partial.unlink()
        return False

    def add_file(self, path: Path, member: str) -> dict:
        info = self.tar.gettarinfo(path, arcname=member)
        with open(path, "rb") as handle:
            reader = HashingReader(handle)
            self.tar.addfile(info, reader)
        return {"file": member, "bytes": info.size, "sha256": reader.digest.hexdigest()}

    def add_media(self, storage, scratch: Path) -> list[dict]:
        """Every media file, each copied aside first: the size in the tar header and the checksum must
        describe the same bytes, whatever the storage does meanwhile."""
        entries = []
        copy = scratch / "media-copy"
        for name in media_names(storage):
            digest = hashlib.sha256()
            try:
                with storage.open(name, "rb") as source, open(copy, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            except FileNotFoundError:
                # Deleted since it was listed (a rendition being made again): no row of the
                # database saved before names a file that may vanish (see the consistency notes).
                continue
            member = f"media/{name}"
            self.tar.add(copy, arcname=member, recursive=False)
            entries.append({"name": name, "file": member, "bytes": copy.stat().st_size, "sha256": digest.hexdigest()})
        return entries

    def add_manifest(self, manifest: dict):
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
        self.tar.addfile(info, BytesReader(data))


# Reading an archive back ----------------------------------------------------------------------


def safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and "\x00" not in name
        and (name == MANIFEST or (path.parts[0] in {"database", "media"} and len(path.parts) >= 2))
    )


def unpack(archive_path: Path, scratch: Path) -> dict:
    """Extract the archive into ``scratch``, refusing anything a backup would not contain, and check
    every file against the manifest; nothing outside ``scratch`` has been touched when this raises."""
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Không đọc được tệp sao lưu {archive_path}: {error}") from None
    seen = {}
    try:
        with archive:
            for member in archive:
                if not member.isfile() or not safe_member_name(member.name) or member.name in seen:
                    raise BackupError(f"Tệp sao lưu có mục không hợp lệ: {member.name!r}. Không khôi phục gì cả.")
                target = scratch / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with archive.extractfile(member) as source, open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                seen[member.name] = (member.size, digest.hexdigest())
    except (EOFError, tarfile.TarError, OSError) as error:
        raise BackupError(f"Tệp sao lưu {archive_path} bị cắt cụt hoặc hỏng: {error}. Không khôi phục gì cả.") from None
    if MANIFEST not in seen:
        raise BackupError("Tệp này không phải bản sao lưu của cổng (thiếu manifest.json).")
    manifest = json.loads((scratch / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("version") not in VERSIONS:
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


def has_media(storage) -> bool:
    """Whether the storage holds any media file; asked before a restore changes anything, so a
    storage that cannot answer (an object store down) stops the restore there."""
    try:
        return next(iter(media_names(storage)), None) is not None
    except OSError as error:
        raise BackupError(f"Không đọc được kho lưu trữ tệp media ({error}). Không khôi phục gì cả.") from error


def clear_media(storage):
    names = list(media_names(storage))
    if hasattr(storage, "delete_many"):  # the object store: a thousand names per request
        storage.delete_many(names)
        return
    for name in names:
        storage.delete(name)


def write_media(storage, name, source: Path):
    """Put ``name`` back byte for byte, under that very name, through the storage API (the local
    folder and the object store alike): ``save_unchanged`` skips the metadata stripping of a new
    upload, which must not touch a file the portal stored before."""
    if storage.exists(name):
        storage.delete(name)
    save = getattr(storage, "save_unchanged", None) or storage.save
    with open(source, "rb") as handle:
        stored = save(name, File(handle, name=name))
    if stored != name:
        raise BackupError(f"Kho lưu trữ tệp đã đổi tên {name!r} thành {stored!r}.")


def put_media_back(storage, manifest: dict, scratch: Path, *, replace: bool):
    try:
        if replace:
            clear_media(storage)
        for entry in manifest["media"]:
            write_media(storage, entry["name"], scratch / entry["file"])
    except OSError as error:
        # Some files may be written or deleted already, and a pg_restore has replaced the database:
        # only a restore over everything again (--force) gives a whole portal.
        raise BackupError(
            f"Không ghi được tệp media vào kho lưu trữ ({error}). Khôi phục chưa xong: khi kho lưu trữ "
            "tệp hoạt động trở lại, chạy lại lệnh với --force."
        ) from error
