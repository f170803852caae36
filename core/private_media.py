"""Files follow publication: an upload is seen by readers only while what it belongs to is public.

Every uploaded file is stored once, under its stored name in ``MEDIA_ROOT`` (the **private area**),
and keeps that name and its address ``MEDIA_URL + name`` for life: publishing and unpublishing move
nothing in the database, pages need no other address, the history and backups keep valid names.
What publication changes is the **public area** (``core.public_area``): on disk the folder
``MEDIA_ROOT/public/`` holds a relative symbolic link to each file (original and renditions) whose
owner is public, and nothing else; on the object store the bucket's ``public/`` prefix holds a
copy of each.

- nginx answers ``/media/<name>`` from the public area (docs/deploy/nginx.conf, docs/operations.md);
  a name with no link there goes to the portal (``serve_media``), which answers 404 unless the owner
  has become public meanwhile (a scheduled article whose time has come: the link is made then) or
  the user is staff allowed to view the owner (``core.media_views``).
- A new upload has no link: it is private until its owner is saved public. After every save or
  delete of an owner (on commit) ``follow_publication`` links the files of public owners and removes
  the links of the others, including the file the save replaced or cleared, and the files of the
  rows that follow the owner (an article's pictures, a programme's reviews).
- ``rebuild_public_area`` (``manage.py sync_public_media``; after a restore) makes the area anew
  from the database.

Each app declares its models that own files in its ``AppConfig.ready`` with ``register_file_owner``
(which of their rows are public, and which other models' saves change that). A name no owner refers to is nobody's: 404.
"""

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from core.public_area import checked_name, public_area

logger = logging.getLogger(__name__)

DISPATCH_PREFIX = "core.private_media"
RENDITION_NAME = re.compile(r"^(?P<original>.+)\.(?P<width>\d+)w\.webp$")


@dataclass
class FileOwner:
    """A model whose rows own files: its file fields, which of its rows are public (a ``Q`` for
    ``now``), and the models whose saves change that (label -> lookup from this model to theirs)."""

    label: str
    fields: tuple[str, ...]
    public: object
    follows: dict[str, str] = field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.label)


# Declared by each app in its AppConfig.ready with ``register_file_owner``.
FILE_OWNERS: list["FileOwner"] = []


def register_file_owner(label, fields, public, follows=None):
    """Declare that rows of ``label`` own the files in ``fields``; ``public(now)`` is a ``Q`` of the
    rows whose files readers may see (``lambda now: Q(pk__in=[])`` for never: pending revisions).
    Connects the receivers when the app registry is ready."""
    owner = FileOwner(label, tuple(fields), public, dict(follows or {}))
    FILE_OWNERS.append(owner)
    if apps.models_ready:
        connect_owner(owner)
    return owner


def owner_models():
    found = []
    for owner in FILE_OWNERS:
        try:
            found.append((owner, owner.model))
        except LookupError:  # an app that is not installed
            continue
    return found


# Where files are ------------------------------------------------------------------------------


def stored_path(name) -> Path:
    """The stored file of ``name`` on disk; SuspiciousFileOperation for a name outside the media
    folder or inside the public area."""
    return public_area().stored_path(name)


def public_path(name) -> Path:
    return public_area().public_path(name)


def public_root():
    """Where the public area is (a folder, or the bucket's prefix), for messages to operators."""
    return public_area().where()


def is_linked(name) -> bool:
    """Whether nginx serves ``name`` to everybody: it is in the public area."""
    return public_area().is_linked(name)


def link(name, storage=None):
    """Put ``name`` in the public area (core.public_area)."""
    public_area(storage).link(checked_name(name))


def unlink(name, storage=None):
    public_area(storage).unlink(checked_name(name))


# Who owns a name ------------------------------------------------------------------------------


def rendition_widths(model, field_name):
    return getattr(model._meta.get_field(field_name), "rendition_widths", ())


def candidate_originals(name):
    """(original name, rendition width or None): the name itself, and what it is a rendition of."""
    yield name, None
    match = RENDITION_NAME.match(name)
    if match:
        yield match["original"], int(match["width"])


@dataclass
class Owning:
    """The rows of one model whose field ``field_name`` holds ``original`` (``name`` or what it is a
    rendition of)."""

    owner: FileOwner
    model: object
    field_name: str
    original: str

    @property
    def rows(self):
        return QuerySet(model=self.model).filter(**{self.field_name: self.original})

    def public_rows(self, now):
        return self.rows.filter(self.owner.public(now))


