"""Restoring a programme as it was at a moment in its history: the programme row *and* its parties,
signatories and commitments (with their responsible organizations), read from the historical
tables django-simple-history keeps.

Restoring the programme row alone (simple-history's own "Revert") would pair an old title and
period with today's parties and signatories: a record that never existed. Reviews (sơ kết / tổng
kết) are events that happened and are left as they are.
"""

import contextlib
import contextvars
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.signals import pre_create_historical_record

from agreements.models import Commitment, Party, Programme, Signatory
from organizations.models import Organization

PUBLISH_PERMISSION = "agreements.publish_programme"
CHILD_MODELS = (Party, Signatory, Commitment)
# Kept as they are now: identity, bookkeeping, and the fields handled separately below.
_PROGRAMME_FIELDS_KEPT = {"id", "created_at", "updated_at"}


@dataclass
class ProgrammeVersion:
    """A programme and its parts as they were at ``as_of`` (unsaved model instances)."""

    as_of: datetime.datetime
    programme: Programme
    parties: list = field(default_factory=list)
    signatories: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
    responsible: dict = field(default_factory=dict)  # commitment id -> set of organization ids

    def children(self, model):
        return {Party: self.parties, Signatory: self.signatories, Commitment: self.commitments}[model]


def _latest_records(history_queryset):
    """The last historical record of each object in ``history_queryset`` (by date, then record id)."""
    latest = {}
    for record in history_queryset.order_by("history_date", "history_id"):
        latest[record.id] = record
    return latest.values()


def version_end(record) -> datetime.datetime:
    """The last moment at which the programme version ``record`` was current: just before the
    programme's next historical record. The admin saves a programme's row before its inlines, so
    this takes in the parties, signatories and commitments saved on the same page."""
    following = (
        Programme.history.filter(id=record.id)
        .filter(
            Q(history_date__gt=record.history_date)
            | Q(history_date=record.history_date, history_id__gt=record.history_id)
        )
        .order_by("history_date", "history_id")
        .first()
    )
    if following is None:
        return timezone.now()
    return following.history_date - datetime.timedelta(microseconds=1)


def programme_version(*, programme: Programme, as_of: datetime.datetime) -> ProgrammeVersion:
    """The programme and its parts as they were at ``as_of``."""
    record = (
        Programme.history.filter(id=programme.pk, history_date__lte=as_of)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None or record.history_type == "-":
        raise ValidationError(
            _("Chương trình chưa tồn tại vào thời điểm %(time)s.")
            % {"time": timezone.localtime(as_of).strftime("%d/%m/%Y %H:%M")},
            code="no_version",
        )
    version = ProgrammeVersion(as_of=as_of, programme=record.instance)
    for model in CHILD_MODELS:
        history = model.history.model.objects
        ever_here = history.filter(programme_id=programme.pk, history_date__lte=as_of).values("id")
        records = _latest_records(history.filter(id__in=ever_here, history_date__lte=as_of))
        alive = [r for r in records if r.history_type != "-" and r.programme_id == programme.pk]
        alive.sort(key=lambda r: (getattr(r, "order", None) or getattr(r, "number", None) or 0, r.id))
        version.children(model).extend(r.instance for r in alive)
        if model is Commitment:
            commitment_of_record = {r.history_id: r.id for r in alive}
            version.responsible = {r.id: set() for r in alive}
            snapshots = _responsible_history_model().objects.filter(history_id__in=commitment_of_record)
            for history_id, organization_id in snapshots.values_list("history_id", "organization_id"):
                version.responsible[commitment_of_record[history_id]].add(organization_id)
    return version


def _responsible_history_model():
    """simple-history's snapshot of Commitment.responsible, one table row per historical record."""
    return Commitment.history.model._meta.get_field("historicalcommitment_responsible").related_model


def _field_values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _check_organizations_exist(version):
    wanted = {obj.organization_id for obj in version.parties + version.signatories}
    wanted |= set().union(*version.responsible.values()) if version.responsible else set()
    missing = wanted - set(Organization.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if missing:
        names = []
        for pk in sorted(missing):
            last = Organization.history.filter(id=pk).order_by("-history_date").first()
            names.append(last.name if last else f"#{pk}")
        raise ValidationError(
            _("Không thể khôi phục: các tổ chức sau đã bị xoá khỏi danh bạ: %(names)s.") % {"names": ", ".join(names)},
            code="organization_gone",
        )


# (user, reason) of the restore under way in this context, written on every historical record it makes.
_restoring = contextvars.ContextVar("agreements_restoring", default=None)


def _record_restore(sender, history_instance, **kwargs):
    restore = _restoring.get()
    if restore is not None:
        history_instance.history_user, history_instance.history_change_reason = restore


# simple-history's documented hook, run before each historical record is written: no extra query.
pre_create_historical_record.connect(_record_restore, dispatch_uid="agreements.history.restore")


@contextlib.contextmanager
def _recorded_as(user, reason):
    token = _restoring.set((user, reason))
    try:
        yield
    finally:
        _restoring.reset(token)


@transaction.atomic
def restore_programme(*, programme: Programme, as_of: datetime.datetime, user) -> Programme:
    """Make ``programme`` and its parties, signatories and commitments what they were at ``as_of``.

    Every change is recorded in the history with ``user`` and a reason naming the restored time,
    so a restore can itself be undone. Someone without the right to publish programmes cannot
    change whether it is published by restoring; an old address (slug) now used by another
    programme is not taken back."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    version = programme_version(programme=programme, as_of=as_of)
    _check_organizations_exist(version)
    reason = _("Khôi phục phiên bản lúc %(time)s") % {"time": timezone.localtime(as_of).strftime("%d/%m/%Y %H:%M:%S")}

    with _recorded_as(user, reason):
        return _restore(programme, version, user)


def _restore(programme, version, user):
    # The programme row first: its historical record then marks where this restore begins.
    old = version.programme
    for model_field in Programme._meta.concrete_fields:
        if model_field.attname not in _PROGRAMME_FIELDS_KEPT:
            setattr(programme, model_field.attname, getattr(old, model_field.attname))
    current = Programme.objects.values("is_published", "slug").get(pk=programme.pk)
    if not user.has_perm(PUBLISH_PERMISSION):
        programme.is_published = current["is_published"]
    if Programme.objects.exclude(pk=programme.pk).filter(slug=programme.slug).exists():
        programme.slug = current["slug"]
    programme.save()

    # Rows that differ are deleted and written again with their old ids; deleting first keeps the
    # unique constraints (one party per organization, one number per commitment) satisfied, and
    # signatories go before parties and come back after them (a signatory signs for a party).
    wanted = {model: {obj.pk: obj for obj in version.children(model)} for model in CHILD_MODELS}
    to_write = {}
    for model in (Commitment, Signatory, Party):
        to_write[model] = []
        for obj in model.objects.filter(programme=programme):
            old_obj = wanted[model].get(obj.pk)
            if old_obj is not None and _field_values(old_obj) == _field_values(obj):
                continue
            obj.delete()
        existing = set(model.objects.filter(programme=programme).values_list("pk", flat=True))
        to_write[model] = [obj for pk, obj in wanted[model].items() if pk not in existing]
    for model in (Party, Signatory, Commitment):
        for obj in to_write[model]:
            obj.save(force_insert=True)  # a model instance built from its history: new to the table
    for commitment in Commitment.objects.filter(programme=programme):
        responsible = version.responsible.get(commitment.pk, set())
        if set(commitment.responsible.values_list("pk", flat=True)) != responsible:
            commitment.responsible.set(responsible)
    return programme
