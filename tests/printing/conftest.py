import io
import re
import uuid

import pytest
import zxingcpp
from django.core.cache import caches
from PIL import Image

from pagecache import middleware as pagecache

# Only QR codes are looked for: read as any format, part of a QR code can pass for a 1D barcode
# (ITF) and add a "code" that is not on the page.
QR_ONLY = zxingcpp.BarcodeFormat.QRCode
_RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\d+z")
_VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')


def decode_png(data: bytes) -> list[str]:
    """Every QR code a real decoder (zxing-cpp) finds in the PNG ``data``."""
    image = Image.open(io.BytesIO(data))
    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"), formats=QR_ONLY)]


def decode_image(path) -> list[str]:
    with Image.open(path) as image:
        return [result.text for result in zxingcpp.read_barcodes(image.convert("L"), formats=QR_ONLY)]


def rasterize_svg(markup: str, *, scale: int = 8) -> Image.Image:
    """Our inline SVG drawn pixel by pixel: its white square and each dark run of its path."""
    width, height = (int(value) for value in _VIEWBOX.search(markup).groups())
    image = Image.new("L", (width * scale, height * scale), 255)
    pixels = image.load()
    path = re.search(r'<path fill="#000" d="([^"]+)"', markup).group(1)
    runs = _RUN.findall(path)
    assert "".join(f"M{x} {y}h{w}v1h-{w}z" for x, y, w in runs) == path, "path holds something else"
    for x, y, w in runs:
        for px in range(int(x) * scale, (int(x) + int(w)) * scale):
            for py in range(int(y) * scale, (int(y) + 1) * scale):
                pixels[px, py] = 0
    return image


def decode_svg(markup: str) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(rasterize_svg(markup), formats=QR_ONLY)]


def svgs_in(html: str) -> list[str]:
    return re.findall(r"<svg [^>]*class=\"qr-code[^\"]*\".*?</svg>", html, flags=re.S)


@pytest.fixture
def qr_cache(settings):
    """A local memory cache of this test's own (QR codes are reused from Django's cache)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"qr-{uuid.uuid4()}"}
    }
    cache = caches["default"]
    yield cache
    cache.clear()


@pytest.fixture
def page_cache(settings, qr_cache):
    """The anonymous page cache turned on over the test's own cache."""
    settings.PAGECACHE_ENABLED = True
    pagecache.reset_state()
    yield qr_cache
    pagecache.reset_state()
