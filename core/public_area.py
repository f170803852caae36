"""The public area: where the files readers may see are put for nginx to serve (core/private_media.py).

Two places, one interface (``link``, ``unlink``, ``is_linked``, ``clear``, ``where``):

- ``DiskPublicArea``: ``MEDIA_ROOT/public/`` holds a relative symbolic link to each such file;
  nginx serves ``/media/`` from that folder (``alias``).
- ``ObjectStorePublicArea``: the bucket's ``public/`` prefix holds a server-side copy of each such
  object; nginx proxies ``/media/`` to that prefix. A bucket policy lets anyone read ``public/*``
  and nothing else (docs/operations.md, "Media on an object store"). A copy rather than a
  redirect or a per-request check: readers' requests never reach the portal, and the store keeps
  no notion of links. The copy is dropped when its owner stops being public.

``public_area(storage)`` gives the one that goes with a storage.
"""

import os
import posixpath
import shutil
import uuid
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage

from core.storage import PUBLIC_DIR

# Sent with every public copy on the store, as nginx sends it for the public folder on disk: a
# stored name never gets other bytes, but a browser keeps an unpublished file this long.
PUBLIC_CACHE_CONTROL = "public, max-age=3600"


def checked_name(name) -> str:
    """``name`` if it is a stored file's name: relative, inside the media root, not in the public area."""
    if not name or "\0" in name or "\\" in name or name.startswith("/"):
        raise SuspiciousFileOperation("not a stored file name")
    normal = posixpath.normpath(name)
    if normal != name or normal.startswith("../") or normal == ".." or normal.split("/", 1)[0] == PUBLIC_DIR:
        raise SuspiciousFileOperation("not a stored file name")
    return name


class DiskPublicArea:
    def __init__(self, storage):
        self.storage = storage

    @property
    def private_root(self) -> Path:
        return Path(self.storage.location)

    @property
    def root(self) -> Path:
        return self.private_root / PUBLIC_DIR

    def where(self) -> str:
        return str(self.root)

    def stored_path(self, name) -> Path:
        path = Path(os.path.normpath(self.private_root / checked_name(name)))
        if self.private_root not in path.parents:
            raise SuspiciousFileOperation("outside the media folder")
        return path

    def public_path(self, name) -> Path:
        return self.root / self.stored_path(name).relative_to(self.private_root)

    def is_linked(self, name) -> bool:
        try:
            return self.public_path(name).is_file()
        except (SuspiciousFileOperation, OSError, ValueError):
            return False

    def link(self, name):
        """Atomically: a reader never meets a half-made link."""
        target, place = self.stored_path(name), self.public_path(name)
        if not target.is_file():
            self.unlink(name)
            return
        relative = os.path.relpath(target, place.parent)
        if place.is_symlink() and os.readlink(place) == relative:
            return
        place.parent.mkdir(parents=True, exist_ok=True)
        temporary = place.with_name(f"{place.name}.{uuid.uuid4().hex}.tmp")
        os.symlink(relative, temporary)
        os.replace(temporary, place)

    def unlink(self, name):
        place = self.public_path(name)
        if place.is_symlink() or place.exists():
            place.unlink()

    def clear(self):
        shutil.rmtree(self.root, ignore_errors=True)


class ObjectStorePublicArea:
    def __init__(self, storage):
        self.storage = storage

    def where(self) -> str:
        return f"s3://{self.storage.bucket_name}/{self.storage.key(PUBLIC_DIR)}/"

    def public_name(self, name) -> str:
        return f"{PUBLIC_DIR}/{checked_name(name)}"

    def is_linked(self, name) -> bool:
        try:
            return self.storage.exists(self.public_name(name))
        except (SuspiciousFileOperation, OSError):
            return False

    def link(self, name):
        public = self.public_name(name)
        if not self.storage.exists(name):
            self.storage.delete(public)
            return
        self.storage.copy(name, public, PUBLIC_CACHE_CONTROL)

    def unlink(self, name):
        self.storage.delete(self.public_name(name))

    def clear(self):
        self.storage.delete_many(self.storage.keys_under(f"{PUBLIC_DIR}/"))


def public_area(storage=None):
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        return DiskPublicArea(storage)
    if hasattr(storage, "copy") and hasattr(storage, "keys_under"):
        return ObjectStorePublicArea(storage)
    raise ImproperlyConfigured(f"No public area for {type(storage).__name__}")
