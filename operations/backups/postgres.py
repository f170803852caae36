"""``manage.py backup`` / ``restore`` on PostgreSQL: ``pg_dump --format=custom`` of the database plus
every media file in one archive with checksums (operations/backups/archive.py), and back.

Consistency: pg_dump reads the whole database in one transaction, at one snapshot, so the dump is
the database as it was at the instant it started: an article or a programme saved while it runs is
completely in it or not at all, and the site stays online. The media are copied after the dump has
finished. A file is stored before the row that names it is committed, and a stored file is never
overwritten or deleted when a row changes (stored names have a random part; Django keeps a replaced
file), so every file a row of the snapshot names is still there when the media are copied. A file
uploaded after the snapshot may be copied too: no row of the dump names it, so it stays private and
unused after a restore, which is harmless.

The connection comes from ``settings.DATABASES``; the password reaches pg_dump, pg_restore and psql
through ``PGPASSWORD`` in their environment, never on a command line (which other users of the
machine can read). Sessions are left out (everyone signs in again), as in the JSON export.

Restore: the tables, functions and sequences of the schema ``public`` are dropped and the dump is
applied by ``pg_restore | psql --single-transaction`` in one transaction (``pg_restore`` alone
cannot run the drop in its transaction): if anything fails, the database is left as it was.
Extensions (unaccent, pg_trgm) are kept, so a database owner that is not a superuser can restore.
Afterwards ``migrate`` brings a backup of older code up to this code.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from core import private_media
from operations.backups.archive import (
    DUMP_VERSION,
    FORMAT,
    ArchiveWriter,
    BackupError,
    BackupResult,
    RestoreResult,
    has_media,
    put_media_back,
    target_path,
)
from operations.backups.json_export import (
    applied_migrations,
    existing_content,
    fully_migrated,
    refuse_content,
    refuse_newer_code,
)

DATABASE_FORMAT = "pg_dump-custom"
DUMP_MEMBER = "database/portal.dump"
CLIENT_PACKAGE = "postgresql-client"
# libpq settings Django passes through OPTIONS, and the environment variable of each.
LIBPQ_ENVIRONMENT = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
# Everything of ours in the schema, not what extensions own: runs first in the restore's transaction.
CLEAR_SCHEMA = """
SET client_min_messages = warning;
DO $clear$
DECLARE item record;
BEGIN
  FOR item IN
    SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                          WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind,
           format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY c.relkind = 'S'
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', item.kind, item.name);
  END LOOP;
  FOR item IN
    SELECT p.oid::regprocedure::text AS name
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', item.name);
  END LOOP;
END
$clear$;
"""


def client_tool(name) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} was not found on PATH: backups of a PostgreSQL database need PostgreSQL's client "
            f"tools (pg_dump, pg_restore, psql) of the server's major version or newer. Install them "
            f"(Debian/Ubuntu: apt-get install {CLIENT_PACKAGE}) and run the command again."
        )
    return path


def tool_major(path) -> int:
    """The major version of a PostgreSQL client tool (``pg_dump (PostgreSQL) 15.20 …`` -> 15)."""
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", output)
    if not match:
        raise BackupError(f"Could not read the version of {path} (it printed {output.strip()!r}).")
    return int(match[1])


def server_major(connection) -> int:
    return connection.get_database_version()[0]


def client_environment(settings_dict) -> dict:
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in LIBPQ_ENVIRONMENT.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value not in (None, ""):
            environment[variable] = str(value)
    return environment


def connection_arguments(settings_dict) -> list[str]:
    arguments = ["--no-password"]  # never wait for a password on a terminal (a timer has none)
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [flag, str(settings_dict[key])]
    return [*arguments, "--dbname", settings_dict["NAME"]]


def newer_server(tool, client, server) -> BackupError:
    return BackupError(
        f"The database server runs PostgreSQL {server} but {tool} here is from PostgreSQL {client}: "
        f"{tool} cannot work with a newer server. Install the client tools of PostgreSQL {server} "
        f"(Debian/Ubuntu: apt-get install postgresql-client-{server}, from apt.postgresql.org if the "
        "distribution does not have it) and run the command again."
    )


def refuse_newer_server(tool, client, server):
    if server > client:
        raise newer_server(tool, client, server)


def dump_database(path: Path, using) -> dict:
    """Write ``pg_dump --format=custom`` of the database to ``path``; what the manifest says of it."""
    connection = connections[using]
    pg_dump = client_tool("pg_dump")
    client, server = tool_major(pg_dump), server_major(connection)
    refuse_newer_server("pg_dump", client, server)
    excluded = []
    if apps.is_installed("django.contrib.sessions"):
        excluded = [f"--exclude-table-data={apps.get_model('sessions', 'Session')._meta.db_table}"]
    settings_dict = connection.settings_dict
    completed = subprocess.run(
        [pg_dump, "--format=custom", f"--file={path}", *excluded, *connection_arguments(settings_dict)],
        env=client_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        if "version mismatch" in completed.stderr:
            raise newer_server("pg_dump", client, server)
        raise BackupError(f"pg_dump failed: {completed.stderr.strip()}")
    return {"server_major": server, "pg_dump_major": client}


def create_backup(destination, *, using=DEFAULT_DB_ALIAS, storage=None) -> BackupResult:
    storage = storage or default_storage
    connection = connections[using]
    target = target_path(destination)
    # Next to the archive, not in /tmp: the dump is as large as the database's compressed rows.
    with tempfile.TemporaryDirectory(prefix=".kpportal-backup-", dir=target.parent) as scratch_name:
        scratch = Path(scratch_name)
        migrations = applied_migrations(connection)
        postgresql = dump_database(scratch / "portal.dump", using)
        # The dump and the pictures are compressed already; gzip's fastest level keeps it cheap.
        with ArchiveWriter(target, compresslevel=1) as archive:
            database = [archive.add_file(scratch / "portal.dump", DUMP_MEMBER)]
            (scratch / "portal.dump").unlink()
            media = archive.add_media(storage, scratch)
            archive.add_manifest(
                {
                    "format": FORMAT,
                    "version": DUMP_VERSION,
                    "database_format": DATABASE_FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "django": django.get_version(),
                    "database_vendor": connection.vendor,
                    "postgresql": postgresql,
                    "migrations": migrations,
                    "database": database,
                    "media": media,
                }
            )
    return BackupResult(path=target, objects=None, media_files=len(media), size=target.stat().st_size)


# Restore --------------------------------------------------------------------------------------


def code_migrations():
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def refuse_what_is_there(connection, storage, *, force):
    """Refuse a database or media storage holding content (unless ``force``) and a database holding
    tables that are not the portal's (always); touches nothing."""
    tables = set(connection.introspection.table_names())
    media = has_media(storage)
    if tables and "django_migrations" not in tables:
        listed = ", ".join(sorted(tables)[:5])
        raise BackupError(
            f"Không khôi phục: cơ sở dữ liệu {connection.settings_dict['NAME']} có bảng không thuộc cổng "
            f"({listed}). Hãy khôi phục vào một cơ sở dữ liệu mới (createdb)."
        )
    if force:
        return media
    rows = {}
    if tables:
        if not fully_migrated(connection):
            raise BackupError(
                "Không khôi phục: cơ sở dữ liệu đã có bảng của cổng nhưng chưa migrate đầy đủ, có thể đang có "
                "dữ liệu. Hãy khôi phục vào một cơ sở dữ liệu mới (createdb, có hoặc không chạy migrate), hoặc "
                "chạy lại với --force để XOÁ TOÀN BỘ dữ liệu và tệp hiện có rồi thay bằng bản sao lưu."
            )
        rows, _ = existing_content(connection.alias, storage)
    if rows or media:
        refuse_content(rows, media)
    return media


