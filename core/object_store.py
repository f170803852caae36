"""Media on an S3-compatible object store (``DJANGO_MEDIA_STORAGE=s3``, django-storages' S3 backend).

The same rules as on disk (``core.storage.MetadataStrippingMixin``: metadata stripped, safe names,
nothing uploaded into ``public/``) and the same addresses: a file's address is ``MEDIA_URL`` + its
stored name for life, whether readers may see it or not. nginx answers ``/media/`` from the bucket's
``public/`` prefix, which holds a copy of each file readers may see (``core.public_area``); a file
that is not there goes to the portal (``core.media_views``), which sends staff to a short-lived
signed address of the private object.

Whatever the store answers when it is down, unreachable or refusing (botocore's connection errors,
``AccessDenied``, ``NoSuchBucket``) comes out of this storage as ``StoreUnavailable``, an
``OSError`` like a full or read-only disk: the code that already copes with a failed disk write or
a missing file (the admin's message, a programme page without its document's size) copes with the
store the same way.
"""

import contextlib
from urllib.parse import urljoin

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from core.storage import MetadataStrippingMixin


class StoreUnavailable(OSError):
    """The object store did not do what was asked: down, unreachable, or refusing."""


@contextlib.contextmanager
def store_errors_as_oserror(action, name=""):
    try:
        yield
    except (BotoCoreError, ClientError) as exc:
        raise StoreUnavailable(f"Object store: could not {action} {name!r} ({exc})") from exc


@deconstructible
class ObjectStoreMediaStorage(MetadataStrippingMixin, S3Storage):
    """django-storages' S3 storage with the portal's rules, addresses and errors (module docstring)."""

    # How long a signed address given to staff for an unpublished file stays valid.
    signed_url_seconds = 300

    def __init__(self, signed_url_seconds=None, **options):
        if signed_url_seconds is not None:
            self.signed_url_seconds = int(signed_url_seconds)
        super().__init__(**options)

    def url(self, name, parameters=None, expire=None, http_method=None):
        # The portal's address, never the bucket's: pages, the history and backups keep one
        # address per file, and nginx decides where it is read from.
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def signed_url(self, name, expire=None):
        """A signed address of the object itself, valid for ``signed_url_seconds`` (staff only)."""
        with store_errors_as_oserror("sign", name):
            return super().url(name, expire=expire or self.signed_url_seconds)

    def save(self, name, content, max_length=None):
        with store_errors_as_oserror("write", name):
            return super().save(name, content, max_length=max_length)

    def save_unchanged(self, name, content):
        with store_errors_as_oserror("write", name):
            return super().save_unchanged(name, content)

    def open(self, name, mode="rb"):
        with store_errors_as_oserror("open", name):
            return super().open(name, mode)

    def delete(self, name):
        with store_errors_as_oserror("delete", name):
            return super().delete(name)

    def exists(self, name):
        with store_errors_as_oserror("look up", name):
            return super().exists(name)

    def size(self, name):
        with store_errors_as_oserror("measure", name):
            return super().size(name)

    def listdir(self, path):
        with store_errors_as_oserror("list", path):
            return super().listdir(path)

    def get_modified_time(self, name):
        with store_errors_as_oserror("date", name):
            return super().get_modified_time(name)

    # The public area (core.public_area) ---------------------------------------------------------

    @property
    def client(self):
        return self.connection.meta.client

    def key(self, name):
        """The object key of the stored name ``name`` (the storage's ``location`` prepended)."""
        return f"{self.location.strip('/')}/{name}" if self.location.strip("/") else name

    def copy(self, name, target, cache_control):
        """A server-side copy of ``name`` to ``target`` (no bytes through the portal)."""
        with store_errors_as_oserror("copy", name):
            self.client.copy_object(
                Bucket=self.bucket_name,
                Key=self.key(target),
                CopySource={"Bucket": self.bucket_name, "Key": self.key(name)},
                MetadataDirective="REPLACE",
                CacheControl=cache_control,
                ContentType=self.client.head_object(Bucket=self.bucket_name, Key=self.key(name))["ContentType"],
            )

    def keys_under(self, prefix):
        """Every stored name under ``prefix`` ("public/"), all levels."""
        with store_errors_as_oserror("list", prefix):
            paginator = self.client.get_paginator("list_objects_v2")
            start = self.key(prefix)
            strip = len(start) - len(prefix)
            for page in paginator.paginate(Bucket=self.bucket_name, Prefix=start):
                for entry in page.get("Contents", ()):
                    yield entry["Key"][strip:]

    def delete_many(self, names):
        names = list(names)
        with store_errors_as_oserror("delete", f"{len(names)} objects"):
            for start in range(0, len(names), 1000):  # the most one DeleteObjects request takes
                chunk = names[start : start + 1000]
                self.client.delete_objects(
                    Bucket=self.bucket_name, Delete={"Objects": [{"Key": self.key(n)} for n in chunk], "Quiet": True}
                )
