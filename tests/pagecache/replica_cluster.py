"""A streaming replica of a throwaway PostgreSQL cluster (tests/faults/servers.py), for the replica tests.

``pg_basebackup -R`` of the running primary into a new data directory, started on another free port
as the postgres user. The replica logs every statement with the client's application name
(``log_statement=all``, ``log_line_prefix=%a|``): the test's own queries (application name
``kp-test``) are told apart from the portal's, which sets none.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg2

from core.database_routing import PRIMARY_POSITION_SQL
from tests.faults.servers import PostgresCluster, free_port

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


class ReplicaCluster:
    """A hot standby of ``primary``, streaming from it; stopped with pg_ctl like the primary."""

    def __init__(self, primary: PostgresCluster):
        self.bin = primary.bin
        self.primary = primary
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="kp-replica-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "log"
        self.as_postgres = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        backup = [str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"]
        run([*self.as_postgres, *backup, "-D", str(self.data), "-R", "-X", "stream", "-c", "fast"], timeout=120)
        self.start()

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/kpportal"

    def start(self):
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off"
            " -c log_statement=all -c 'log_line_prefix=%a|'"
        )
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30"]
        run([*self.as_postgres, *command, "-o", options, "start"], timeout=60)

    def stop(self, mode="fast"):
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"]
        run([*self.as_postgres, *command], timeout=60)

    def is_running(self) -> bool:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "status"]
        return (
            subprocess.run([*self.as_postgres, *command], check=False, capture_output=True, timeout=30).returncode == 0
        )

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

    def close(self):
        try:
            if self.data.exists() and self.is_running():
                self.stop(mode="immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
