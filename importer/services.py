"""Importing an article page: checking the input and reading it with ``importer.rules``; writes nothing.

``prepare_import`` checks the input (size, binary, HTML, "is this an article?") and extracts. What is read
goes to the review forms (``importer.forms.ImportForms.proposed``) and, once confirmed, to
``importer.drafts.create_drafts``, which writes the drafts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from importer import rules
from importer.models import ImportRecord
from news.models import Category
from news.sanitize import sanitize_html
from organizations.models import Organization

MAX_INPUT_BYTES = 1024 * 1024
ALLOWED_EXTENSIONS = (".txt", ".html", ".htm")
MIN_ARTICLE_WORDS = 40
MIN_PARAGRAPH_WORDS = 12
DEFAULT_CATEGORY_NAME = "Tin hoạt động"

EMPTY = _("Chưa có nội dung: hãy dán nội dung bài viết hoặc chọn một tệp .txt/.html.")
TOO_LARGE = _("Nội dung lớn hơn 1 MB. Hãy chỉ dán phần bài viết (tiêu đề, ngày đăng, nội dung, tác giả).")
BINARY = _(
    "Tệp này không phải là văn bản (có thể là ảnh, PDF hay tệp Word). Hãy tải lên tệp .txt hoặc .html, "
    "hoặc mở bài trên trình duyệt rồi sao chép nội dung dán vào ô."
)
BAD_EXTENSION = _("Chỉ nhận tệp .txt hoặc .html.")
NOT_AN_ARTICLE = _(
    "Không nhận ra một bài viết trong nội dung này: cần có tiêu đề và ít nhất một đoạn văn hoàn chỉnh "
    "(từ %(words)s chữ trở lên). Hãy sao chép cả trang bài viết rồi dán lại."
)
NOT_VIETNAMESE = _(
    "Nội dung này không phải là một bài viết tiếng Việt. Cổng chỉ nhập tin bài tiếng Việt; hãy dán bài từ "
    "trang tiếng Việt của cơ quan, đơn vị."
)
BAD_URL = _("Địa chỉ nguồn không hợp lệ; hãy nhập dạng https://… hoặc để trống.")
SCRIPTS_REMOVED = _("Tệp HTML có mã script hoặc thuộc tính sự kiện; chúng đã bị loại bỏ, chỉ giữ lại văn bản của bài.")


class ImportRejected(Exception):
    """Input that cannot become an article; ``message`` is shown to staff as it is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class PreparedImport:
    raw: str  # the input as given (decoded)
    text: str  # the plain text the rules read
    extraction: rules.Extraction
    filename: str = ""
    source_url: str = ""
    warnings: list[str] = field(default_factory=list)
    existing: ImportRecord | None = None

    @property
    def fingerprint(self) -> str:
        return self.extraction.fingerprint


# ---------------------------------------------------------------------------------------------
# Reading the input
# ---------------------------------------------------------------------------------------------


def decode_upload(*, data: bytes, filename: str = "") -> str:
    """The text of an uploaded .txt/.html file; refuses binary files and anything over 1 MB."""
    if filename and not filename.lower().endswith(ALLOWED_EXTENSIONS):
        raise ImportRejected(BAD_EXTENSION)
    if len(data) > MAX_INPUT_BYTES:
        raise ImportRejected(TOO_LARGE)
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        elif b"\x00" in data[:65536]:
            raise ImportRejected(BINARY)
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(BINARY) from exc
    if not looks_like_text(text):
        raise ImportRejected(BINARY)
    return text


# Letters only Vietnamese uses among the languages a pasted page may be in (ă, đ, ơ, ư and the tone marks
# on them); a Vietnamese article has one in almost every sentence.
_VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}


def looks_vietnamese(text: str) -> bool:
    sample = text[:20000]
    letters = sum(1 for c in sample if c.isalpha())
    if letters < 200:
        return True  # too short to tell: the article checks below give the clearer message
    return sum(1 for c in sample if c in _VIETNAMESE_LETTERS) >= 0.02 * letters


