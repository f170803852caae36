"""An object and its parts as plain data (Django's serializers), and writing such data back.

A snapshot is ``{"object": record, "parts": {accessor: [record, ...]}}``, each record as
``django.core.serializers`` writes it ("model", "pk", "fields", many-to-many as lists of ids).
Bookkeeping and derived columns (timestamps, author, search columns) are left out: they are
not what an editor proposes, and the database fills them when the data is written back."""

import json

from django.core import serializers
from django.db import models

from core.fulltext import SearchTextField

KEPT_AS_THEY_ARE = {"created_at", "updated_at", "created_by"}
# A unique number that changes is moved out of the way first, so that two rows can swap numbers.
TEMPORARY_NUMBER = 30000


def left_out(field) -> bool:
    return (
        field.name in KEPT_AS_THEY_ARE
        or isinstance(field, (models.GeneratedField, SearchTextField))
        or field.primary_key
        or not field.concrete
    )


def records(objs):
    found = json.loads(serializers.serialize("json", objs))
    model = type(objs[0])
    for record in found:
        fields = {}
        for name, value in record["fields"].items():
            field = model._meta.get_field(name)
            if left_out(field):
                continue
            fields[name] = sorted(value) if isinstance(field, models.ManyToManyField) else value
        record["fields"] = fields
    return found


def take(entry, obj) -> dict:
    """``obj`` and its parts as they are in the database now."""
    obj = type(obj).objects.get(pk=obj.pk)
    parts = {}
    for accessor, part_model, fk_name in entry.part_models():
        rows = list(part_model.objects.filter(**{fk_name: obj.pk}).order_by("pk"))
        parts[accessor] = records(rows) if rows else []
    return {"object": records([obj])[0], "parts": parts}


def deserialized(record_list):
    return list(serializers.deserialize("python", record_list))


def field_values(instance, names):
    return {name: getattr(instance, instance._meta.get_field(name).attname) for name in names}


def apply(entry, obj, snapshot) -> list:
    """Make the database hold ``snapshot`` for ``obj`` and its parts. Call inside a transaction.

    Rows that did not change are not written (their history stays quiet). Returns the model
    instances written, for their history records."""
    model = entry.model
    written = []
    live = model.objects.select_for_update().get(pk=obj.pk)
    (proposed,) = deserialized([snapshot["object"]])
    names = [
        name
        for name in snapshot["object"]["fields"]
        if not isinstance(model._meta.get_field(name), models.ManyToManyField)
    ]
    if field_values(live, names) != field_values(proposed.object, names):
        for name in names:
            setattr(
                live, model._meta.get_field(name).attname, getattr(proposed.object, model._meta.get_field(name).attname)
            )
        live.save()
        written.append(live)
    if set_m2m(live, proposed.m2m_data) and live not in written:
        written.append(live)
    for accessor, part_model, fk_name in entry.part_models():
        written += apply_parts(part_model, fk_name, live, snapshot["parts"].get(accessor, []))
    return written


def plain_names(model, record_list):
    fields = record_list[0]["fields"] if record_list else {}
    return [name for name in fields if not isinstance(model._meta.get_field(name), models.ManyToManyField)]


def make_way(part_model, fk_name, current, wanted) -> set:
    """Let rows take each other's unique values (commitment numbers, party organizations).

    A unique number that changes is first moved to a temporary value; a row whose other unique
    value changes is deleted, to be written again under the same id. Returns the ids moved."""
    unique = {
        name
        for constraint in part_model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        for name in constraint.fields
        if name != fk_name
    }
    moved = set()
    for number, (pk, item) in enumerate(wanted.items()):
        row = current.get(pk)
        differing = [name for name in unique if row and field_values(row, [name]) != field_values(item.object, [name])]
        if not differing:
            continue
        if all(isinstance(part_model._meta.get_field(name), models.IntegerField) for name in differing):
            part_model.objects.filter(pk=pk).update(**{name: TEMPORARY_NUMBER + number for name in differing})
            moved.add(pk)
        else:
            row.delete()
            del current[pk]
    return moved


def apply_parts(part_model, fk_name, owner, part_records) -> list:
    written = []
    current = {row.pk: row for row in part_model.objects.select_for_update().filter(**{fk_name: owner.pk})}
    wanted = {item.object.pk: item for item in deserialized(part_records)}
    for pk in [pk for pk in current if pk not in wanted]:
        current.pop(pk).delete()
    moved = make_way(part_model, fk_name, current, wanted)
    names = plain_names(part_model, part_records)
    for pk, item in wanted.items():
        new = item.object
        setattr(new, part_model._meta.get_field(fk_name).attname, owner.pk)
        row = current.get(pk)
        if row is None:
            if part_model.objects.filter(pk=pk).exists():  # the id went to another row meanwhile
                new.pk = None
            new.save(force_insert=True)
            written.append(new)
        elif pk in moved or field_values(row, names) != field_values(new, names):
            new.save(force_update=True)
            written.append(new)
        if set_m2m(new, item.m2m_data) and new not in written:
            written.append(new)
    return written


def set_m2m(instance, m2m_data) -> bool:
    changed = False
    for name, ids in (m2m_data or {}).items():
        manager = getattr(instance, name)
        if set(manager.values_list("pk", flat=True)) != {int(pk) for pk in ids}:
            manager.set(ids)
            changed = True
    return changed
