"""Lines to paragraphs, paragraphs to sentences."""

from __future__ import annotations

import itertools
import re

from importer.rules.dates import parse_timestamp

TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", "»", ")", "./.")
LIST_MARKER = re.compile(r"^(?:\(?\d{1,2}[.)](?!\d)|\(?[a-zđ]\)|[-+•*–—▪●◦](?=\s))\s*", re.I)
_YEAR_AT_END = re.compile(r"(?:19|20)\d\d$")
_YEAR_AT_START = re.compile(r"^(?:19|20)\d\d\b")


def _wrap_width(lines: list[str]) -> int | None:
    """The width at which a copy hard-wrapped its paragraphs (most lines long, cut mid-sentence or all
    close to one width), or None when each line is a paragraph or a caption of its own."""
    if len(lines) < 2:
        return None
    inner = lines[:-1]
    if any(len(ln) > 130 for ln in inner):
        return None
    width = max(len(ln) for ln in lines)
    cut = [ln for ln in inner if len(ln) >= 55 and not ln.endswith(TERMINAL)]
    near_width = [ln for ln in inner if len(ln) >= max(55, 0.75 * width)]
    return width if len(cut) * 2 >= len(inner) or len(near_width) == len(inner) else None


def _join(previous: str, line: str) -> str:
    if _YEAR_AT_END.search(previous) and _YEAR_AT_START.match(line):
        # The dash of a period ("2019-2022") is often lost when a page is copied across a line break.
        return f"{previous}-{line}"
    return f"{previous} {line}"


def _is_caps_label(line: str) -> bool:
    """A section label or a byline in capitals ("HÀ TĨNH", "KIM NGÂN") stands on its own line."""
    words = line.split()
    return 1 <= len(words) <= 4 and all(w.isalpha() and w.isupper() and len(w) > 1 for w in words)


def lines_to_paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; a paragraph cut into lines by the copy is joined again."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        width = _wrap_width(block)
        current = block[0]
        for previous, line in itertools.pairwise(block):
            # In a wrapped copy a line ends a paragraph only when it ends a sentence well short of the width.
            wrapped = width and not (previous.endswith(TERMINAL) and len(previous) < 0.75 * width)
            continues = (
                (
                    wrapped
                    or line[:1].islower()
                    or (_YEAR_AT_END.search(current) and _YEAR_AT_START.match(line))
                    or current.endswith((",", " và", " của", " với", " các", " cho", " tại"))
                )
                and not LIST_MARKER.match(line)
                and not _is_caps_label(previous)
            )
            if continues and not parse_timestamp(current) and not parse_timestamp(line):
                current = _join(current, line)
            else:
                paragraphs.append(current)
                current = line
        paragraphs.append(current)
    return paragraphs


_ABBREVIATION_BEFORE_DOT = {"tp", "ts", "ths", "pgs", "gs", "bs", "th.s", "ks", "st", "q", "p", "ng", "nxb", "đ/c"}
_SENTENCE_GAP = re.compile(r"([.!?…]+[\"”»)]?)\s+")


def split_sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _SENTENCE_GAP.finditer(text):
        following = text[match.end() : match.end() + 3].lstrip('"“«(')
        if not following or not (following[0].isupper() or following[0].isdigit()):
            continue
        words = text[start : match.start() + 1].split()
        last = words[-1].rstrip(".").lower() if words else ""
        if last in _ABBREVIATION_BEFORE_DOT or (len(last) == 1 and last.isalpha()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))
