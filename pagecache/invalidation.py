"""Cached pages expire when public content changes: the page cache listens to
``core.public_content.public_content_changed``, which the apps send for the models they declare in
their ``AppConfig.ready`` (``shows_on_public_pages``). Edits are rare next to reads, so
invalidating every page by raising the content generation is both exact and cheap.

The generation is raised once per transaction, when it commits (at once outside a transaction),
however many rows it saves: an article saved in the admin with its pictures and links is one
bump, not one per row (``pagecache.store.schedule_bump``).
"""

from core.public_content import public_content_changed
from pagecache import store

DISPATCH_UID = "pagecache.invalidation"


def content_changed(**kwargs):
    """Public content changed: invalidate cached pages when the transaction commits (once)."""
    store.schedule_bump()


def connect():
    """Listen to changes of public content (``PagecacheConfig.ready``); safe to call more than once."""
    public_content_changed.connect(content_changed, dispatch_uid=DISPATCH_UID)
