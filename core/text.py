"""Vietnamese text handling shared by every app: NFC normalization, folding and slugs.

``fold`` is the one comparison form of text in the project: slugs, the public search, the admin
search and the importer all fold through it, so "Đoàn", "ĐOÀN" and "doan" are the same word
everywhere. PostgreSQL folds with ``unaccent`` (``core.fulltext.SearchFold``), which maps the
same letters, "Ð" (eth, pasted for "Đ" by old Vietnamese encodings) included.

``html_to_text`` is the one reading of HTML as text: the search columns of articles, the search
snippets, the revision differences and the importer all read rich text through it.

Django's ``slugify`` drops "đ" (it has no decomposition) and the admin's URLify.js
maps it to "dj"; both get Vietnamese wrong. ``slugify_vi`` here and
``static/admin/js/vi_slug.js`` implement the same rule, so the admin's live slug
field and the server agree.
"""

import re
import unicodedata
from html.parser import HTMLParser

from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length

SLUG_MAX_LENGTH = 200

_WORDS = re.compile(r"[a-z0-9]+")


def nfc(value):
    """Return ``value`` in Unicode NFC; pasted Vietnamese often arrives decomposed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _strip_marks(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.category(c).startswith("M"))


def _build_folding() -> dict[int, str | None]:
    # One str.translate table, built once: the importer folds thousands of names per article, and a
    # Unicode decomposition per character per call was its slowest step. Latin, Greek, Cyrillic and
    # every combining mark below U+2000 is all Vietnamese text needs.
    table: dict[int, str | None] = {cp: None for cp in range(0x300, 0x370)}  # combining marks
    for cp in range(0xC0, 0x2000):
        folded = _strip_marks(chr(cp))
        if folded != chr(cp):
            table[cp] = folded
    # Letters with a stroke have no decomposition.
    table |= {ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"}
    return table


_FOLDING = _build_folding()


def strip_diacritics(value: str) -> str:
    """Vietnamese as plain ASCII letters, case kept: "Đoàn Thanh niên" -> "Doan Thanh nien"."""
    return nfc(str(value)).translate(_FOLDING)


def fold(value) -> str:
    """The comparison form of a text: no diacritics, lowercase, single spaces, punctuation kept.

    "Đoàn Thanh niên,  Hải Phòng" -> "doan thanh nien, hai phong"."""
    return " ".join(strip_diacritics("" if value is None else str(value)).lower().split())


def folded_words(value) -> list[str]:
    """The words of ``fold(value)``, anything but a-z and 0-9 separating them: ["doan", "thanh", ...]."""
    return _WORDS.findall(fold(value))


def slugify_vi(value: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Lowercase ASCII words joined by hyphens: "Thành đoàn Hải Phòng" -> "thanh-doan-hai-phong"."""
    return "-".join(folded_words(value))[:max_length].rstrip("-")


def normalize_text_fields(instance) -> None:
    """Normalize every text attribute of a model instance to NFC, in place."""
    from django.db import models

    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, nfc(value))


def unique_slug(instance, base: str, *, field: str = "slug", max_length: int = SLUG_MAX_LENGTH) -> str:
    """``base`` made unique among ``instance``'s model by a numeric suffix (-2, -3, ...)."""
    model = type(instance)
    base = base[:max_length].rstrip("-") or "muc"
    candidate, n = base, 1
    others = model._meta.default_manager.exclude(pk=instance.pk) if instance.pk else model._meta.default_manager.all()
    while others.filter(**{field: candidate}).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


# Text clean-up --------------------------------------------------------------------------------

# Spaces of every width become one plain space; invisible characters (zero-width spaces and joiners,
# byte order marks, soft hyphens) go, so that "khuy\u00adến" is one word.
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\f\v"}
_SPACES.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})
_MULTISPACE = re.compile(r" {2,}")


