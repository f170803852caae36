"""Vietnamese text handling shared by every app: NFC normalization, folding and slugs.

``fold`` is the one comparison form of text in the project: slugs, the public search, the admin
search and the importer all fold through it, so "Đoàn", "ĐOÀN" and "doan" are the same word
everywhere. PostgreSQL folds with ``unaccent`` (``kpportal.search.SearchFold``), which maps the
same letters, "Ð" (eth, pasted for "Đ" by old Vietnamese encodings) included.

Django's ``slugify`` drops "đ" (it has no decomposition) and the admin's URLify.js
maps it to "dj"; both get Vietnamese wrong. ``slugify_vi`` here and
``static/admin/js/vi_slug.js`` implement the same rule, so the admin's live slug
field and the server agree.
"""

import re
import unicodedata

SLUG_MAX_LENGTH = 200

_WORDS = re.compile(r"[a-z0-9]+")


def nfc(value):
    """Return ``value`` in Unicode NFC; pasted Vietnamese often arrives decomposed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _strip_marks(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.category(c).startswith("M"))


def _build_folding() -> dict[int, str | None]:
    # One str.translate table, built once: the importer folds thousands of names per article, and a
    # Unicode decomposition per character per call was its slowest step. Latin, Greek, Cyrillic and
    # every combining mark below U+2000 is all Vietnamese text needs.
    table: dict[int, str | None] = {cp: None for cp in range(0x300, 0x370)}  # combining marks
    for cp in range(0xC0, 0x2000):
        folded = _strip_marks(chr(cp))
        if folded != chr(cp):
            table[cp] = folded
    # Letters with a stroke have no decomposition.
    table |= {ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"}
    return table


_FOLDING = _build_folding()


def strip_diacritics(value: str) -> str:
    """Vietnamese as plain ASCII letters, case kept: "Đoàn Thanh niên" -> "Doan Thanh nien"."""
    return nfc(str(value)).translate(_FOLDING)


def fold(value) -> str:
    """The comparison form of a text: no diacritics, lowercase, single spaces, punctuation kept.

    "Đoàn Thanh niên,  Hải Phòng" -> "doan thanh nien, hai phong"."""
    return " ".join(strip_diacritics("" if value is None else str(value)).lower().split())


def folded_words(value) -> list[str]:
    """The words of ``fold(value)``, anything but a-z and 0-9 separating them: ["doan", "thanh", ...]."""
    return _WORDS.findall(fold(value))


def slugify_vi(value: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Lowercase ASCII words joined by hyphens: "Thành đoàn Hải Phòng" -> "thanh-doan-hai-phong"."""
    return "-".join(folded_words(value))[:max_length].rstrip("-")


def normalize_text_fields(instance) -> None:
    """Normalize every text attribute of a model instance to NFC, in place."""
    from django.db import models

    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, nfc(value))


def unique_slug(instance, base: str, *, field: str = "slug", max_length: int = SLUG_MAX_LENGTH) -> str:
    """``base`` made unique among ``instance``'s model by a numeric suffix (-2, -3, ...)."""
    model = type(instance)
    base = base[:max_length].rstrip("-") or "muc"
    candidate, n = base, 1
    others = model._meta.default_manager.exclude(pk=instance.pk) if instance.pk else model._meta.default_manager.all()
    while others.filter(**{field: candidate}).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate
