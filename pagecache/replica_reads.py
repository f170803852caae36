"""Anonymous pages rendered from the read replica, and never a stale one stored.

With ``DATABASE_REPLICA_URL`` set, ``ReplicaReadsMiddleware`` (right after
``AnonymousPageCacheMiddleware``) marks a request for the replica (``core.database_routing``) when
the page cache could store its page - an anonymous GET or HEAD of a public address, no session
data, not found in the cache - and only if the replica has replayed everything the current content
generation depends on. Otherwise, and whenever the replica is down or behind, the page is read
from the primary, as without a replica.

**Why a page from the replica is never stale.** A stored page is valid while the generation it was
rendered under is the current one. Each change of public content commits on the primary, then
raises the generation (``pagecache.store.schedule_bump``: at commit), then records the primary's
log position ``pg_current_wal_lsn()`` for the new generation G in the shared cache
(``store.record_primary_position``). The position is read after the raise, and the raise of any
generation up to G came after its own commit, so every change that any generation up to G stands
for is in the primary's log before that position. A request then:

1. reads the generation G (``pagecache.middleware``'s lookup, before anything is rendered);
2. reads G's position P from the shared cache; if nobody recorded one (the bump's process failed
   to, or the generation was recreated after the cache lost it), it asks the primary for its
   position now and adds it: read after G was seen, it also comes after every change G stands for;
3. asks the replica, in one query, whether ``pg_last_wal_replay_lsn() >= P``. If so, everything the
   page depends on is on the replica already (it only moves forward), and the page is rendered
   from it; if not, from the primary;
4. stores the page under G, as without a replica.

A change that commits while the page renders raises the generation to G+1 after its commit: the
page, stored under G, is no longer current and is never served (exactly as when the primary
renders it before that commit). Its position for G+1 is recorded after the raise, so a request
that sees G+1 reads from the replica only once the replica has that change too. Copies of parts
of pages (``core.fragments``) made during the request are kept under G as well, not under a
generation read later in the render, which the replica may not have caught up with.

A replica that cannot be reached, or that is not a standby, costs one failed check and is left
alone for a few seconds (``core.database_routing.replica_has_replayed``): pages come from the
primary meanwhile. A read that fails on the replica after the check (it stopped, or cancelled the
query to replay the primary's log) has the page made once more from the primary
(``ReplicaReadsMiddleware.process_exception``): a reader gets no error the primary would not
give. The check costs one small query on the replica per rendered page (the stored pages
themselves need no database), and the position one cache read per generation and process.
"""

import threading

from django.conf import settings
from django.db import DatabaseError, transaction

from core import database_routing
from core.fragments import REQUEST_ATTRIBUTE as FRAGMENT_GENERATION_ATTRIBUTE
from pagecache.middleware import cacheable, lookup, session_is_empty
from pagecache.store import POSITION_KEY_PREFIX, POSITION_MAX_AGE, CacheUnavailable, cache_call, shared_cache

# The position of the generation this process saw last: positions never change once recorded.
_known_position = {"generation": None, "position": None}
_known_position_lock = threading.Lock()


def forget_positions():
    """Tests: read positions from the shared cache again."""
    with _known_position_lock:
        _known_position.update(generation=None, position=None)


def position_for(generation) -> str:
    """The primary's log position recorded for ``generation`` (see the module docstring, step 2)."""
    with _known_position_lock:
        if _known_position["generation"] == generation:
            return _known_position["position"]
    cache = shared_cache()
    key = POSITION_KEY_PREFIX + str(generation)
    position = cache_call(cache.get, key)
    if position is None:
        position = database_routing.primary_position()
        cache_call(cache.add, key, position, POSITION_MAX_AGE)
    with _known_position_lock:
        _known_position.update(generation=generation, position=position)
    return position


def replica_serves(request) -> bool:
    """Whether this request's page may be read from the replica (steps 1 to 3); None of it raises."""
    if not (cacheable(request) and session_is_empty(request)):
        return False
    if transaction.get_connection(database_routing.PRIMARY).in_atomic_block:
        return False
    try:
        generation = lookup(request)[2]
        position = position_for(generation)
    except CacheUnavailable:
        return False  # without the generation no page is stored: the primary serves it
    except DatabaseError:
        return False  # the primary's position unknown: the primary answers (or its outage page)
    if not database_routing.replica_has_replayed(position):
        return False
    setattr(request, FRAGMENT_GENERATION_ATTRIBUTE, generation)
    return True


class ReplicaReadsMiddleware:
    """Reads of a page the cache could store come from the replica when it has caught up (module docstring).

    Goes right after ``AnonymousPageCacheMiddleware``, whose lookup it reuses: a page found in the
    cache never gets here. Only in ``MIDDLEWARE`` when ``DATABASE_REPLICA_URL`` is set."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.configured = database_routing.replica_is_configured() and "pagecache" in settings.INSTALLED_APPS

    def __call__(self, request):
        if not (self.configured and replica_serves(request)):
            return self.get_response(request)
        token = database_routing.reads_from_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            database_routing.reads_from_replica.reset(token)

    def process_exception(self, request, exception):
        """A read from the replica failed while the page was made (the replica stopped after the
        check, or cancelled the query to replay the primary's log): the page is made once more,
        from the primary, instead of the error page. Only GETs and HEADs of public pages get here."""
        if not (isinstance(exception, DatabaseError) and database_routing.reads_from_replica.get()):
            return None
        database_routing.reads_from_replica.set(False)
        database_routing.replica_failed(exception)
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response
