"""The site-wide fixtures: a frozen clock and an empty cache for every test (tests/site_fixtures.py);
the media storage that backups read and restores write."""

import shutil

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from tests.conftest import require_tool
from tests.site_fixtures import fresh_cache, frozen_now  # noqa: F401


@pytest.fixture
def media_storage(settings, tmp_path):
    """The default storage, empty: the local media folder of this test. The backup code reaches
    media only through the storage API, so another storage (an object store) can stand here."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return default_storage


@pytest.fixture
def postgres_client_tools():
    """On PostgreSQL, backup and restore run pg_dump, pg_restore and psql."""
    if connection.vendor == "postgresql":
        missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if not shutil.which(tool)]
        require_tool(not missing, f"{', '.join(missing)} not installed (apt-get install postgresql-client)")
