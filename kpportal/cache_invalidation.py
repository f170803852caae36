"""What makes cached public pages stale: any change to content a public page shows.

Signals are used here for cache invalidation only, never for business logic. Any save or delete
of the models below, and any change to their many-to-many links, raises the page cache's content
generation (``kpportal.pagecache_store.bump_generation``): every cached page, in every process sharing
the cache, is then rendered afresh on its next request. Edits are rare next to reads, so
invalidating everything is both exact and cheap.

The generation is raised once per transaction, when it commits (at once outside a transaction),
however many rows it saves: an article saved in the admin with its pictures and links is one
bump, not one per row (``kpportal.pagecache_store.schedule_bump``).

``QuerySet.update()``, ``bulk_create()`` and raw SQL send no signals: code that changes public
content that way calls ``content_changed()`` itself.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from kpportal import pagecache_store

# (app label, model name): every model whose rows appear on public pages.
PUBLIC_CONTENT = [
    ("news", "Article"),
    ("news", "ArticleImage"),
    ("news", "Category"),
    ("agreements", "Programme"),
    ("agreements", "Party"),
    ("agreements", "Signatory"),
    ("agreements", "Commitment"),
    ("agreements", "Review"),
    ("agreements", "ReviewAssessment"),
    ("agreements", "CommitmentProgress"),
    ("news", "ProgressEvidence"),
    ("organizations", "Organization"),
    ("organizations", "Region"),
]
# Readers' comments appear once staff approve them: a new unapproved comment changes no page.
COMMENT = ("news", "Comment")
DISPATCH_PREFIX = "kpportal.cache_invalidation"


def content_changed():
    """Public content changed: invalidate cached pages when the transaction commits (once)."""
    pagecache_store.schedule_bump()


def _on_change(sender, **kwargs):
    content_changed()


def _on_m2m_change(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()


def _on_comment_saved(sender, instance, created, **kwargs):
    if created and not getattr(instance, "is_approved", False):
        return
    content_changed()


def _on_comment_deleted(sender, instance, **kwargs):
    if getattr(instance, "is_approved", False):
        content_changed()


def _models(names):
    found = []
    for app_label, model_name in names:
        try:
            found.append(apps.get_model(app_label, model_name))
        except LookupError:
            continue
    return found


def connect():
    """Connect the receivers (``KpportalConfig.ready``); safe to call more than once."""
    for model in _models(PUBLIC_CONTENT):
        label = model._meta.label_lower
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.save.{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.delete.{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _on_m2m_change, sender=through, dispatch_uid=f"{DISPATCH_PREFIX}.m2m.{through._meta.label_lower}"
            )
    for model in _models([COMMENT]):
        label = model._meta.label_lower
        post_save.connect(_on_comment_saved, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.save.{label}")
        post_delete.connect(_on_comment_deleted, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.delete.{label}")
