"""Vietnamese text handling shared by every app: NFC normalization and slugs.

Django's ``slugify`` drops "đ" (it has no decomposition) and the admin's URLify.js
maps it to "dj"; both get Vietnamese wrong. ``slugify_vi`` here and
``static/admin/js/vi_slug.js`` implement the same rule, so the admin's live slug
field and the server agree.
"""

import re
import unicodedata

SLUG_MAX_LENGTH = 200

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def nfc(value):
    """Return ``value`` in Unicode NFC; pasted Vietnamese often arrives decomposed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def strip_diacritics(value: str) -> str:
    """Fold Vietnamese to plain ASCII letters: "Đoàn Thanh niên" -> "Doan Thanh nien"."""
    value = unicodedata.normalize("NFD", value).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in value if not unicodedata.category(ch).startswith("M"))


def slugify_vi(value: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Lowercase ASCII words joined by hyphens: "Thành đoàn Hải Phòng" -> "thanh-doan-hai-phong"."""
    folded = strip_diacritics(str(value)).lower()
    slug = _NON_ALNUM.sub("-", folded).strip("-")
    return slug[:max_length].rstrip("-")


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
    others = model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager.all()
    while others.filter(**{field: candidate}).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate
