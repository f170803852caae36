"""The whole article: from a pasted page to an ``Extraction``."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from core.text import clean_text, fold, html_to_text
from importer.rules.captions import (
    BYLINE_LABEL,
    CAPTION_STARTS,
    FANPAGE,
    IMAGE_MARK,
    LEAD_SOURCE,
    MASTHEAD,
    PHOTO_CREDIT,
    QR_TITLE,
    SOURCE_LINE,
    Page,
    is_caps_byline,
    is_caption,
    is_name_like,
    split_page,
    strip_image_mark,
)
from importer.rules.classification import signing_decision
from importer.rules.dates import parse_timestamp, valid_date
from importer.rules.furniture import is_furniture, strip_inline_furniture
from importer.rules.paragraphs import LIST_MARKER, lines_to_paragraphs, split_sentences, word_count
from importer.rules.programme import propose_programme
from importer.rules.text import looks_like_html
from importer.rules.types import Extraction, Found, KnownOrganization


@dataclass
class _Reading:
    """What has been read so far; each step below fills in part of it."""

    page: Page
    title: Found[str] = field(default_factory=lambda: Found(""))
    published: Found[Any] = field(default_factory=lambda: Found(None))
    author: Found[str] = field(default_factory=lambda: Found(""))
    source: Found[str] = field(default_factory=lambda: Found(""))
    portal: Found[str] = field(default_factory=lambda: Found(""))
    lead: Found[str] = field(default_factory=lambda: Found(""))
    body: list[str] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)
    captions: list[Found[str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# "date 2025-02-03 Hội … trao quà Tết": a page printing an ISO date glued before its headline.
_ISO_DATE_PREFIX = re.compile(
    r"^(?:date\s+|ngày\s+)?(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\s+(?P<rest>\S.*)$", re.I
)


def _read_header(reading: _Reading) -> None:
    """Title, timestamp, byline and masthead above the article."""
    for header_line in reading.page.header:
        line = header_line
        if is_furniture(line):
            continue
        iso = _ISO_DATE_PREFIX.match(line)
        if iso and valid_date(int(iso["y"]), int(iso["m"]), int(iso["d"])):
            if reading.published.value is None:
                reading.published = Found(valid_date(int(iso["y"]), int(iso["m"]), int(iso["d"])), line)
            line = iso["rest"]
        stamp = parse_timestamp(line)
        if stamp:
            if reading.published.value is None:
                reading.published = Found(stamp, line)
            continue
        masthead = MASTHEAD.match(line)
        if masthead and not reading.source.value and word_count(line) <= 10:
            reading.source = Found(masthead["src"].strip(), line)
        elif reading.title.value.endswith(f" - {line.rstrip('.')}"):
            # "Site - Headline" (the browser's title) above the headline itself: the headline.
            reading.title = Found(line.rstrip("."), line)
        elif not reading.title.value and 3 <= word_count(line) <= 45 and not is_name_like(line):
            reading.title = Found(line.rstrip("."), line)
        elif not reading.author.value and (BYLINE_LABEL.match(line) or is_name_like(line) or _is_desk(line)):
            byline = BYLINE_LABEL.match(line)
            reading.author = Found((byline["name"] if byline else line).strip(), line)


def _is_desk(line: str) -> bool:
    """A desk's initials above the article ("BBT", "Nhóm PV"); a capitalized place there is a section."""
    return is_caps_byline(line) and (len(line.split()) == 1 or "PV" in line)


def _read_trailer(reading: _Reading, paragraphs: list[str]) -> None:
    """The title in the QR code's caption, an explicit source, the portal's name from its fanpage line."""
    for line in reading.page.trailer:
        src = SOURCE_LINE.match(line)
        if src and not reading.source.value and not is_furniture(line):
            reading.source = Found(src["src"].strip(), line)
        fan = FANPAGE.search(line)
        if fan and not reading.portal.value:
            reading.portal = Found(fan["src"].strip(), line)
    if not reading.title.value:
        for line in paragraphs:
            qr = QR_TITLE.match(line)
            if qr:
                reading.title = Found(qr["title"].strip(), line)
                break


def _read_body_end(reading: _Reading) -> None:
    """The source line and the byline closing the article; what follows the byline is not the article."""
    body = [p for p in reading.page.body if not is_furniture(p)]
    cut = len(body)
    for back in range(len(body) - 1, max(-1, len(body) - 5), -1):
        paragraph = body[back]
        if not re.search(r"\w", paragraph):
            cut = back  # ". . ." left by a page's widgets after the byline
            continue
        src = SOURCE_LINE.match(paragraph)
        if src and word_count(re.sub(r"https?://\S+", "", paragraph)) <= 15:
            if not reading.source.value or reading.source.source in reading.page.header:
                reading.source = Found(_without_address(src["src"]), paragraph)
            cut = back
            continue
        byline = BYLINE_LABEL.match(paragraph)
        if byline or ((is_name_like(paragraph) or is_caps_byline(paragraph)) and back > 0):
            if not reading.author.value:
                _set_author(reading, byline["name"] if byline else paragraph, paragraph)
            cut = back
            break
        if paragraph.endswith((".", "!", "?", "…", "”", '"')) or word_count(paragraph) > 30:
            break
    reading.body = body[:cut]
    if not reading.source.value and reading.portal.value:
        reading.source = reading.portal


def _without_address(source: str) -> str:
    """ "Báo Tin Tức: https://…" names the paper; the address is not part of its name."""
    return re.sub(r"\s*:?\s*https?://\S+$", "", source.strip()).strip() or source.strip()


