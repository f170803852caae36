"""Side-by-side differences between two snapshots: every field of the object and of each part,
words removed marked <del>, words added marked <ins> (difflib, word by word)."""

import difflib
import re

from django.core.serializers.base import DeserializationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.text import html_to_text
from revisions.snapshot import deserialized, left_out

WORDS = re.compile(r"\s+|\S+\s*")  # a word with the spaces after it; leading spaces alone
EMPTY = "—"


def wrapped(tag, text):
    """``text`` escaped, its words in <tag>, the spaces after them outside."""
    words = text.rstrip()
    if not words:
        return escape(text)
    return f"<{tag}>{escape(words)}</{tag}>{escape(text[len(words) :])}"


def marked(old: str, new: str):
    """(old, new) as HTML, the words only in ``old`` in <del>, those only in ``new`` in <ins>.

    Words are compared without the spaces around them, so that a run of new words is one <ins>."""
    a, b = WORDS.findall(old), WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    left, right = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            left.append(escape(old_part))
            right.append(escape(new_part))
        else:
            left.append(wrapped("del", old_part))
            right.append(wrapped("ins", new_part))
    return mark_safe("".join(left)), mark_safe("".join(right))  # every piece escaped above


def shown_datetime(value):
    moment = parse_datetime(str(value))
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else str(value)


def shown_date(value):
    day = parse_date(str(value))
    return day.strftime("%d/%m/%Y") if day else str(value)


def shown_text(value):
    text = str(value)
    return html_to_text(text) if "<" in text and ">" in text else text


# (kind of field, how its stored value reads): the first that matches; DateTimeField before DateField.
FORMATS = [
    (models.BooleanField, lambda value: _("Có") if value else _("Không")),
    (models.DateTimeField, shown_datetime),
    (models.DateField, shown_date),
    (models.FileField, lambda value: str(value).rsplit("/", 1)[-1]),
]


def shown(field, value, names) -> str:
    """A stored value as staff read it."""
    if value in (None, "", []):
        return EMPTY
    if isinstance(field, models.ManyToManyField | models.ForeignKey):
        return ", ".join(names(field.related_model, value if isinstance(value, list) else [value]))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    for kind, show in FORMATS:
        if isinstance(field, kind):
            return show(value)
    return shown_text(value)


class Names:
    """str() of related rows, one query per model and set of ids."""

    def __init__(self):
        self.known = {}

    def __call__(self, model, ids):
        wanted = [pk for pk in ids if (model, pk) not in self.known]
        if wanted:
            for obj in model.objects.filter(pk__in=wanted):
                self.known[model, obj.pk] = str(obj)
        return [self.known.get((model, pk), f"#{pk}") for pk in ids]


def field_rows(model, old, new, names, skip=()):
    rows = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or not field.editable or left_out(field) or field.name in skip:
            continue
        if field.name not in old and field.name not in new:
            continue
        before = shown(field, old.get(field.name), names) if old is not None else ""
        after = shown(field, new.get(field.name), names) if new is not None else ""
        changed = old is None or new is None or old.get(field.name) != new.get(field.name)
        left, right = marked(before, after) if changed else (before, after)
        rows.append({"label": capfirst(field.verbose_name), "old": left, "new": right, "changed": changed})
    return rows


def title_of(record):
    try:
        (item,) = deserialized([record])
        return str(item.object)
    except (DeserializationError, LookupError, ValueError, AttributeError):
        return f"#{record['pk']}"


def compare(entry, base, data):
    """Sections for the review screen: the object's fields, then each kind of part, item by item."""
    names = Names()
    model = entry.model
    sections = [
        {
            "title": capfirst(model._meta.verbose_name),
            "items": [
                {
                    "state": "changed",
                    "rows": field_rows(model, base["object"]["fields"], data["object"]["fields"], names),
                }
            ],
            "unchanged": [],
        }
    ]
    for accessor, part_model, fk_name in entry.part_models():
        old = {r["pk"]: r for r in base["parts"].get(accessor, [])}
        new = {r["pk"]: r for r in data["parts"].get(accessor, [])}
        items, unchanged = [], []
        for pk in [*old, *(pk for pk in new if pk not in old)]:
            before, after = old.get(pk), new.get(pk)
            if before is not None and after is not None and before["fields"] == after["fields"]:
                unchanged.append(title_of(after))
                continue
            state = "added" if before is None else "removed" if after is None else "changed"
            rows = field_rows(
                part_model,
                before["fields"] if before else None,
                after["fields"] if after else None,
                names,
                skip={fk_name},
            )
            items.append({"state": state, "title": title_of(after or before), "rows": rows})
        sections.append(
            {"title": capfirst(part_model._meta.verbose_name_plural), "items": items, "unchanged": unchanged}
        )
    return sections


def count_changes(sections) -> int:
    return sum(
        sum(1 for row in item.get("rows", []) if row["changed"]) for section in sections for item in section["items"]
    )
