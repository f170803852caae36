"""Cached pages expire when public content changes: the page cache listens to
``core.public_content.public_content_changed``, which the apps send for the models they declare in
their ``AppConfig.ready`` (``shows_on_public_pages``). Edits are rare next to reads, so
invalidating every page by raising the content generation is both exact and cheap.

The generation is raised at once and again when the transaction commits: a page rendered during
the transaction from the not yet committed state is stored under the intermediate generation and
can never be served after the commit.
"""

from django.db import transaction

from core.public_content import public_content_changed
from pagecache import middleware as pagecache

DISPATCH_UID = "pagecache.invalidation"


def content_changed(**kwargs):
    """Public content changed: invalidate cached pages now and once more at commit."""
    pagecache.bump_generation()
    transaction.on_commit(pagecache.bump_generation)


def connect():
    """Listen to changes of public content (``PagecacheConfig.ready``); safe to call more than once."""
    public_content_changed.connect(content_changed, dispatch_uid=DISPATCH_UID)
