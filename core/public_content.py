"""What public pages show, declared by the app that owns it; one signal when any of it changes.

Each app says in its ``AppConfig.ready`` which of its models appear on public pages
(``shows_on_public_pages(Model)``), and when its pages change by themselves
(``changes_on_schedule``). Any save or delete of their rows, and any change to their many-to-many
links, sends ``public_content_changed``. Whatever keeps copies of public pages (the
page cache, cached fragments) listens to that one signal and never needs to know the models.

``QuerySet.update()``, ``bulk_create()`` and raw SQL send no model signals: code that changes public
content that way calls ``announce_change()`` itself.

Signals are used here for cache invalidation only, never for business logic.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

# Sent with ``sender=None`` after a change to public content (inside the transaction that made it).
public_content_changed = Signal()

# Declared sources of changes that happen by themselves at a set time (a scheduled article appears).
SCHEDULES = []

DISPATCH_PREFIX = "core.public_content"


def announce_change():
    """Public content changed (for changes that send no model signal)."""
    public_content_changed.send(sender=None)


def shows_on_public_pages(model, *, counts=None):
    """Declare that rows of ``model`` appear on public pages.

    ``counts(instance)`` (optional) says whether a row is shown: a new row or a deleted one that is
    not shown changes no page (a reader's comment waiting for approval); a change to an existing
    row always counts (it may just have been approved or withdrawn). Safe to call more than once.
    """
    label = model._meta.label_lower

    def saved(sender, instance, created, raw=False, **kwargs):
        if created and counts is not None and not counts(instance):
            return
        announce_change()

    def deleted(sender, instance, **kwargs):
        if counts is not None and not counts(instance):
            return
        announce_change()

    def linked(sender, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            announce_change()

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{DISPATCH_PREFIX}.save.{label}")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{DISPATCH_PREFIX}.delete.{label}")
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(
            linked, sender=through, weak=False, dispatch_uid=f"{DISPATCH_PREFIX}.m2m.{through._meta.label_lower}"
        )


def changes_on_schedule(next_change):
    """Declare that public pages change by themselves at set times: ``next_change(now)`` gives the next
    such moment after ``now`` (a scheduled article's publication), or None. Saving what sets those
    times is itself a change of public content, so a copy of a page can be kept until then."""
    if next_change not in SCHEDULES:
        SCHEDULES.append(next_change)


def next_scheduled_change(now):
    """The earliest moment after ``now`` at which a public page changes by itself, or None."""
    return min((moment for source in SCHEDULES if (moment := source(now)) is not None), default=None)


# The content generation: a number raised whenever public content changes. The app that keeps it
# (the page cache) provides how to read it, in its AppConfig.ready; copies of parts of pages
# (core.fragments) are valid while it stays the same.
GENERATION_READERS = []


def provide_generation(reader):
    """Declare how to read the content generation: ``reader()`` gives it, or None when it cannot be
    read (then nothing may be kept)."""
    GENERATION_READERS[:] = [reader]


def current_generation():
    """The content generation now (changes of this thread's open transaction count as made), or
    None: no generation is kept, or it cannot be read now."""
    return GENERATION_READERS[0]() if GENERATION_READERS else None
