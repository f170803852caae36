"""Abstract bases shared by the content apps (no tables of their own)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import normalize_text_fields


class NormalizedModel(models.Model):
    """Every text field is stored in Unicode NFC, whichever path writes it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalize_text_fields(self)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        normalize_text_fields(self)
        super().clean_fields(exclude=exclude)


class TimestampedModel(NormalizedModel):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True
