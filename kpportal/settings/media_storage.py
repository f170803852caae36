"""Where uploaded media is stored: ``DJANGO_MEDIA_STORAGE`` = ``disk`` (the default, ``DJANGO_MEDIA_ROOT``)
or ``s3`` (an S3-compatible object store, core/object_store.py), built in one place for the settings,
``manage.py move_media`` and the tests.

The store is named by ``DJANGO_S3_BUCKET``, ``DJANGO_S3_ENDPOINT_URL`` (``https://s3.example.vn``;
for AWS itself ``https://s3.<region>.amazonaws.com``), ``DJANGO_S3_REGION`` (default ``us-east-1``,
which most S3-compatible stores ignore), ``DJANGO_S3_ACCESS_KEY_ID`` and ``DJANGO_S3_SECRET_ACCESS_KEY``;
``DJANGO_S3_SIGNED_URL_SECONDS`` (default 300) is how long staff's signed addresses of unpublished
files stay valid. A missing or wrong value stops the app at start with a message naming the variable.
"""

from urllib.parse import urlsplit

from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

MEDIA_STORAGE_KINDS = ("disk", "s3")
S3_REQUIRED = ("DJANGO_S3_BUCKET", "DJANGO_S3_ENDPOINT_URL", "DJANGO_S3_ACCESS_KEY_ID", "DJANGO_S3_SECRET_ACCESS_KEY")


def disk_storage():
    # Strips location and camera metadata from every stored image (core/storage.py).
    return {"BACKEND": "core.storage.MediaStorage"}


def s3_client_config(attempts=3):
    # A store that does not answer must fail an upload in seconds with a message, not hold the
    # admin (and a gunicorn worker) until the proxy gives up.
    return Config(
        connect_timeout=3,
        read_timeout=20,
        retries={"total_max_attempts": attempts, "mode": "standard"},
        signature_version="s3v4",
        s3={"addressing_style": "path"},
    )


def s3_storage(environ):
    """The ``STORAGES`` entry of the object store named by ``environ``; ImproperlyConfigured naming
    every missing or wrong variable."""
    missing = [name for name in S3_REQUIRED if not environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured("The object store needs these environment variables: " + ", ".join(missing))
    endpoint = environ["DJANGO_S3_ENDPOINT_URL"].strip().rstrip("/")
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
        raise ImproperlyConfigured(
            f"DJANGO_S3_ENDPOINT_URL must be the store's address, e.g. https://s3.example.vn (got {endpoint!r})."
        )
    seconds = environ.get("DJANGO_S3_SIGNED_URL_SECONDS", "300").strip()
    if not seconds.isdigit() or not 10 <= int(seconds) <= 7 * 24 * 3600:
        raise ImproperlyConfigured(
            f"DJANGO_S3_SIGNED_URL_SECONDS must be a number of seconds from 10 to 604800 (got {seconds!r})."
        )
    return {
        "BACKEND": "core.object_store.ObjectStoreMediaStorage",
        "OPTIONS": {
            "bucket_name": environ["DJANGO_S3_BUCKET"].strip(),
            "endpoint_url": endpoint,
            "region_name": environ.get("DJANGO_S3_REGION", "").strip() or "us-east-1",
            "access_key": environ["DJANGO_S3_ACCESS_KEY_ID"].strip(),
            "secret_key": environ["DJANGO_S3_SECRET_ACCESS_KEY"].strip(),
            "signed_url_seconds": int(seconds),
            "querystring_auth": True,
            # Stored names are unique (core.uploads.UploadPath); a rendition is written again in place.
            "file_overwrite": True,
            "default_acl": None,
            "client_config": s3_client_config(),
        },
    }


def media_storage(environ):
    """(``DJANGO_MEDIA_STORAGE``, its ``STORAGES["default"]`` entry)."""
    kind = environ.get("DJANGO_MEDIA_STORAGE", "disk").strip().lower() or "disk"
    if kind not in MEDIA_STORAGE_KINDS:
        raise ImproperlyConfigured(
            f"DJANGO_MEDIA_STORAGE must be one of {', '.join(MEDIA_STORAGE_KINDS)} (got {kind!r})."
        )
    return kind, (s3_storage(environ) if kind == "s3" else disk_storage())


def other_media_storages(environ):
    """Every storage kind that is configured (``disk`` always; ``s3`` when its variables are all
    set), and the reason each other kind is not, for ``manage.py move_media``."""
    storages, reasons = {"disk": disk_storage()}, {}
    try:
        storages["s3"] = s3_storage(environ)
    except ImproperlyConfigured as exc:
        reasons["s3"] = str(exc)
    return storages, reasons
