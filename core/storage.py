"""Media storage that never publishes where a photo was taken.

Phones write the GPS position (and camera serial numbers, owner names, editing history) into the
photos staff upload. ``MediaStorage`` removes that metadata from JPEG, PNG and WebP files as they are
stored, whatever wrote them (admin, importer, shell). JPEG and WebP pixels are not re-encoded: the
metadata segments are cut out of the file, so a photo loses no quality (Pillow can only write them
again by decoding and encoding, which changes every 8×8 block of a JPEG even at its own quality).
Only the EXIF orientation of a JPEG survives (rewritten as a minimal EXIF block), or portrait photos
would be shown sideways; colour profiles are kept. PNG, lossless, is written again by Pillow. Anything
after the image's end (phones append depth maps and previews with their own metadata) is dropped.
"""

import io
import logging
import struct

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from PIL import Image

from core.text import slugify_vi

PUBLIC_DIR = "public"  # core.private_media's public area

logger = logging.getLogger(__name__)

EXIF_ORIENTATION = 0x0112

JPEG_SOI = b"\xff\xd8"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# JPEG segments kept: JFIF (APP0), ICC colour profile (APP2 "ICC_PROFILE"), Adobe colour
# transform (APP14) and everything that is not an APPn/COM segment (tables, frame, scans).
_JPEG_KEPT_APP = {0xE0, 0xEE}
# What Pillow reads from a PNG that says nothing about who took it or where.
_PNG_HARMLESS_INFO = {"dpi", "gamma", "srgb", "icc_profile", "transparency", "aspect", "chromaticity"}
_WEBP_DROPPED_CHUNKS = {b"EXIF", b"XMP "}
_WEBP_VP8X_EXIF_FLAG = 0x08
_WEBP_VP8X_XMP_FLAG = 0x04


class MetadataError(ValueError):
    """The file looked like an image of a known format but its structure could not be followed."""


def _exif_orientation(data: bytes) -> int | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            orientation = image.getexif().get(EXIF_ORIENTATION)
    except Exception:
        return None
    return orientation if orientation in range(2, 9) else None


