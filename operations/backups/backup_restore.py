"""What ``manage.py backup`` and ``restore`` do on each database.

- PostgreSQL (production): ``pg_dump`` and ``pg_restore``, the tools PostgreSQL operators trust at any
  size (operations/backups/postgres.py).
- SQLite (the embedded default, ``make run``): the JSON archive of ``manage.py export``
  (operations/backups/json_export.py). Not SQLite's online backup API: a copy of the database file
  can only be put back by replacing the file under running processes, and could not check, as an
  import does, that the installation is empty and migrated; an embedded portal is small, and its
  JSON archive also moves it to PostgreSQL when it grows.

``restore`` takes either kind of archive: a pg_dump only on PostgreSQL, a JSON archive (also those
made by ``backup`` before it used pg_dump) on either database.
"""

import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections

from operations.backups import json_export, postgres
from operations.backups.archive import BackupResult, RestoreResult, unpack


def create_backup(destination, *, using=DEFAULT_DB_ALIAS, storage=None) -> BackupResult:
    """Write a backup of the database and every media file to ``destination`` (a .tar.gz file, or a
    folder that receives kpportal-backup-<time>.tar.gz). The archive appears complete or not at all."""
    if connections[using].vendor == "postgresql":
        return postgres.create_backup(destination, using=using, storage=storage)
    return json_export.export_portal(destination, using=using, storage=storage)


def restore_backup(archive, *, force=False, using=DEFAULT_DB_ALIAS, storage=None) -> RestoreResult:
    """Restore ``archive`` into this installation, which must be empty unless ``force`` (then
    everything in it is replaced). Every checksum is verified before anything is changed."""
    storage = storage or default_storage
    with tempfile.TemporaryDirectory(prefix="kpportal-restore-") as scratch_name:
        scratch = Path(scratch_name)
        manifest = unpack(Path(archive), scratch)
        if manifest.get("database_format") == postgres.DATABASE_FORMAT:
            return postgres.restore_unpacked(manifest, scratch, force=force, using=using, storage=storage)
        return json_export.import_unpacked(manifest, scratch, force=force, using=using, storage=storage)
