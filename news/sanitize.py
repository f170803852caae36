"""The one HTML sanitizer for staff-written rich text (nh3, a maintained Rust sanitizer).

Allowed: paragraphs, headings, bold/italic/underline, lists, links, images, figures with
captions, tables and block quotes — what Word-like paste and the editor produce. Everything
else (scripts, event handlers, styles, ``javascript:``/``data:`` URLs, SVG) is removed.
"""

import nh3

from kpportal.text import nfc

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Clean staff HTML for publication; the result is NFC and safe to mark safe."""
    if not html:
        return ""
    cleaned = _cleaner.clean(nfc(html)).strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned
