"""The generator's ground floor (bench/generate.py): the mark of generated rows, logging, the shared
picture files, and the fast paths of a bulk load (folded search columns computed in one table
lookup, indexes dropped while rows are loaded)."""

import contextlib
import io
import re
import time
from dataclasses import dataclass

PREFIX = "bench-"
BATCH = 2000


def log(out, message):
    out.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    out.flush()


# Pictures -------------------------------------------------------------------------------------


def _picture(size, seed, label, fmt="JPEG"):
    from PIL import Image, ImageDraw

    palette = [(24, 96, 160), (180, 60, 40), (30, 130, 90), (200, 150, 30), (110, 60, 150), (40, 40, 40)]
    background = palette[seed % len(palette)]
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    for step in range(0, width, max(8, width // 12)):
        shade = tuple(min(255, channel + 40) for channel in background)
        draw.rectangle([step, height - (step * 7 % height) // 2, step + width // 24, height], fill=shade)
    left, top, diameter = width // 3, height // 4, height // 2
    draw.ellipse([left, top, left + diameter, top + diameter], outline="white", width=6)
    draw.text((20, 20), label, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **({"quality": 80} if fmt == "JPEG" else {}))
    return buffer.getvalue()


@dataclass(frozen=True)
class Picture:
    name: str
    width: int
    height: int


def make_pictures(out):
    """A few shared picture files (covers, gallery photos, logos), each with its renditions; files
    already there from an earlier run are used again."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from core.renditions import (
        LOGO_WIDTHS,
        RENDITION_WIDTHS,
        delete_renditions,
        make_renditions,
        rendition_name,
        widths_for,
    )

    specs = [("covers/cover", 12, (1200, 675), "JPEG", "jpg", RENDITION_WIDTHS)]
    specs += [("gallery/photo", 8, (1600, 1067), "JPEG", "jpg", RENDITION_WIDTHS)]
    specs += [("logos/logo", 10, (240, 240), "PNG", "png", LOGO_WIDTHS)]
    made = {}
    for stem, count, size, fmt, extension, widths in specs:
        pictures = []
        for index in range(count):
            name = f"bench/{stem}-{index + 1:02d}.{extension}"
            versions = [rendition_name(name, width) for width in widths_for(size[0], widths)]
            if not all(default_storage.exists(n) for n in [name, *versions]):
                if default_storage.exists(name):
                    delete_renditions(default_storage, name, widths)
                    default_storage.delete(name)
                picture = ContentFile(_picture(size, index, f"bench {stem} {index + 1}", fmt))
                name = default_storage.save(name, picture)
                make_renditions(default_storage, name, widths)
            pictures.append(Picture(name, *size))
        made[stem.split("/")[0]] = pictures
    log(out, f"ảnh dùng chung: {sum(len(p) for p in made.values())} tệp gốc, kèm bản thu nhỏ")
    return made


def picture_fields(model, field_name, picture):
    """The values to store for ``picture`` in ``field_name``, its dimension fields included if the model has them."""
    field = model._meta.get_field(field_name)
    values = {field_name: picture.name}
    if getattr(field, "width_field", None):
        values[field.width_field] = picture.width
    if getattr(field, "height_field", None):
        values[field.height_field] = picture.height
    return values


# Fast paths for bulk loading -------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
# Tags that end a line of text (``core.text.html_to_text`` puts blocks and cells apart).
_BLOCK_TAG = re.compile(
    r"<(?:br|hr|/?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|figure|figcaption|table|tr|td|th|section))\b",
    re.IGNORECASE,
)
_FOLD_WORDS = re.compile(r"[a-z0-9]+")


class FastFold:
    """``core.fulltext.search_words`` for NFC text, one character table instead of a Unicode pass per
    character: the same result (checked on a sample of every run), a hundred times faster."""

    def __init__(self):
        self.table = {}

    def text(self, value):
        from core.text import strip_diacritics

        value = str(value or "")
        for char in set(value).difference(map(chr, self.table)):
            self.table[ord(char)] = strip_diacritics(char)
        words = _FOLD_WORDS.findall(value.translate(self.table).lower())
        return f" {' '.join(words)} " if words else " "

    @staticmethod
    def html_text(value):
        from core.text import html_to_text

        value = value or ""
        if "&" in value:
            return html_to_text(value)
        return _TAG.sub("", _BLOCK_TAG.sub(r" \g<0>", value))

    def search_value(self, instance, field):
        return self.text(" ".join(self.html_text(getattr(instance, source)) for source in field.sources))


@contextlib.contextmanager
def precomputed_search_fields(model, fold, *, check=50):
    """Fill ``model``'s folded search columns with ``fold`` instead of their own ``pre_save``.

    The first ``check`` rows are compared with what ``pre_save`` computes: a difference stops the run."""
    from core.fulltext import SearchTextField

    fields = [field for field in model._meta.concrete_fields if isinstance(field, SearchTextField)]
    checked = {"rows": 0}

    def fill(instances):
        for instance in instances:
            for field in fields:
                value = fold.search_value(instance, field)
                if checked["rows"] < check:
                    expected = type(field).pre_save(field, instance, True)
                    if value != expected:
                        raise AssertionError(f"fast fold differs for {field.name}: {value[:80]!r} != {expected[:80]!r}")
                setattr(instance, field.attname, value)
            checked["rows"] += 1

    for field in fields:
        field.pre_save = lambda instance, add, _name=field.attname: getattr(instance, _name)
    try:
        yield fill
    finally:
        for field in fields:
            del field.pre_save


@contextlib.contextmanager
def indexes_dropped(models):
    """On PostgreSQL, drop the plain (non-constraint) indexes of ``models``' tables while rows are
    loaded and build them again at the end: much faster than updating them row by row."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index_class.relname, pg_get_indexdef(index_class.oid)
            FROM pg_index x
            JOIN pg_class index_class ON index_class.oid = x.indexrelid
            JOIN pg_class table_class ON table_class.oid = x.indrelid
            WHERE table_class.relname = ANY(%s) AND NOT x.indisprimary AND NOT x.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """,
            [tables],
        )
        definitions = cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        # Deferred foreign keys are checked now: PostgreSQL builds no index on a table with pending checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in definitions:
            cursor.execute(definition)