def _set_author(reading: _Reading, name: str, line: str) -> None:
    agency = re.search(r"\((?P<a>[^)]{2,30})\)\s*$", name)
    if agency:
        name = name[: agency.start()]
        if not reading.source.value:
            reading.source = Found(agency["a"], line)
    reading.author = Found(name.strip(), line)


def _read_lead(reading: _Reading) -> None:
    """The first paragraph; a "(Mặt trận) -" prefix names the publication."""
    if not reading.body:
        return
    first = reading.body[0]
    prefix = LEAD_SOURCE.match(first)
    if prefix:
        if not reading.source.value:
            reading.source = Found((prefix["src"] or prefix["agency"]).strip(), first)
        first = first[prefix.end() :]
    reading.lead = Found(first, reading.body[0])
    reading.body = reading.body[1:]


_OPEN_END = (".", "!", "?", "…", ":", "”", '"', ";")


def _is_headline_like(paragraph: str) -> bool:
    return not paragraph.endswith(_OPEN_END) and word_count(paragraph) <= 30 and not LIST_MARKER.match(paragraph)


def _alt_repeats_title(alt: str, title: str) -> bool:
    folded = fold(alt)
    return bool(title and folded) and fold(title).startswith(folded[: max(20, len(folded) - 5)])


def _read_blocks(reading: _Reading) -> None:
    """Paragraphs, list items and captions; runs of headlines linking to other articles are dropped."""
    body = reading.body
    caption_next = False
    for i, paragraph in enumerate(body):
        if caption_next:
            caption_next = False
            if word_count(paragraph) <= 60 and len(split_sentences(paragraph)) == 1:
                _add_caption(reading, paragraph, paragraph)
                continue
        if IMAGE_MARK.search(paragraph):
            alt = strip_image_mark(paragraph)
            if _alt_repeats_title(alt, reading.title.value):
                caption_next = True  # the image's alt text repeats the title; its caption is the next line
            else:
                _add_caption(reading, alt, paragraph)
            continue
        neighbours = [body[j] for j in (i - 1, i + 1) if 0 <= j < len(body) and _is_headline_like(body[j])]
        if _is_headline_like(paragraph) and neighbours and not (fold(paragraph) + " ").startswith(CAPTION_STARTS):
            continue
        if LIST_MARKER.match(paragraph):
            reading.blocks.append(("li", paragraph))
        elif is_caption(paragraph):
            _add_caption(reading, PHOTO_CREDIT.sub("", paragraph).strip() or paragraph, paragraph)
        else:
            reading.blocks.append(("p", paragraph))


def _add_caption(reading: _Reading, caption: str, line: str) -> None:
    reading.captions.append(Found(caption, line))
    reading.blocks.append(("caption", caption))


def _read_fallbacks(reading: _Reading, paragraphs: list[str], html_title: str, texts: list[str]) -> None:
    """A title and a publication time when the page did not print them where expected."""
    if not reading.title.value and html_title:
        reading.title = Found(html_title, html_title)
    if not reading.title.value:
        reading.warnings.append("Không thấy tiêu đề trong bài; hãy nhập tiêu đề.")
    if reading.published.value is None:
        stamp = next(((parse_timestamp(line), line) for line in paragraphs if parse_timestamp(line)), None)
        if stamp:
            reading.published = Found(*stamp)
    if reading.published.value is None:
        # A day in the lead is the event's, not the publication's, and its year would be a guess.
        reading.warnings.append("Bài không ghi ngày đăng; hãy nhập ngày đăng nếu biết.")


def extract_page(text: str, *, known: list[KnownOrganization] | tuple[KnownOrganization, ...] = ()) -> Extraction:
    """``extract_article`` for a page as pasted or saved: HTML is converted to text first."""
    if looks_like_html(text):
        converted = html_to_text(text)
        return extract_article(converted.text, known=known, html_title=converted.title, site_name=converted.site_name)
    return extract_article(text, known=known)


def extract_article(
    text: str,
    *,
    known: list[KnownOrganization] | tuple[KnownOrganization, ...] = (),
    html_title: str = "",
    site_name: str = "",
) -> Extraction:
    """Read an article page copied as text (or converted from HTML) and propose the record."""
    lines = [strip_inline_furniture(line) if parse_timestamp(line) else line for line in clean_text(text).split("\n")]
    paragraphs = lines_to_paragraphs(lines)
    reading = _Reading(page=split_page(paragraphs))
    _read_header(reading)
    _read_trailer(reading, paragraphs)
    _read_body_end(reading)
    _read_lead(reading)
    _read_blocks(reading)
    text_paragraphs = [t for kind, t in reading.blocks if kind in {"p", "li"}]
    all_text = [reading.lead.value, *text_paragraphs]
    _read_fallbacks(reading, paragraphs, html_title, all_text)
    if not reading.source.value and site_name:
        reading.source = Found(site_name, site_name)

    published = reading.published.value
    reference = published.date() if isinstance(published, datetime.datetime) else published
    is_signing, reason, reporting = signing_decision(reading.title.value, [reading.lead.value, *text_paragraphs[:3]])
    programme = None
    if is_signing:
        programme = propose_programme(
            title=reading.title.value,
            reporting=reporting,
            paragraphs=all_text,
            captions=[c.value for c in reading.captions],
            reference=reference,
            known=known,
        )
    return Extraction(
        title=reading.title,
        published=reading.published,
        author=reading.author,
        source=reading.source,
        lead=reading.lead,
        paragraphs=text_paragraphs,
        captions=reading.captions,
        blocks=reading.blocks,
        is_signing_event=is_signing,
        not_signing_reason=reason,
        programme=programme,
        warnings=reading.warnings,
        html_title=html_title,
    )
