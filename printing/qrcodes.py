"""QR codes drawn on our own server with the ``qrcode`` package: inline SVG for pages, PNG for print.

A code is made once for the text it encodes and then reused from Django's cache (the same cache
the page cache uses, so every app server shares it): the text holds the absolute address built
by ``core.site_address`` and, for an article or a programme, the fingerprint of the content version
(``?ban-in=…``), so a new version gets a new code and an unchanged one never costs a second
drawing. If the cache server is unreachable the code is drawn for this request and the page still
works. Each app process also keeps the inline drawings it used last (``LOCAL_SVG_DRAWINGS``): a
drawing is a function of the encoded text alone, so a kept copy is never stale, and a page view
then costs no cache round trip for its codes.
"""

import functools
import hashlib
import html
import io
import logging

import qrcode
from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import mark_safe
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from core import site_address

logger = logging.getLogger(__name__)

# Raised whenever the drawing below changes, so that codes drawn the old way are not reused.
RENDERING = "1"
CACHE_TIMEOUT = 60 * 60 * 24 * 30
QUIET_ZONE = 4  # modules of white margin that scanners need around the code
PNG_MODULE_PIXELS = 12  # about 4 cm wide at 300 dpi for an address with a fingerprint
PNG_DPI = 300
LOCAL_SVG_DRAWINGS = 512  # a few KB each
# Medium error correction: survives a fold or a smudge on a notice board and keeps the code small.
ERROR_CORRECTION = ERROR_CORRECT_M


def absolute_url(path: str) -> str:
    """The public address of ``path`` (``core.site_address``: SITE_URL, or in development the
    address being served). The host is part of the encoded text, so cached drawings never mix hosts."""
    return site_address.absolute_url(path)


def _cache():
    return caches[getattr(settings, "PAGECACHE_CACHE_ALIAS", "default")]


def _key(kind: str, data: str) -> str:
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
    return f"qr:{RENDERING}:{kind}:{digest}"


def _reused(kind: str, data: str, build):
    """``build()`` made once per encoded text and kept in the cache."""
    key = _key(kind, data)
    try:
        value = _cache().get(key)
    except Exception as exc:  # the cache server is down: draw it anyway
        logger.warning("QR cache unavailable (%s: %s)", type(exc).__name__, exc)
        return build()
    if value is None:
        value = build()
        try:
            _cache().set(key, value, CACHE_TIMEOUT)
        except Exception as exc:
            logger.warning("QR cache unavailable (%s: %s)", type(exc).__name__, exc)
    return value


def generate_matrix(data: str) -> tuple[str, ...]:
    """The QR code's modules, one string of "1" (dark) and "0" (light) per row, without margin."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=0, box_size=1)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return tuple("".join("1" if dark else "0" for dark in row) for row in code.get_matrix())


def matrix(data: str) -> tuple[str, ...]:
    return _reused("matrix", data, lambda: generate_matrix(data))


def _svg_path(rows: tuple[str, ...]) -> str:
    """One SVG path drawing each horizontal run of dark modules as a rectangle (quiet zone included)."""
    parts = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x] == "1":
                start = x
                while x < len(row) and row[x] == "1":
                    x += 1
                parts.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(parts)


def _svg_drawing(data: str) -> tuple[int, str]:
    rows = matrix(data)
    return len(rows) + 2 * QUIET_ZONE, _svg_path(rows)


@functools.lru_cache(maxsize=LOCAL_SVG_DRAWINGS)
def _kept_svg_drawing(rendering: str, data: str) -> tuple[int, str]:
    return _reused("svg", data, lambda: _svg_drawing(data))


def svg(data: str, *, label: str, css_class: str = "qr-code"):
    """An inline ``<svg>`` of the code for ``data``, with ``label`` for screen readers."""
    size, path = _kept_svg_drawing(RENDERING, data)
    css_class, label, data, path = (html.escape(str(value)) for value in (css_class, label, data, path))
    # Escaped above as format_html escapes (html.escape); one f-string instead of format_html's escape of
    # each of its eleven values, on every article page.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {size} {size}" '
        f'width="{size * 4}" height="{size * 4}" role="img" aria-label="{label}" shape-rendering="crispEdges" '
        f'data-qr="{data}"><title>{label}</title><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{path}"/></svg>'
    )


def _png_bytes(data: str) -> bytes:
    rows = matrix(data)
    size = len(rows) + 2 * QUIET_ZONE
    image = Image.new("1", (size, size), 1)
    pixels = image.load()
    for y, row in enumerate(rows):
        for x, module in enumerate(row):
            if module == "1":
                pixels[x + QUIET_ZONE, y + QUIET_ZONE] = 0
    image = image.resize((size * PNG_MODULE_PIXELS, size * PNG_MODULE_PIXELS), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(PNG_DPI, PNG_DPI), optimize=True)
    return buffer.getvalue()


def png(data: str) -> bytes:
    """A black-and-white PNG of the code for ``data``, sized for print (300 dpi)."""
    return _reused("png", data, lambda: _png_bytes(data))


def etag(data: str) -> str:
    """A strong validator of the image for ``data``: it changes exactly when the image does."""
    return '"' + hashlib.sha256(f"{RENDERING}|{PNG_MODULE_PIXELS}|{data}".encode()).hexdigest()[:32] + '"'