def clean_text(text: str) -> str:
    """NFC, one kind of newline and space, no trailing blanks."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.translate(_SPACES)
    return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in text.split("\n"))


def truncate_chars(value, length: int) -> str:
    """``value`` cut to ``length`` characters with "…", exactly as Django's ``Truncator.chars`` and the
    ``truncatechars`` filter cut it, without Django's walk of the text one character at a time in
    Python (a page's head cuts three or four texts per render). Where the first ``length + 1``
    characters hold no combining mark (in NFC, Vietnamese has none), every character counts as one,
    so the text fits when it is no longer than ``length`` and is otherwise cut where Django cuts it;
    any other text is left to Django."""
    text = unicodedata.normalize("NFC", str(value))
    if length > 0 and not any(map(unicodedata.combining, text[: length + 1])):
        if len(text) <= length:
            return text
        return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])
    return Truncator(text).chars(length)


# HTML to text ---------------------------------------------------------------------------------


class _TextFromHTML(HTMLParser):
    """Block-aware HTML to text. Script-like elements (and page navigation) are dropped with their
    content; entities are decoded once."""

    DROP = {"script", "style", "noscript", "template", "iframe", "svg", "object", "embed", "head", "select", "nav"}
    BLOCK = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "header",
        "footer", "figure", "figcaption", "blockquote", "table", "ul", "ol", "dl", "hr", "nav", "aside", "main",
        "dt", "dd", "caption", "address", "pre",
    }  # fmt: skip
    LINE = {"br", "li", "tr"}  # one newline; other blocks are paragraphs (a blank line)
    CELL = {"td", "th"}  # table cells of one row: a space apart

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.in_h1 = False
        self.had_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" or any(name.startswith("on") for name, _ in attrs):
            self.had_script = True
        if any((value or "").strip().lower().startswith("javascript:") for _, value in attrs):
            self.had_script = True
        if tag == "title":
            self.in_title = True
        if tag in self.DROP:
            self.dropping += 1
            return
        if tag == "h1":
            self.in_h1 = True
        if tag in self.BLOCK:
            self.parts.append("\n" if tag in self.LINE else "\n\n")
        elif tag in self.CELL:
            self.parts.append(" ")
        if tag == "li":
            self.parts.append("- ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.DROP:
            self.dropping -= 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.DROP:
            self.dropping = max(0, self.dropping - 1)
            return
        if tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCK:
            self.parts.append("\n" if tag in {"li", "tr"} else "\n\n")
        elif tag in self.CELL:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.dropping:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append(data.replace("\n", " "))


class HTMLText(str):
    """The text of an HTML document or fragment (a ``str``), with what was read on the way:
    ``title`` (the first-level heading, or else the page's <title>), ``site_name`` (the publication
    a <title> such as "Headline - Báo Bắc Giang" names after the headline) and ``had_script``."""

    title: str
    site_name: str
    had_script: bool

    def __new__(cls, text, *, title="", site_name="", had_script=False):
        self = super().__new__(cls, text)
        self.title, self.site_name, self.had_script = title, site_name, had_script
        return self

    @property
    def text(self) -> str:
        return str(self)


def html_to_text(markup) -> HTMLText:
    """The readable text of HTML: tags removed, entities decoded, script-like elements and page
    navigation dropped with their content, each block on its own lines (paragraphs a blank line
    apart, list items and table rows on a line each, "- " before list items), spaces cleaned
    (``clean_text``). A whole page's headline (<h1>, or else <title>) opens the text when the page
    does not start with it. ``None`` or "" gives ""."""
    parser = _TextFromHTML()
    parser.feed(markup or "")
    parser.close()
    title = " ".join((parser.h1 or parser.title).split())
    text = re.sub(r"\n{3,}", "\n\n", clean_text("".join(parser.parts))).strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    page_title = " ".join(parser.title.split())
    site = re.match(rf"^{re.escape(title)}\s*[-–|:]\s*(?P<site>.{{2,80}})$", page_title) if title else None
    return HTMLText(text, title=title, site_name=site["site"] if site else "", had_script=parser.had_script)