def apply_dump(dump: Path, connection, pg_restore, psql):
    settings_dict = connection.settings_dict
    environment = client_environment(settings_dict)
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as apply_errors:
        reader = subprocess.Popen(
            [pg_restore, "--no-owner", "--no-privileges", "--no-comments", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=environment,
        )
        try:
            applied = subprocess.run(
                [
                    psql,
                    "--no-psqlrc",
                    "--quiet",
                    "--set=ON_ERROR_STOP=1",
                    "--single-transaction",
                    f"--command={CLEAR_SCHEMA}",
                    "--file=-",
                    *connection_arguments(settings_dict),
                ],
                stdin=reader.stdout,
                stdout=subprocess.DEVNULL,
                stderr=apply_errors,
                env=environment,
                check=False,
            )
        finally:
            reader.stdout.close()
            reader.wait()
        restore_errors.seek(0)
        apply_errors.seek(0)
        errors = (restore_errors.read() + apply_errors.read()).decode(errors="replace").strip()
    if reader.returncode != 0 or applied.returncode != 0:
        raise BackupError(f"pg_restore into {settings_dict['NAME']} failed, nothing was changed: {errors}")


def restore_unpacked(manifest, scratch: Path, *, force, using, storage) -> RestoreResult:
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise BackupError(
            f"Bản sao lưu này là pg_dump của PostgreSQL, còn cài đặt này dùng {connection.vendor}. Để chuyển "
            "cổng sang cơ sở dữ liệu khác, dùng `manage.py export` ở nơi đi và `manage.py import` ở nơi đến."
        )
    refuse_newer_code(manifest, code_migrations())
    pg_restore, psql = client_tool("pg_restore"), client_tool("psql")
    made_by, here = manifest["postgresql"]["pg_dump_major"], tool_major(pg_restore)
    if made_by > here:
        raise BackupError(
            f"This backup was made by pg_dump {made_by}; pg_restore here is from PostgreSQL {here} and cannot "
            f"read it. Install the client tools of PostgreSQL {made_by} or newer "
            f"(Debian/Ubuntu: apt-get install postgresql-client-{made_by}) and run the command again."
        )
    refuse_newer_server("psql", tool_major(psql), server_major(connection))
    replace_media = refuse_what_is_there(connection, storage, force=force)

    apply_dump(scratch / DUMP_MEMBER, connection, pg_restore, psql)
    # Content types were restored with the backup's ids; this process may remember others.
    ContentType.objects.clear_cache()
    call_command("migrate", database=using, interactive=False, verbosity=0)
    put_media_back(storage, manifest, scratch, replace=replace_media)
    # Links to the files readers may see follow the restored rows (core/private_media.py).
    private_media.rebuild_public_area(using=using, storage=storage)
    return RestoreResult(objects=None, media_files=len(manifest["media"]), created_at=manifest["created_at"])
