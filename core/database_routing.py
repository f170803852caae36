"""Reads of anonymous public pages from a PostgreSQL streaming replica; everything else from the primary.

With ``DATABASE_REPLICA_URL`` set, the settings add a database alias ``replica`` and this router
(``DATABASE_ROUTERS``). Without it neither exists and nothing here runs.

The router sends a read to the replica only while ``reads_from_replica`` is true. It is a context
variable, false by default; the page cache's ``pagecache.replica_reads.ReplicaReadsMiddleware``
sets it for the duration of a request whose page could be stored for every reader (an anonymous
GET or HEAD of a public address, no session data), once it has checked that the replica has
replayed everything the current content generation depends on. So management commands, staff,
the admin, POSTs, and every request the middleware did not mark read from the primary. Within a
marked request:

- a read inside a transaction (an ``atomic`` block on the primary) goes to the primary: it may
  follow a write of the same transaction, which the replica has not seen;
- the first write ends the marking for the rest of the request: what follows reads the primary,
  so a view reads what it has just written.

Writes always go to the primary, migrations run only there (the replica is a copy of it), and rows
of either alias may be related (they are the same rows).
"""

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

PRIMARY = "default"
REPLICA = "replica"
# After a failed check the replica is left alone for this long: an unreachable replica then costs
# one connection attempt every few seconds instead of one per page.
RETRY_AFTER_FAILURE = 5.0

logger = logging.getLogger(__name__)

reads_from_replica = contextvars.ContextVar("kp_reads_from_replica", default=False)

_replica_state = {"down_until": 0.0}
_replica_state_lock = threading.Lock()


def replica_is_configured() -> bool:
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    """``DATABASE_ROUTERS`` entry when a replica is configured (see the module docstring)."""

    def db_for_read(self, model, **hints):
        if reads_from_replica.get() and not connections[PRIMARY].in_atomic_block:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        if reads_from_replica.get():
            reads_from_replica.set(False)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The only two aliases hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


# The end of the last record the primary has put in its write-ahead log. The insert position, not
# pg_current_wal_lsn() (what is written out): with synchronous_commit=off a commit returns before
# its record is written, and a position before that record would let a replica that has not
# replayed the commit pass for caught up. Where the last record ends exactly at a page's end, the
# insert position is past the next page's header, a place no replay reaches until more is
# written: it is taken back to the page boundary, where the replica's replay position stops.
PRIMARY_POSITION_SQL = """
    SELECT (CASE
        WHEN used % segment = 40 THEN position - 40
        WHEN used % block = 24 THEN position - 24
        ELSE position END)::text
    FROM (SELECT pg_current_wal_insert_lsn() AS position) AS now,
        LATERAL (SELECT position - '0/0'::pg_lsn AS used,
            current_setting('wal_block_size')::numeric AS block,
            pg_size_bytes(current_setting('wal_segment_size'))::numeric AS segment) AS sizes
"""


def primary_position() -> str:
    """Where the primary's write-ahead log ends now (``PRIMARY_POSITION_SQL``), as text."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute(PRIMARY_POSITION_SQL)
        return cursor.fetchone()[0]


def forget_replica_failure():
    """Tests: try the replica again at once."""
    with _replica_state_lock:
        _replica_state["down_until"] = 0.0


def replica_failed(error):
    """A query on the replica failed: leave it alone for ``RETRY_AFTER_FAILURE`` seconds, and
    connect afresh next time rather than reuse a connection that may be broken."""
    with _replica_state_lock:
        _replica_state["down_until"] = time.monotonic() + RETRY_AFTER_FAILURE
    logger.warning("Read replica unavailable (%s: %s); reading from the primary", type(error).__name__, error)
    if replica_is_configured():
        connections[REPLICA].close()


def replica_has_replayed(position: str) -> bool:
    """Whether the replica answers and has replayed the primary's log up to ``position``: one query.

    False (read from the primary) when it is behind, when it is not a standby (a promoted replica
    no longer follows this primary), or when it cannot be reached; then it is not asked again for
    ``RETRY_AFTER_FAILURE`` seconds."""
    if time.monotonic() < _replica_state["down_until"]:
        return False
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            replayed = cursor.fetchone()[0]
    except DatabaseError as error:
        replica_failed(error)
        return False
    if replayed is None:
        logger.warning("The read replica is not a standby (pg_last_wal_replay_lsn() is NULL); reading from the primary")
    return replayed is True
