"""A streaming replica of a throwaway PostgreSQL cluster (tests/faults/servers.py), for the replica tests.

``pg_basebackup -R`` of the running primary into a new data directory, started on another free port
as the postgres user. The replica logs every statement with the client's application name
(``log_statement=all``, ``log_line_prefix=%a|``): the test's own queries (application name
``kp-test``) are told apart from the portal's, which sets none.
"""

import subprocess

import psycopg2

from core.database_routing import PRIMARY_POSITION_SQL
from tests.faults.servers import PostgresCluster

TEST_APPLICATION = "kp-test"


def run(command, timeout=60):
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)


def query(port: int, sql: str, parameters=None, dbname="kpportal"):
    """One statement on the server at ``port``, autocommit; its first row."""
    connection = psycopg2.connect(
        dbname=dbname, user="postgres", host="127.0.0.1", port=port, application_name=TEST_APPLICATION
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


class ReplicaCluster(PostgresCluster):
    """A hot standby of ``primary``, streaming from it; started and stopped like the primary."""

    FOLDER_PREFIX = "kp-replica-pg-"
    SERVER_OPTIONS = "-c log_statement=all -c 'log_line_prefix=%a|'"

    def __init__(self, primary: PostgresCluster):
        self.primary = primary
        super().__init__(primary.bin)

    def make_data(self):
        backup = [str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres"]
        run([*self.as_postgres, *backup, "-D", str(self.data), "-R", "-X", "stream", "-c", "fast"], timeout=120)

    def query(self, sql, parameters=None):
        return query(self.port, sql, parameters)

    def pause_replay(self):
        self.query("SELECT pg_wal_replay_pause()")

    def resume_replay(self):
        self.query("SELECT pg_wal_replay_resume()")

    def has_replayed_everything(self) -> bool:
        """Whether the replica has replayed all the primary has written so far."""
        (position,) = query(self.primary.port, PRIMARY_POSITION_SQL)
        return self.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])[0]

    def log_size(self) -> int:
        return self.log.stat().st_size

    def portal_statements(self, since: int) -> list[str]:
        """The statements the portal ran on the replica since the log had ``since`` bytes."""
        with open(self.log, "rb") as log:
            log.seek(since)
            lines = log.read().decode("utf-8", "replace").splitlines()
        return [line for line in lines if not line.startswith(f"{TEST_APPLICATION}|") and "statement: " in line]