def looks_like_text(text: str) -> bool:
    """Decoded bytes of an image or archive are mostly unprintable; a page is mostly not."""
    sample = text[:65536]
    if not sample:
        return True
    printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
    return printable >= 0.98 * len(sample)


def known_organizations() -> list[rules.KnownOrganization]:
    fields = ["pk", "name", "short_name", "abbreviation", "aliases"]
    return [
        rules.KnownOrganization(pk=org.pk, label=org.display_name, names=tuple(org.known_names()))
        for org in Organization.objects.only(*fields).order_by("name", "pk")
    ]


def prepare_import(
    *, text: str | None = None, data: bytes | None = None, filename: str = "", source_url: str = ""
) -> PreparedImport:
    """Check and read an article page (pasted ``text`` or uploaded ``data``). Writes nothing.

    Raises ``ImportRejected`` with a Vietnamese message for input that cannot become an article."""
    if data is not None:
        text = decode_upload(data=data, filename=filename)
    text = text or ""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        raise ImportRejected(TOO_LARGE)
    if not text.strip():
        raise ImportRejected(EMPTY)
    if "\x00" in text or not looks_like_text(text):
        raise ImportRejected(BINARY)
    source_url = (source_url or "").strip()
    if source_url:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError as exc:
            raise ImportRejected(BAD_URL) from exc

    raw = text
    warnings: list[str] = []
    html_title = site_name = ""
    if filename.lower().endswith((".html", ".htm")) or rules.looks_like_html(text):
        converted = rules.html_to_text(text)
        text, html_title, site_name = converted.text, converted.title, converted.site_name
        if converted.had_script:
            warnings.append(str(SCRIPTS_REMOVED))
    extraction = rules.extract_article(text, known=known_organizations(), html_title=html_title, site_name=site_name)
    paragraphs = [extraction.lead.value, *extraction.paragraphs]
    if not looks_vietnamese(" ".join([extraction.title.value, extraction.lead.value, *extraction.paragraphs])):
        raise ImportRejected(NOT_VIETNAMESE)
    if (
        not (extraction.title.value or extraction.lead.value)
        or extraction.word_count() < MIN_ARTICLE_WORDS
        or not any(rules.word_count(p) >= MIN_PARAGRAPH_WORDS for p in paragraphs)
    ):
        raise ImportRejected(NOT_AN_ARTICLE % {"words": MIN_PARAGRAPH_WORDS})
    warnings += extraction.warnings
    existing = (
        ImportRecord.objects.select_related("article", "programme").filter(fingerprint=extraction.fingerprint).first()
    )
    return PreparedImport(
        raw=raw,
        text=text,
        extraction=extraction,
        filename=filename,
        source_url=source_url,
        warnings=warnings,
        existing=existing,
    )


# ---------------------------------------------------------------------------------------------
# What the review form and the drafts take from the reading
# ---------------------------------------------------------------------------------------------


def default_category() -> Category:
    category = Category.objects.order_by("order", "name").first()
    if category is None:
        category, _created = Category.objects.get_or_create(name=DEFAULT_CATEGORY_NAME)
    return category


def provisional_title(found: rules.Extraction) -> str:
    """A page without a headline: its first sentence stands in until staff write the title."""
    if not found.lead.value:
        return ""
    first = rules.split_sentences(found.lead.value)[0]
    return " ".join(first.split()[:20]).rstrip(".,;:")


def body_html(extraction: rules.Extraction) -> str:
    """The article body: paragraphs, lists, and each caption where its image was (as a figure caption,
    so that staff see where to add the picture)."""
    parts: list[str] = []
    items: list[str] = []
    numbered = False

    def flush():
        nonlocal items
        if items:
            tag = "ol" if numbered else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + f"</{tag}>")
            items = []

    for kind, text in extraction.blocks:
        if kind == "li":
            if not items:
                numbered = bool(re.match(r"^\(?\d", text))
            items.append(rules.LIST_MARKER.sub("", text).strip())
            continue
        flush()
        if kind == "caption":
            parts.append(f"<figure><figcaption>{html.escape(text)}</figcaption></figure>")
        else:
            parts.append(f"<p>{html.escape(text)}</p>")
    flush()
    return sanitize_html("".join(parts))
