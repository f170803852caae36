"""The one HTML sanitizer for staff-written rich text (nh3, a maintained Rust sanitizer).

Allowed: paragraphs, headings, bold/italic/underline, lists, links, images, figures with
captions, tables and block quotes — what Word-like paste and the editor produce. Everything
else (scripts, event handlers, styles, classes, ``javascript:``/``data:`` URLs, SVG) is removed.
The XSS corpus in ``tests/security/xss_vectors.json`` is what this has to withstand.
"""

import re

import nh3

from core.text import nfc

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
# Removed together with everything inside them (other unknown tags are unwrapped, their text kept):
# code, embedded documents, and the parts of a pasted Word file that are not its text.
REMOVED_WITH_CONTENT = {
    "script", "style", "title", "head", "xml", "noscript", "noembed", "noframes", "template",
    "iframe", "object", "embed", "applet", "svg", "math",
}  # fmt: skip

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=REMOVED_WITH_CONTENT,
    # "*": attributes allowed on every element; nh3 would otherwise allow "lang" and "title".
    attributes={**ALLOWED_ATTRIBUTES, "*": set()},
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)

# Google Docs wraps a whole pasted selection in <b style="font-weight:normal" id="docs-internal-guid-…">,
# which would make the entire article bold.
_DOCS_WRAPPER = re.compile(r"<b\b[^>]*\bid=[\"']?docs-internal-guid-[^>]*>", re.IGNORECASE)


def _unwrap_docs_paste(html: str) -> str:
    match = _DOCS_WRAPPER.search(html)
    if not match:
        return html
    closing = html.lower().rfind("</b>")
    if closing < match.end():
        return html[: match.start()] + html[match.end() :]
    return html[: match.start()] + html[match.end() : closing] + html[closing + len("</b>") :]


def sanitize_html(html: str) -> str:
    """Clean staff HTML for publication; the result is NFC and safe to mark safe."""
    if not html:
        return ""
    cleaned = _cleaner.clean(_unwrap_docs_paste(nfc(html))).strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned
