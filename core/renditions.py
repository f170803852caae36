"""Image renditions: smaller copies of an uploaded picture, made once when it is saved.

A public page never resizes anything. When a picture is stored through a ``RenditionImageField``
(admin, importer, demo loader, shell: every path that calls ``FieldFile.save``), WebP copies
``RENDITION_WIDTHS`` pixels wide are written beside the original, named
"<original name>.<width>w.webp" ("articles/2024/05/hoi-nghi-3f9a1c2e.jpg.800w.webp"). No copy is
made at or above the original's width. Which renditions exist, and their sizes, follow from the
original's dimensions alone, which the model stores in its ``width_field``/``height_field``: pages
build ``srcset``, ``width`` and ``height`` without touching storage.

Dimensions are those a browser shows, the EXIF orientation applied (a portrait photo taken
sideways is taller than wide), and so are the renditions.
"""

import functools
import io
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.fields.files import ImageFieldFile, ImageFileDescriptor
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# List thumbnail, article column, print page.
RENDITION_WIDTHS = (360, 800, 1200)
# Logos are shown in boxes of 48 to 96 px: one copy sharp on a phone's double-density screen.
LOGO_WIDTHS = (128,)
NAMED_WIDTHS = {"logo": 128, "thumbnail": 360, "article": 800, "print": 1200}
FORMAT = "WEBP"
EXTENSION = "webp"
QUALITY = 80
# An original at most this wide is offered in srcset too; larger originals (camera files) never are.
MAX_ORIGINAL_IN_SRCSET = 1600
_EXIF_ORIENTATION = 0x0112
_ROTATED_ORIENTATIONS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    is_original: bool = False


def rendition_name(name: str, width: int) -> str:
    return f"{name}.{width}w.{EXTENSION}"


def widths_for(original_width: int, widths=RENDITION_WIDTHS) -> list[int]:
    """The rendition widths (of ``widths``) made for an original ``original_width`` pixels wide."""
    return [width for width in widths if width < original_width]


def scaled_height(original_width: int, original_height: int, width: int) -> int:
    return max(1, round(original_height * width / original_width))


def oriented_size(file) -> tuple[int, int] | tuple[None, None]:
    """(width, height) as displayed, the EXIF orientation applied; (None, None) if unreadable."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
            if image.getexif().get(_EXIF_ORIENTATION) in _ROTATED_ORIENTATIONS:
                width, height = height, width
            return width, height
    except Exception:
        return None, None
    finally:
        try:
            file.seek(position)
        except Exception:  # a closed file needs no rewinding
            pass


def _encode(image: Image.Image, width: int) -> bytes:
    height = scaled_height(image.width, image.height, width)
    resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    resized.save(buffer, format=FORMAT, quality=QUALITY, method=4)
    return buffer.getvalue()


def _make(storage, name: str, widths=RENDITION_WIDTHS):
    """((width, height) as displayed, [rendition names]) for the stored image ``name``."""
    try:
        with storage.open(name, "rb") as source, Image.open(source) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except Exception as exc:
        logger.warning("No renditions for %s: the image cannot be read (%s)", name, exc)
        return (None, None), []
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    made = []
    for width in widths_for(image.width, widths):
        target = rendition_name(name, width)
        if storage.exists(target):
            storage.delete(target)
        made.append(storage.save(target, ContentFile(_encode(image, width))))
    return image.size, made


def make_renditions(storage, name: str, widths=RENDITION_WIDTHS) -> list[str]:
    """Write the renditions of the stored image ``name`` (replacing older ones); their names.

    Called when an image is saved, never while serving a page. An unreadable image gets none
    (pages then show the original)."""
    return _make(storage, name, widths)[1]


def delete_renditions(storage, name: str, widths=RENDITION_WIDTHS) -> None:
    for width in widths:
        target = rendition_name(name, width)
        try:
            if storage.exists(target):
                storage.delete(target)
        except Exception as exc:
            logger.warning("Could not delete rendition %s (%s)", target, exc)


def original_size(fieldfile) -> tuple[int, int] | None:
    """The original's displayed (width, height): from the model's dimension fields when it has them
    (no storage access; None if they are empty); otherwise read from the file's header (a field
    without dimension fields); None without a readable image."""
    if not fieldfile:
        return None
    field, instance = fieldfile.field, fieldfile.instance
    width_field, height_field = getattr(field, "width_field", None), getattr(field, "height_field", None)
    if width_field and height_field:
        # The model records sizes: unknown means never measured or missing, and is not looked up here.
        width, height = getattr(instance, width_field, None), getattr(instance, height_field, None)
        return (width, height) if width and height else None
    try:
        width, height = fieldfile.width, fieldfile.height
    except (OSError, ValueError, TypeError):
        return None
    return (width, height) if width and height else None


def renditions(fieldfile) -> list[Rendition]:
    """Every version of the picture a page may offer, narrowest first, the original last if small enough."""
    size = original_size(fieldfile)
    if size is None:
        return []
    width, height = size
    storage, name = fieldfile.storage, fieldfile.name
    widths = tuple(getattr(fieldfile.field, "rendition_widths", RENDITION_WIDTHS))
    if isinstance(storage, FileSystemStorage) and storage.__class__.url is FileSystemStorage.url:
        # Addresses on the local file system are a function of the media URL and the name: the
        # covers, galleries and logos of a page are worked out once per process (a page has dozens).
        return list(_local_renditions(storage.base_url, name, width, height, widths))
    return _renditions(storage, name, width, height, widths)


def _renditions(storage, name, width, height, widths):
    found = [
        Rendition(storage.url(rendition_name(name, w)), w, scaled_height(width, height, w))
        for w in widths_for(width, widths)
    ]
    if not found or width <= MAX_ORIGINAL_IN_SRCSET:
        found.append(Rendition(storage.url(name), width, height, is_original=True))
    return found


@functools.lru_cache(maxsize=4096)
def _local_renditions(base_url, name, width, height, widths):
    return tuple(_renditions(FileSystemStorage(base_url=base_url), name, width, height, widths))


def pick(versions: list[Rendition], width) -> Rendition | None:
    """The narrowest version at least ``width`` pixels wide (a number or a name such as "print"),
    or the widest there is."""
    if not versions:
        return None
    wanted = NAMED_WIDTHS.get(width, width) if isinstance(width, str) else width
    wanted = int(wanted)
    for version in versions:
        if version.width >= wanted:
            return version
    return versions[-1]


def make_missing_renditions(model, field_name, storage=None):
    """Make the renditions a field's stored pictures lack (its widths changed after they were
    saved; a data migration calls this). Returns how many files got new renditions."""
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    field = model._meta.get_field(field_name)
    made = 0
    for name, width in (
        model._meta.default_manager.exclude(**{field_name: ""})
        .filter(**{f"{field.width_field}__isnull": False})
        .values_list(field_name, field.width_field)
        .distinct()
        .order_by()
    ):
        wanted = [rendition_name(name, w) for w in widths_for(width, field.rendition_widths)]
        try:
            if not wanted or all(storage.exists(n) for n in wanted) or not storage.exists(name):
                continue
        except Exception:  # an unusable name or an unreachable storage: nothing to make
            continue
        if _make(storage, name, field.rendition_widths)[1]:
            made += 1
    return made


def backfill(model, field_name, storage=None):
    """Store the dimensions, and make the renditions, of pictures saved before the model recorded
    them (a data migration calls this). Rows sharing one file are measured once; a file missing
    from storage leaves its rows as they are. Returns how many distinct files were measured."""
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    field = model._meta.get_field(field_name)
    rows = model._meta.default_manager.exclude(**{field_name: ""}).filter(**{f"{field.width_field}__isnull": True})
    measured = 0
    for name in rows.values_list(field_name, flat=True).distinct().order_by():
        try:
            if not storage.exists(name):
                continue
        except Exception:  # an unusable name or an unreachable storage: nothing to measure
            continue
        (width, height), _made = _make(storage, name, field.rendition_widths)
        if width and height:
            rows.filter(**{field_name: name}).update(**{field.width_field: width, field.height_field: height})
            measured += 1
    return measured


class RenditionImageFieldFile(ImageFieldFile):
    """Makes the renditions when a new picture is stored, deletes them with it, and measures the
    picture as displayed (EXIF orientation applied)."""

    measured_size = None  # (width, height) once read

    @property
    def width(self):
        return self.displayed_size()[0]

    @property
    def height(self):
        return self.displayed_size()[1]

    def displayed_size(self):
        """(width, height) as displayed, read once (Django's ``width``/``height`` ignore the orientation)."""
        if self.measured_size is None:
            close = self.closed
            self.open()
            try:
                self.measured_size = oriented_size(self)
            finally:
                if close:
                    self.close()
        return self.measured_size

    def save(self, name, content, save=True):
        super().save(name, content, save=False)
        size, _made = _make(self.storage, self.name, self.field.rendition_widths)
        # Django measures a picture when it is assigned, not when it is saved from nameless
        # content (``ContentFile(data)``): the stored file's displayed size is recorded here.
        if size != (None, None):
            self.measured_size = size
            if self.field.width_field:
                setattr(self.instance, self.field.width_field, size[0])
            if self.field.height_field:
                setattr(self.instance, self.field.height_field, size[1])
        if save:
            self.instance.save()

    def delete(self, save=True):
        if self:
            delete_renditions(self.storage, self.name, self.field.rendition_widths)
        self.measured_size = None
        super().delete(save=save)


class RenditionImageFileDescriptor(ImageFileDescriptor):
    """Measures a picture when a different one is assigned, not when the form hands back the one
    the row already holds (every save of an unchanged object does): its size is recorded, and
    reading it again from storage would cost a request, or lose the size when the file is missing."""

    def __set__(self, instance, value):
        if value is not None and value is instance.__dict__.get(self.field.attname):
            return
        super().__set__(instance, value)


class RenditionImageField(models.ImageField):
    """An ``ImageField`` whose pictures get renditions when saved (see the module docstring).
    Give it ``width_field`` and ``height_field`` so that pages never read the file to size it."""

    attr_class = RenditionImageFieldFile
    descriptor_class = RenditionImageFileDescriptor

    def __init__(self, *args, rendition_widths=RENDITION_WIDTHS, **kwargs):
        self.rendition_widths = tuple(rendition_widths)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.rendition_widths != RENDITION_WIDTHS:
            kwargs["rendition_widths"] = self.rendition_widths
        return name, path, args, kwargs

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django measures the file whenever a row whose dimensions are empty is loaded: one storage
        # read per row and page (an error if the file is gone). Here a picture is measured only
        # when one is assigned or saved; rows stored before are measured by ``backfill``.
        if not force:
            return
        try:
            super().update_dimension_fields(instance, True, *args, **kwargs)
        except (OSError, ValueError):
            for name in (self.width_field, self.height_field):
                if name:
                    setattr(instance, name, None)
