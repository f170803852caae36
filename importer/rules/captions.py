"""Page structure: title, byline, source, lead and captions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import fold
from importer.rules.commitments import AGREEMENT_VERB, CONNECTORS, PARTY_SUBJECT
from importer.rules.dates import DAY_MONTH_RE, parse_timestamp
from importer.rules.furniture import is_furniture, is_trailer_start
from importer.rules.paragraphs import LIST_MARKER, split_sentences, word_count
from importer.rules.text import is_capitalized_word

CAPTION_STARTS = tuple(
    fold(s) + " "
    for s in [
        "Đại biểu", "Các đại biểu", "Lãnh đạo", "Quang cảnh", "Toàn cảnh", "Đồng chí", "Đ/c", "Ông", "Bà", "Ảnh",
        "Các đơn vị", "Đại diện", "Hội nghị", "Lễ", "Buổi lễ", "Tiết mục", "Học sinh", "Các em", "Các bên",
        "Hai bên", "Ký kết", "Trao", "Tặng", "Chụp ảnh", "Phó Chủ tịch", "Chủ tịch", "Bí thư", "Giám đốc",
        "Thầy", "Cô", "Em", "Lãnh đạo các", "Các đồng chí",
    ]
)  # fmt: skip
CAPTION_ENDS = re.compile(
    r"(?:phát\s+biểu(?:\s+(?:tại|chỉ\s+đạo)[^.,;:]{0,80})?|tại\s+(?:hội\s+nghị|buổi\s+lễ|lễ\s+ký\s+kết)|dự\s+hội\s+nghị|"
    r"chụp\s+ảnh\s+lưu\s+niệm|trao\s+học\s+bổng[^.,;:]{0,80}|tặng\s+hoa[^.,;:]{0,80}|"
    r"ký(?:\s+kết)?(?:\s+(?:chương\s+trình|quy\s+chế|thỏa\s+thuận|thoả\s+thuận|kế\s+hoạch))?(?:\s+(?:phối\s+hợp|hợp\s+tác))?|"
    r"\(\s*ảnh\s*:[^)]*\))\.?$",
    re.I,
)
IMAGE_MARK = re.compile(r"\s*[-–—]?\s*Ảnh\s*\d+\s*\.?$", re.I)
PHOTO_CREDIT = re.compile(r"^\(?\s*Ảnh\s*(?:minh\s+họa)?\s*:?\s*[^)]{0,40}\)?\.?$|\(\s*Ảnh\s*:\s*[^)]+\)\s*\.?$", re.I)
SOURCE_LINE = re.compile(r"^(?:Nguồn(?!\s+tin\s*$)\s*[.:]?\s*|\(?\s*Theo\s+)(?P<src>[^()]{2,120}?)\s*\)?\s*\.?$", re.I)
# "(Mặt trận) - Sáng 30-3, ..." or "GD&TĐ - Sáng 8/11, ...": the publication opens the lead.
LEAD_SOURCE = re.compile(r"^(?:\((?P<src>[^)]{2,40})\)|(?P<agency>[A-ZĐ][A-ZĐ&]{1,9}))\s*[-–—]\s*")
MASTHEAD = re.compile(r"^(?:Theo\s+dõi\s+)?(?P<src>.{3,60}?)\s+trên(?:\s+Google\s+News)?$", re.I)
FANPAGE = re.compile(r"Fanpage\s+(?P<src>(?:Cổng|Báo|Trang|Tạp chí)[^\n]{3,80})$", re.I)
QR_TITLE = re.compile(r"^QR\s*CODE\s*:\s*(?P<title>.{8,300})$", re.I)
BYLINE_LABEL = re.compile(
    r"^(?:Tác\s+giả|Bài\s+và\s+ảnh|Bài,?\s+ảnh|Tin,?\s+ảnh|Tin\s+và\s+ảnh|Bài|Tin|Người\s+viết|Nhóm\s+PV|PV)"
    r"\s*[:\-–]\s*(?P<name>.{2,60})$",
    re.I,
)
_INITIALS = re.compile(r"^(?:[A-ZĐ]\.){1,3}[A-ZĐ]?\.?$|^[A-ZĐ]\.[A-ZĐ][a-zà-ỹđ]+$")


def is_name_like(line: str) -> bool:
    """An author line: "Hoàng Tùng", "P.S", "Minh Anh (TTXVN)", "Hồng Nhung - Lan Hương"."""
    text = re.sub(r"\s*\([^)]{1,30}\)\s*$", "", line.strip())
    if not text or len(text) > 60 or any(c.isdigit() for c in text) or is_furniture(text):
        return False
    if _INITIALS.match(text.replace(" ", "")):
        return True
    people = re.split(r"\s*(?:[-–,&]|\bvà\b)\s*", text)
    for person in people:
        words = person.split()
        if not 2 <= len(words) <= 5 or not all(is_capitalized_word(w.rstrip(".")) for w in words):
            return False
    return True


def is_caps_byline(line: str) -> bool:
    """A byline the page prints in capitals or as a desk's initials: "KIM NGÂN", "BBT", "PV", "Nhóm PV"."""
    words = line.strip().split()
    if re.fullmatch(r"(?:Nhóm\s+)?PV", line.strip()):
        return True
    if len(words) == 1:
        return 2 <= len(words[0]) <= 4 and words[0].isalpha() and words[0].isupper()
    return 2 <= len(words) <= 4 and all(w.isalpha() and w.isupper() for w in words)


