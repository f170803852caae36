"""Text clean-up, HTML to text and folding."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from core.text import nfc

_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\f\v"}
_SPACES.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})
_MULTISPACE = re.compile(r" {2,}")


def clean_text(text: str) -> str:
    """NFC, one kind of newline and space, no trailing blanks."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.translate(_SPACES)
    return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in text.split("\n"))


_HTML_HINT = re.compile(r"<\s*(?:html|body|head|p|div|br|article|section|h[1-6]|span|table|ul|ol|li|script)\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


class _TextFromHTML(HTMLParser):
    """Block-aware HTML to text. Script-like elements are dropped with their content."""

    DROP = {"script", "style", "noscript", "template", "iframe", "svg", "object", "embed", "head", "select", "nav"}
    BLOCK = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "header",
        "footer", "figure", "figcaption", "blockquote", "table", "ul", "ol", "hr", "nav", "aside", "main",
        "dt", "dd", "caption", "address", "pre",
    }  # fmt: skip

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
            self.parts.append("\n\n" if tag not in {"br", "li", "tr"} else "\n")
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
            self.parts.append("\n\n" if tag not in {"li", "tr"} else "\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.dropping:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append(data.replace("\n", " "))


@dataclass
class HTMLText:
    text: str
    title: str
    had_script: bool
    site_name: str = ""


def html_to_text(markup: str) -> HTMLText:
    parser = _TextFromHTML()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    title = " ".join((parser.h1 or parser.title).split())
    text = clean_text(html.unescape(text))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    # "<title>Headline - Báo Bắc Giang</title>" names the publication after the headline.
    page_title = " ".join(parser.title.split())
    site = re.match(rf"^{re.escape(title)}\s*[-–|:]\s*(?P<site>.{{2,80}})$", page_title) if title else None
    return HTMLText(text=text, title=title, had_script=parser.had_script, site_name=site["site"] if site else "")


def is_capitalized_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and word[1:].islower() if len(word) > 1 else word.isupper()
