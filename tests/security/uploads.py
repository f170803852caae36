"""Files a test uploads: honest images with location data, images that lie about their size, PDFs."""

import io
import struct
import zlib

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXIF_ORIENTATION = 0x0112
EXIF_MAKE = 0x010F
EXIF_GPS_IFD = 0x8825
HAI_PHONG = {1: "N", 2: (20.0, 51.0, 54.0), 3: "E", 4: (106.0, 41.0, 18.0)}


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG (a few dozen bytes) whose header claims ``width`` × ``height`` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


def location_exif(orientation=6):
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    exif[EXIF_MAKE] = "DienThoaiCuaBienTapVien"
    exif.get_ifd(EXIF_GPS_IFD).update(HAI_PHONG)
    return exif


def photo(size=(120, 80)):
    image = Image.new("RGB", size, (30, 90, 160))
    for x in range(0, size[0], 7):
        image.putpixel((x, x % size[1]), (250, 250, 0))
    return image


def jpeg_with_location(*, progressive=False, trailing=b"") -> bytes:
    buffer = io.BytesIO()
    photo().save(
        buffer, "JPEG", exif=location_exif(), quality=92, progressive=progressive, comment=b"Chup tai nha rieng"
    )
    return buffer.getvalue() + trailing


def png_with_location() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Nha rieng, 20.8515N 106.6884E")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta><exif:GPSLatitude>20,51.25N</exif:GPSLatitude></x:xmpmeta>")
    buffer = io.BytesIO()
    photo().save(buffer, "PNG", pnginfo=info, exif=location_exif())
    return buffer.getvalue()


def webp_with_location() -> bytes:
    buffer = io.BytesIO()
    photo().save(buffer, "WEBP", exif=location_exif(), xmp=b"<x:xmpmeta>GPS 20.85N</x:xmpmeta>", lossless=True)
    return buffer.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(EXIF_GPS_IFD))


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())


def pixels_of(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


def minimal_pdf(text="Van ban ky ket") -> bytes:
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