def _jpeg_orientation_segment(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    payload = exif.tobytes()  # starts with b"Exif\0\0"
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _keep_jpeg_segment(marker: int, payload: bytes) -> bool:
    if marker == 0xFE:  # comment
        return False
    if not 0xE0 <= marker <= 0xEF:  # not APPn: tables, frame, scan headers
        return True
    return marker in _JPEG_KEPT_APP or (marker == 0xE2 and payload.startswith(b"ICC_PROFILE\0"))


def _end_of_scan(data: bytes, pos: int) -> int:
    """Where the entropy-coded data starting at ``pos`` ends: at the next marker that is neither a
    stuffed 0xFF00 nor a restart marker."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos == -1 or pos + 1 >= len(data):
            raise MetadataError("JPEG scan without end")
        following = data[pos + 1]
        if following == 0xFF:
            pos += 1
        elif following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
        else:
            return pos


def _jpeg_segments(data: bytes):
    """(marker, bytes) for every segment of a JPEG up to and including its end marker (EOI)."""
    pos, size = 2, len(data)
    while True:
        if pos >= size or data[pos] != 0xFF:
            raise MetadataError(f"JPEG marker expected at {pos}")
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            raise MetadataError("JPEG ends inside a marker")
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            yield marker, b"\xff\xd9"
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            yield marker, bytes((0xFF, marker))
            continue
        (length,) = struct.unpack(">H", data[pos : pos + 2].rjust(2, b"\0"))
        end = pos + length
        if length < 2 or end > size:
            raise MetadataError("JPEG segment overruns the file")
        yield marker, data[pos - 2 : end]
        pos = end
        if marker == 0xDA:  # start of scan: the entropy-coded data follows the header
            scan_end = _end_of_scan(data, pos)
            yield None, data[pos:scan_end]
            pos = scan_end


def strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(JPEG_SOI):
        raise MetadataError("not a JPEG")
    kept = [
        segment for marker, segment in _jpeg_segments(data) if marker is None or _keep_jpeg_segment(marker, segment[4:])
    ]
    # Whatever follows the end marker (appended previews, depth maps) is not part of this image.
    orientation = _exif_orientation(data)
    if orientation:
        position = 1 if kept and kept[0].startswith(b"\xff\xe0") else 0
        kept.insert(position, _jpeg_orientation_segment(orientation))
    return JPEG_SOI + b"".join(kept)


def strip_png(data: bytes) -> bytes:
    """The PNG written again by Pillow (PNG is lossless: the same pixels) with only its colour
    profile, resolution and transparency, if it carries anything else (EXIF, XMP, text); else
    unchanged. An EXIF orientation goes with the rest, as it always has: screenshots and drawings,
    what PNG holds, have none."""
    if not data.startswith(PNG_SIGNATURE):
        raise MetadataError("not a PNG")
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()  # text chunks after the pixels are read with them
            if set(opened.info) <= _PNG_HARMLESS_INFO:
                return data  # nothing personal: stored byte for byte
            options = {key: opened.info[key] for key in ("icc_profile", "dpi", "transparency") if key in opened.info}
            out = io.BytesIO()
            if getattr(opened, "n_frames", 1) > 1:  # an animation: its frames as they are
                opened.save(out, format="PNG", save_all=True, **options)
            else:
                opened.save(out, format="PNG", optimize=True, **options)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise MetadataError(f"PNG not readable: {exc}") from exc
    return out.getvalue()


def strip_webp(data: bytes) -> bytes:
    if not (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise MetadataError("not a WebP")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end_of_riff = min(len(data), 8 + riff_size)
    chunks = []
    pos = 12
    while pos + 8 <= end_of_riff:
        fourcc, length = struct.unpack("<4sI", data[pos : pos + 8])
        end = pos + 8 + length + (length & 1)
        if pos + 8 + length > end_of_riff:
            raise MetadataError("WebP chunk overruns the file")
        chunk = bytearray(data[pos:end])
        if fourcc == b"VP8X" and length >= 1:
            chunk[8] &= ~(_WEBP_VP8X_EXIF_FLAG | _WEBP_VP8X_XMP_FLAG) & 0xFF
        if fourcc not in _WEBP_DROPPED_CHUNKS:
            chunks.append(bytes(chunk))
        pos = end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _strip_by_reencoding(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
        out = io.BytesIO()
        options = {"quality": "keep"} if image_format == "JPEG" else {}
        image.save(out, format=image_format, **options)
    return out.getvalue()


def strip_image_metadata(data: bytes) -> bytes:
    """``data`` without location and other personal metadata if it is a JPEG, PNG or WebP image;
    anything else unchanged."""
    if data.startswith(JPEG_SOI):
        stripper = strip_jpeg
    elif data.startswith(PNG_SIGNATURE):
        stripper = strip_png
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        stripper = strip_webp
    else:
        return data
    try:
        return stripper(data)
    except MetadataError as exc:
        logger.warning("Image structure not understood (%s); re-encoding it to drop its metadata", exc)
    try:
        return _strip_by_reencoding(data)
    except Exception:
        # Not an image a browser would show either; the upload validators refuse such files.
        logger.warning("Could not read an image to strip its metadata; stored unchanged")
        return data


class MetadataStrippingMixin:
    """What every media storage of the portal does, on disk and on the object store alike: image
    metadata stripped in the public ``save``, safe file names, and the public area (``public/``)
    kept apart from uploads.

    ``public/`` holds what readers may see (``core.public_area``): nothing is uploaded there, and
    listings (backups, ``move_media``) leave it out."""

    def listdir(self, path):
        directories, files = super().listdir(path)
        if path in ("", ".", "/"):
            directories = [name for name in directories if name != PUBLIC_DIR]
        return directories, files

    def get_valid_name(self, name):
        # Defence in depth behind ``core.uploads.UploadPath``: ASCII, no spaces, no dot files.
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = extension, ""
        safe_stem = slugify_vi(stem, max_length=100) or "tep"
        safe_extension = slugify_vi(extension, max_length=10).replace("-", "")
        return f"{safe_stem}.{safe_extension}" if safe_extension else safe_stem

    def save(self, name, content, max_length=None):
        refuse_public_area(name if name is not None else getattr(content, "name", "") or "")
        content.seek(0)
        data = content.read()
        stripped = strip_image_metadata(data)
        if stripped is not data:
            content = ContentFile(stripped, name=getattr(content, "name", None))
        else:
            content.seek(0)
        return super().save(name, content, max_length=max_length)

    def save_unchanged(self, name, content):
        """Store ``content`` byte for byte under ``name``: a file this portal stored before (its
        metadata already stripped), moved from another storage, whose checksum must not change."""
        refuse_public_area(name)
        return super().save(name, content)


def refuse_public_area(name):
    if str(name).replace("\\", "/").lstrip("/").split("/", 1)[0] == PUBLIC_DIR:
        raise SuspiciousFileOperation(f"{PUBLIC_DIR}/ holds what readers may see, not uploads")


@deconstructible
class MediaStorage(MetadataStrippingMixin, FileSystemStorage):
    """The default storage: the local media folder (``DJANGO_MEDIA_ROOT``)."""
