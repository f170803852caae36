"""Backups of a whole portal: its database and every media file in one archive with checksums.

- ``archive``: the archive itself (manifest, checksums, owner-only writing, unpacking with checks)
  and the media, read and written only through Django's storage API.
- ``postgres``: ``pg_dump`` / ``pg_restore`` (``manage.py backup`` / ``restore`` on PostgreSQL).
- ``json_export``: every row through Django's JSON serializer (``manage.py export`` / ``import``,
  which move a portal between SQLite and PostgreSQL; ``backup`` on SQLite).
- ``backup_restore``: what ``backup`` and ``restore`` do on each database.
"""
