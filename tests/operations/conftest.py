"""The site-wide fixtures: a frozen clock and an empty cache for every test (tests/site_fixtures.py);
the media storage, on disk and on the object store, that backups read and restores write."""

import shutil

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from tests.conftest import require_tool
from tests.site_fixtures import fresh_cache, frozen_now  # noqa: F401


@pytest.fixture
def empty_media_storage(media_storage, settings, tmp_path):
    """The default storage, empty, on each storage of tests/conftest.py's ``media_storage`` (the local
    disk, then a new bucket of the object store): backups read media and restores write them only
    through the storage API, and must do so on both. On disk, a media folder of this test's own."""
    if media_storage == "disk":
        settings.MEDIA_ROOT = tmp_path / "media"
    return default_storage


@pytest.fixture
def postgres_client_tools():
    """On PostgreSQL, backup and restore run pg_dump, pg_restore and psql."""
    if connection.vendor == "postgresql":
        missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if not shutil.which(tool)]
        require_tool(not missing, f"{', '.join(missing)} not installed (apt-get install postgresql-client)")