def is_caption(paragraph: str) -> bool:
    """A caption: a short line standing alone under an image ("Đại biểu dự Hội nghị.", "… - Ảnh 1.")."""
    if IMAGE_MARK.search(paragraph) or PHOTO_CREDIT.search(paragraph):
        return True
    words = word_count(paragraph)
    folded = fold(paragraph) + " "
    not_a_caption = (
        LIST_MARKER.match(paragraph)
        or paragraph.endswith(":")
        or words > 35
        or DAY_MONTH_RE.match(paragraph)
        or len(split_sentences(paragraph)) > 1
        or CONNECTORS.match(paragraph)
        or folded.startswith(("theo ", "trong ", "tuy ", "du ", "tham du "))
        or ":" in paragraph
        or (AGREEMENT_VERB.search(paragraph) and PARTY_SUBJECT.search(paragraph))
        # A statement of what happened, not a picture's description.
        or re.search(r"\s(?:đã|sẽ|đang)\s", paragraph)
    )
    if not_a_caption:
        return False
    # A caption naming two people with their positions runs long; one ending like a caption may.
    return bool(CAPTION_ENDS.search(paragraph) or (folded.startswith(CAPTION_STARTS) and words <= 25) or words <= 10)


@dataclass
class Page:
    header: list[str]
    body: list[str]
    trailer: list[str]


def split_page(paragraphs: list[str]) -> Page:
    """Header (title, date, byline) | body | trailer (furniture and what follows it)."""
    trailer_at = len(paragraphs)
    seen_text = False
    for i, paragraph in enumerate(paragraphs):
        if seen_text and is_trailer_start(paragraph):
            trailer_at = i
            break
        if word_count(paragraph) >= 15:
            seen_text = True
    body_at = trailer_at
    for i, paragraph in enumerate(paragraphs[:trailer_at]):
        if is_furniture(paragraph) or parse_timestamp(paragraph):
            continue
        if word_count(paragraph) >= 45 or (paragraph.endswith((".", "!", "?", "…")) and word_count(paragraph) >= 12):
            body_at = i
            break
    return Page(paragraphs[:body_at], paragraphs[body_at:trailer_at], paragraphs[trailer_at:])


def strip_image_mark(text: str) -> str:
    return IMAGE_MARK.sub("", text).strip(" -–")
