"""Telling HTML from plain text, and capitalized words. HTML to text, clean-up and folding are
core.text's."""

from __future__ import annotations

import re

_HTML_HINT = re.compile(r"<\s*(?:html|body|head|p|div|br|article|section|h[1-6]|span|table|ul|ol|li|script)\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def is_capitalized_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and word[1:].islower() if len(word) > 1 else word.isupper()