def owning(name):
    """Every ``Owning`` that may refer to the stored file ``name``."""
    for owner, model in owner_models():
        for original, width in candidate_originals(name):
            for field_name in owner.fields:
                if width is not None and width not in rendition_widths(model, field_name):
                    continue
                yield Owning(owner, model, field_name, original)


def is_file_public(name, now=None) -> bool:
    """Whether readers may see the stored file ``name``: some public row owns it (or its original)."""
    now = now or timezone.now()
    return any(found.public_rows(now).exists() for found in owning(name))


def family(model, field_name, name):
    """A stored file's name and the names of its renditions."""
    from core.renditions import rendition_name

    return [name, *(rendition_name(name, width) for width in rendition_widths(model, field_name))]


def sync(names, now=None):
    """Link each of ``names`` (with its renditions) if readers may see it, remove its link otherwise."""
    now = now or timezone.now()
    for model, field_name, name in names:
        public = is_file_public(name, now)
        for member in family(model, field_name, name):
            try:
                link(member) if public else unlink(member)
            except (SuspiciousFileOperation, OSError) as exc:
                action = "link" if public else "unlink"
                logger.error("Could not %s %s in the public media area (%s)", action, member, exc)


def file_names(instance, owner):
    model = type(instance)
    return {(model, name, getattr(instance, name).name) for name in owner.fields if getattr(instance, name)}


def follow_publication(instance, previous=()):
    """Bring the public area in line with ``instance`` as stored now: its files, the files it held
    before (``previous``: replaced or cleared ones), and the files of the rows that follow it."""
    names = set(previous)
    model = type(instance)
    for owner, owner_model in owner_models():
        if owner_model is model:
            fresh = QuerySet(model=model).filter(pk=instance.pk).first()
            if fresh is not None:
                names |= file_names(fresh, owner)
        lookup = owner.follows.get(model._meta.label)
        if lookup:
            for row in QuerySet(model=owner_model).filter(**{lookup: instance.pk}).only("pk", *owner.fields):
                names |= file_names(row, owner)
    sync(names)


def rebuild_public_area(now=None, using=None, storage=None) -> int:
    """Make the public area (of ``storage``, the default storage if None) anew from the database;
    how many files are public."""
    now = now or timezone.now()
    area = public_area(storage)
    area.clear()
    public = 0
    for owner, model in owner_models():
        for field_name in owner.fields:
            rows = QuerySet(model=model, using=using).filter(owner.public(now)).exclude(**{field_name: ""})
            for name in rows.values_list(field_name, flat=True).distinct().order_by():
                for member in family(model, field_name, name):
                    try:
                        area.link(checked_name(member))
                    except (SuspiciousFileOperation, OSError) as exc:
                        logger.error("Could not link %s in the public media area (%s)", member, exc)
                public += 1
    return public


# Receivers ------------------------------------------------------------------------------------


def remember_files(sender, instance, raw=False, **kwargs):
    """Before a save: the files the row holds now, which the save may replace or clear."""
    if raw or instance.pk is None:
        return
    previous = set()
    stored = QuerySet(model=sender).filter(pk=instance.pk).first()
    for owner, model in owner_models():
        if model is sender and stored is not None:
            previous |= file_names(stored, owner)
    instance.media_names_before_save = previous


def after_save(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures (restore): rebuild_public_area runs afterwards
        return
    previous = getattr(instance, "media_names_before_save", set())
    transaction.on_commit(lambda: follow_publication_safely(instance, previous))


def after_delete(sender, instance, **kwargs):
    names = set()
    for owner, model in owner_models():
        if model is sender:
            names |= file_names(instance, owner)
    transaction.on_commit(lambda: sync_safely(names))


def follow_publication_safely(instance, previous):
    try:
        follow_publication(instance, previous)
    except Exception:  # the save is committed; the next save or sync_public_media catches up
        logger.exception("Could not bring the public media area in line with %r", instance)


def sync_safely(names):
    try:
        sync(names)
    except Exception:
        logger.exception("Could not bring the public media area in line after a delete")


def connect_owner(owner):
    try:
        model = owner.model
    except LookupError:
        return
    uid = f"{DISPATCH_PREFIX}:{model._meta.label_lower}"
    pre_save.connect(remember_files, sender=model, dispatch_uid=f"{uid}:pre_save")
    post_delete.connect(after_delete, sender=model, dispatch_uid=f"{uid}:post_delete")
    post_save.connect(after_save, sender=model, dispatch_uid=f"{uid}:post_save")
    for label in owner.follows:
        try:
            followed = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(after_save, sender=followed, dispatch_uid=f"{DISPATCH_PREFIX}:{label.lower()}:post_save")
