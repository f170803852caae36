"""Validators for uploaded files: images must really be images, documents real PDFs."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.text import slugify_vi


def is_stored_unchanged(file) -> bool:
    """Whether ``file`` is the very file its row already holds: the object is saved again with its
    picture or document left as it was.

    Such a file was checked when it was uploaded. Reading it again would cost a storage request on
    every save (object storage in production), fail when the stored file is gone, and break on a
    file that other code has opened and closed meanwhile: a staff member fixing a typo must never
    meet any of that. A file just uploaded or assigned is not yet under its stored name, so it is
    always checked. The row is looked up without the model's default manager, which may hide it."""
    if not isinstance(file, FieldFile) or not file.name:
        return False
    instance = file.instance
    if instance.pk is None:
        return False
    rows = QuerySet(model=type(instance)).filter(pk=instance.pk, **{file.field.attname: file.name})
    return rows.exists()


def validate_image_upload(file):
    """A real raster image (checked by Pillow) within the byte and pixel limits."""
    if is_stored_unchanged(file):
        return
    max_bytes = settings.UPLOAD_IMAGE_MAX_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
            code="image_too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
            if width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("Ảnh có kích thước %(w)s×%(h)s điểm ảnh, vượt quá giới hạn cho phép."),
                    code="image_too_many_pixels",
                    params={"w": width, "h": height},
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Tệp tải lên không phải là ảnh hợp lệ (JPEG, PNG, GIF hoặc WebP)."), code="invalid_image"
        ) from None
    finally:
        file.seek(position)


def validate_pdf_upload(file):
    """A PDF by its content (the %PDF- signature), not by its name, within the size limit."""
    if is_stored_unchanged(file):
        return
    max_bytes = settings.UPLOAD_DOCUMENT_MAX_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
            code="document_too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(1024)
    finally:
        file.seek(position)
    if b"%PDF-" not in head:
        raise ValidationError(_("Văn bản ký kết phải là tệp PDF."), code="not_a_pdf")


@deconstructible
class UploadPath:
    """Safe, unique stored names: "logos/2024/hoi-khuyen-hoc-3f9a1c2e.png" for "Hội Khuyến học.PNG".

    The original name is transliterated (no spaces, no diacritics, no path tricks) and a random
    suffix keeps two uploads of "anh 1.jpg" apart."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        stem, _dot, extension = PurePosixPath(filename.replace("\\", "/")).name.rpartition(".")
        if not stem:
            stem, extension = extension, ""
        safe_stem = slugify_vi(stem, max_length=60) or "tep"
        safe_extension = slugify_vi(extension, max_length=10).replace("-", "")
        today = timezone.localdate()
        name = f"{safe_stem}-{uuid.uuid4().hex[:8]}" + (f".{safe_extension}" if safe_extension else "")
        return f"{self.prefix}/{today:%Y}/{today:%m}/{name}"

    def __eq__(self, other):
        return isinstance(other, UploadPath) and other.prefix == self.prefix

    def __hash__(self):
        return hash(self.prefix)
