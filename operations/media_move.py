"""Moving a portal's media between the local disk and the object store (``manage.py move_media``).

Every stored file (uploads, renditions, signed documents; not the public area, which is rebuilt)
is copied byte for byte under the same name, read back from the destination and compared by
SHA-256 with the source. A file already at the destination with the same checksum is left alone,
so a move that was interrupted is finished by running it again. The source is not changed: switch
``DJANGO_MEDIA_STORAGE`` once the move has succeeded, and delete the old copy when satisfied.
Everything goes through Django's Storage API, on both sides.
"""

import hashlib
import posixpath
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage, storages

from core import private_media

CHUNK = 1024 * 1024


class MoveError(Exception):
    """The move could not be done or verified; the message is for the operator."""


@dataclass
class MoveResult:
    copied: list = field(default_factory=list)
    already_there: list = field(default_factory=list)
    public: int = 0


def media_storage_kinds():
    """Every kind of media storage the settings know ("disk", "s3"), configured or not."""
    return sorted({*settings.MEDIA_STORAGE_CHOICES, *settings.MEDIA_STORAGE_UNAVAILABLE})


def configured_storage(kind):
    """A storage of ``kind`` ("disk" or "s3") as the settings describe it; ImproperlyConfigured,
    naming the missing variables, when it is not configured."""
    if kind == settings.MEDIA_STORAGE:
        return default_storage
    if kind not in settings.MEDIA_STORAGE_CHOICES:
        reason = settings.MEDIA_STORAGE_UNAVAILABLE.get(kind, f"unknown media storage {kind!r}")
        raise ImproperlyConfigured(reason)
    return storages.create_storage(settings.MEDIA_STORAGE_CHOICES[kind])


def stored_names(storage, directory=""):
    """Every file of ``storage`` (the public area left out by the storage's ``listdir``)."""
    directories, files = storage.listdir(directory)
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for sub in sorted(directories):
        yield from stored_names(storage, posixpath.join(directory, sub) if directory else sub)


def checksum(storage, name) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def move_media(source, destination, *, report=None) -> MoveResult:
    """Copy every file of ``source`` to ``destination`` (verified), then rebuild the destination's
    public area from the database. ``report(name, state)`` hears of each file."""
    result = MoveResult()
    try:
        for name in stored_names(source):
            expected = checksum(source, name)
            if destination.exists(name):
                if checksum(destination, name) == expected:
                    result.already_there.append(name)
                    report and report(name, "already there")
                    continue
                destination.delete(name)
            with source.open(name, "rb") as content:
                stored = destination.save_unchanged(name, content)
            if stored != name:
                raise MoveError(f"{name}: the destination stored it as {stored!r}")
            if checksum(destination, name) != expected:
                raise MoveError(f"{name}: the copy's SHA-256 differs from the source's")
            result.copied.append(name)
            report and report(name, "copied")
        result.public = private_media.rebuild_public_area(storage=destination)
    except OSError as exc:
        raise MoveError(f"a storage failed: {exc}") from exc
    return result
