"""Deterministic rules that read the text of a Vietnamese article page and propose a record.

Everything here is a pure function over text: no database, no network, no model download. The only
outside knowledge is a list of known organizations passed in by the caller (``KnownOrganization``).
Every extracted value is a ``Found``: the value and the sentence (or line) it came from, so that a
person can check it in the review form.

The module reads top to bottom in the order the extraction runs:

1. text clean-up and HTML to text
2. page furniture (Print, Gốc, QR Code, Tin khác ...)
3. lines to paragraphs, sentences
4. recognizers: dates, periods, organizations, people, venue, commitments
5. page structure: title, byline, source, lead, captions, body
6. signing-event detection and the programme proposal
7. ``extract_article``: the whole page
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Generic, TypeVar

from kpportal.text import fold, nfc

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found(Generic[T]):
    """An extracted value and the sentence it was read from."""

    value: T
    source: str = ""


@dataclass(frozen=True)
class KnownOrganization:
    """An organization already in the directory, as the matcher needs it (no model instance)."""

    pk: int
    label: str
    names: tuple[str, ...]


@dataclass
class PartyProposal:
    name: str  # as written in the article, with a shared locality distributed ("Công an tỉnh Hà Nam")
    source: str
    role: str = "phoi_hop"  # Party.Role values: "chu_tri" (lead) or "phoi_hop" (partner)
    organization_pk: int | None = None
    suggested_name: str = ""  # a full name for a new organization (abbreviations expanded)
    kind: str = "khac"  # Organization.Kind value guessed from the name
    level: str = "tinh"  # Organization.Level value guessed from the name


@dataclass
class SignatoryProposal:
    name: str
    position: str
    organization: str  # the party's name as written
    source: str


@dataclass
class ProgrammeProposal:
    title: Found[str]
    period_start_year: Found[int | None]
    period_end_year: Found[int | None]
    signing_date: Found[datetime.date | None]
    venue: Found[str]
    parties: list[PartyProposal] = field(default_factory=list)
    signatories: list[SignatoryProposal] = field(default_factory=list)
    commitments: list[Found[str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title.value,
            "period_start_year": self.period_start_year.value,
            "period_end_year": self.period_end_year.value,
            "signing_date": self.signing_date.value.isoformat() if self.signing_date.value else None,
            "venue": self.venue.value or None,
            "parties": [p.name for p in self.parties],
            "signatories": [
                {"name": s.name, "position": s.position, "organization": s.organization} for s in self.signatories
            ],
            "commitments": [c.value for c in self.commitments],
        }


@dataclass
class Extraction:
    title: Found[str]
    published: Found[datetime.datetime | datetime.date | None]
    author: Found[str]
    source: Found[str]
    lead: Found[str]
    paragraphs: list[str]  # body paragraphs after the lead, list items keep their marker
    captions: list[Found[str]]
    blocks: list[tuple[str, str]]  # ("p" | "li" | "caption", text) in reading order, lead excluded
    is_signing_event: bool
    not_signing_reason: str
    programme: ProgrammeProposal | None
    warnings: list[str] = field(default_factory=list)
    html_title: str = ""

    @property
    def published_iso(self) -> str | None:
        return self.published.value.isoformat() if self.published.value else None

    @property
    def fingerprint(self) -> str:
        """The same article pasted twice (other furniture, other line breaks) has the same fingerprint."""
        parts = [self.title.value, self.lead.value, *self.paragraphs]
        canonical = "\n".join(_canonical_words(p) for p in parts if p)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def word_count(self) -> int:
        return sum(len(p.split()) for p in [self.lead.value, *self.paragraphs])

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title.value,
            "published": self.published_iso,
            "author": self.author.value or None,
            "source": self.source.value or None,
            "is_signing_event": self.is_signing_event,
            "programme": self.programme.as_json() if self.programme else None,
        }


def _canonical_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", nfc(text).casefold()))


# ---------------------------------------------------------------------------------------------
# 1. Text clean-up and HTML to text
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# 2. Page furniture
# ---------------------------------------------------------------------------------------------

# Whole lines that are part of the page, not of the article (compared folded).
FURNITURE_LINES = {
    fold(s)
    for s in [
        "Print", "In", "In bài", "In bài viết", "Bản in", "Xem bản in", "Gốc", "Tiện ích thông tin", "Nguồn tin",
        "QR Code", "QR Code Fanpage", "Chúng tôi trên Mạng Xã hội", "Tin khác", "Tin mới", "Tin liên quan",
        "Bài liên quan", "Tin cùng chuyên mục", "Tin đọc nhiều", "Đọc nhiều", "Mới nhất", "Tin nổi bật",
        "Bình luận", "Bình luận của bạn", "Gửi bình luận", "Ý kiến bạn đọc", "Ý kiến của bạn", "Xem thêm",
        "Đọc thêm", "Gửi ban biên tập", "Tìm kiếm văn bản", "Chia sẻ", "Chia sẻ bài viết", "Facebook", "Zalo",
        "Twitter", "Email", "Lên đầu trang", "Về trang chủ", "Trang chủ", "Quay lại", "Từ khóa", "Từ khoá", "Tags",
        "Theo dõi", "Đánh giá bài viết", "Cỡ chữ", "Nghe bài viết", "Lưu", "Copy link", "Sao chép liên kết",
        "Tải về", "Gửi", "Phản hồi", "A A A", "A- A+", "Thích", "Bỏ qua", "Đăng nhập", "Đóng",
    ]
}  # fmt: skip

# Furniture lines after which the article is over (everything below is the page's trailer).
TRAILER_STARTS = {
    fold(s)
    for s in [
        "Tiện ích thông tin", "Tin khác", "Tin mới", "Tin liên quan", "Bài liên quan", "Tin cùng chuyên mục",
        "Tin đọc nhiều", "Đọc nhiều", "Bình luận", "Bình luận của bạn", "Gửi bình luận", "Ý kiến bạn đọc",
        "Ý kiến của bạn", "Xem thêm", "Đọc thêm", "Gửi ban biên tập", "Chia sẻ", "Chia sẻ bài viết", "Từ khóa",
        "Từ khoá", "Tags", "QR Code", "Lên đầu trang", "Tìm kiếm văn bản",
    ]
}  # fmt: skip

FURNITURE_PREFIXES = tuple(
    fold(s)
    for s in [
        "QR CODE:", "Mã QR Code", "QR Code Fanpage", "Từ khóa:", "Từ khoá:", "Tags:", "Lượt xem", "Chia sẻ:",
        "Tin liên quan:", "Bình luận (", "Copyright", "©", "Bản quyền", "Giấy phép", "Theo dõi chúng tôi",
        "Chúng tôi trên", "Xem thêm:", "Đọc thêm:",
    ]
)  # fmt: skip

# Words a copied page glues to the date line ("Print Thứ ba, 26/03/2019 15:08 Gốc").
INLINE_FURNITURE = re.compile(r"^(?:Print|In bài|In)\s+|\s+(?:Gốc|Print|In bài)$", re.I)


def is_furniture(line: str) -> bool:
    folded = fold(line)
    if not folded:
        return False
    return folded in FURNITURE_LINES or folded.startswith(FURNITURE_PREFIXES)


def is_trailer_start(line: str) -> bool:
    folded = fold(line).rstrip(":")
    return folded in TRAILER_STARTS or bool(re.match(r"^(binh luan|tu khoa|tags)\s*[(:]", folded))


def strip_inline_furniture(line: str) -> str:
    previous = None
    while previous != line:
        previous, line = line, INLINE_FURNITURE.sub("", line).strip()
    return line


# ---------------------------------------------------------------------------------------------
# 3. Lines to paragraphs, sentences
# ---------------------------------------------------------------------------------------------

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
                wrapped
                or line[:1].islower()
                or (_YEAR_AT_END.search(current) and _YEAR_AT_START.match(line))
                or current.endswith((",", " và", " của", " với", " các", " cho", " tại"))
            ) and not LIST_MARKER.match(line)
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


# ---------------------------------------------------------------------------------------------
# 4a. Dates
# ---------------------------------------------------------------------------------------------

VN_TZ = datetime.timezone(datetime.timedelta(hours=7), "Asia/Ho_Chi_Minh")

_WEEKDAY = r"(?:th[ứu]\s*(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảẩa]y|[2-7])|ch[ủu]\s*nh[ậa]t|CN)"
_DMY = r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d\d)"
_DMY_WORDS = r"ng[àa]y\s+(?P<d>\d{1,2})\s+th[áa]ng\s+(?P<m>\d{1,2})\s+n[ăa]m\s+(?P<y>(?:19|20)\d\d)"
_TIME = r"(?P<H>[01]?\d|2[0-3])\s*(?:[:h]|giờ)\s*(?P<M>[0-5]\d)(?:\s*(?::\s*[0-5]\d|phút))?"
_TIMESTAMP_LABEL = re.compile(
    r"^(?:c[ậa]p\s+nh[ậa]t|ng[àa]y\s+[đd][ăa]ng|[đd][ăa]ng\s+(?:l[úu]c|ng[àa]y)|xu[ấa]t\s+b[ảa]n|"
    r"th[ờo]i\s+gian|ng[àa]y|posted|updated)\s*(?:l[úu]c|ng[àa]y)?\s*[:\-]?\s*",
    re.I,
)
DATE_RE = re.compile(_DMY)
DATE_WORDS_RE = re.compile(_DMY_WORDS, re.I)
TIME_RE = re.compile(_TIME, re.I)
# "Sáng 26/3", "Chiều nay (5/11)", "Ngày 15/5", "Sáng 30-3": an event day whose year the text implies.
DAY_MONTH_RE = re.compile(
    r"\b(?P<part>s[áa]ng|chi[ềe]u|tr[ưu]a|t[ốo]i|[đd][êe]m|ng[àa]y|h[ôo]m)\s+(?:nay\s*)?(?:\(\s*)?"
    r"(?:ng[àa]y\s+)?(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})(?!\s*[/\-.]\s*\d)(?!\d)",
    re.I,
)
DAY_MONTH_WORDS_RE = re.compile(r"\bng[àa]y\s+(?P<d>\d{1,2})\s+th[áa]ng\s+(?P<m>\d{1,2})(?!\s+n[ăa]m\s+\d)", re.I)
TODAY_RE = re.compile(r"\b(?:s[áa]ng|chi[ềe]u|tr[ưu]a|t[ốo]i|h[ôo]m)\s+nay\b(?!\s*\(?\s*\d)", re.I)


def _valid_date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def find_full_date(text: str) -> tuple[datetime.date, re.Match] | None:
    for regex in (DATE_RE, DATE_WORDS_RE):
        for match in regex.finditer(text):
            found = _valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if found:
                return found, match
    return None


def parse_timestamp(line: str) -> datetime.datetime | datetime.date | None:
    """A line that is a publication timestamp and little else, in the formats portals print:
    "Thứ ba, 26/03/2019 15:08", "15:06 - 16/05/2024", "31.10.2023", "Cập nhật: 19:17, 08/09/2023 (GMT+7)".
    Returns an aware datetime (Vietnam time) when a time is given, else a date."""
    if not line or len(line) > 90:
        return None
    text = strip_inline_furniture(line)
    found = find_full_date(text)
    if not found:
        return None
    day, match = found
    rest = text[: match.start()] + " " + text[match.end() :]
    time_match = TIME_RE.search(rest)
    if time_match:
        rest = rest[: time_match.start()] + " " + rest[time_match.end() :]
    rest = _TIMESTAMP_LABEL.sub("", rest.strip())
    rest = re.sub(rf"{_WEEKDAY}|\(?\s*GMT\s*[+-]\s*\d+\s*\)?|[,|\-–—:()]", " ", rest, flags=re.I)
    leftover = [w for w in rest.split() if fold(w) not in {"luc", "ngay", "gio", "sang", "chieu", "goc", "print"}]
    if len(leftover) > 2:
        return None
    if time_match:
        return datetime.datetime(day.year, day.month, day.day, int(time_match["H"]), int(time_match["M"]), tzinfo=VN_TZ)
    return day


def find_day_month(text: str) -> tuple[int, int, re.Match] | None:
    for regex in (DAY_MONTH_RE, DAY_MONTH_WORDS_RE):
        match = regex.search(text)
        if match and 1 <= int(match["m"]) <= 12 and 1 <= int(match["d"]) <= 31:
            return int(match["d"]), int(match["m"]), match
    return None


_ANY_YEAR = re.compile(r"(?<![\d/.\-])(19[5-9]\d|20\d\d)(?![\d/])")


def resolve_year(
    day: int, month: int, *, reference: datetime.date | None = None, context: tuple[str, ...] = ()
) -> datetime.date | None:
    """The year of a bare "26/3": the publication's year (the event does not follow its report), else
    the first year written in the nearest context (sentence, then paragraph, then article)."""
    if reference:
        candidate = _valid_date(reference.year, month, day)
        if candidate and candidate > reference + datetime.timedelta(days=1):
            candidate = _valid_date(reference.year - 1, month, day)
        return candidate
    for text in context:
        match = _ANY_YEAR.search(text)
        if match:
            return _valid_date(int(match[1]), month, day)
    return None


def find_event_date(
    sentence: str, *, reference: datetime.date | None = None, context: tuple[str, ...] = ()
) -> datetime.date | None:
    """The day an event happened, as a news sentence states it ("Sáng 26/3", "ngày 15/5/2024", "sáng nay")."""
    full = find_full_date(sentence)
    bare = find_day_month(sentence)
    if full and (not bare or full[1].start() <= bare[2].start()):
        return full[0]
    if bare:
        return resolve_year(bare[0], bare[1], reference=reference, context=(sentence, *context))
    if reference and TODAY_RE.search(sentence):
        return reference
    return None


# ---------------------------------------------------------------------------------------------
# 4b. Periods ("giai đoạn 2019-2022")
# ---------------------------------------------------------------------------------------------

_YEAR = r"(?:19[5-9]\d|20\d\d|2100)"
_DASHES = "-–—‒−‐‑~"
PERIOD_RE = re.compile(
    rf"(?P<label>giai\s+[đd]o[ạa]n|th[ờo]i\s+k[ỳy]|nhi[ệe]m\s+k[ỳy]|n[ăa]m\s+h[ọo]c|t[ừu]\s+n[ăa]m|t[ừu])?"
    rf"\s*\(?\s*(?P<start>{_YEAR})\s*(?P<sep>[{_DASHES}?\ufffd]|đến(?:\s+năm)?|tới(?:\s+năm)?|\s)\s*(?P<end>{_YEAR})\b",
    re.I,
)
OPEN_PERIOD_RE = re.compile(rf"(?:giai\s+đoạn\s+)?từ\s+(?:năm\s+)?(?P<start>{_YEAR})(?!\s*[{_DASHES}]|\s*đến)", re.I)
SINGLE_YEAR_RE = re.compile(rf"(?:chương\s+trình|kế\s+hoạch)[^.;]{{0,80}}?\bnăm\s+(?P<year>{_YEAR})\b", re.I)


def find_period(text: str) -> tuple[int, int | None] | None:
    """The period of a programme: "2019-2022", "2019 – 2022", "2023 - 2026, định hướng đến năm 2030"
    (end 2026), "2019\\n2022" (dash lost in copying), "từ năm 2024 đến năm 2026". Terms of office
    ("nhiệm kỳ") and school years ("năm học") are not programme periods."""
    for match in PERIOD_RE.finditer(text):
        label = fold(match["label"] or "")
        if label.startswith(("nhiem ky", "nam hoc")):
            continue
        if match["sep"].isspace() and not label:
            continue
        start, end = int(match["start"]), int(match["end"])
        if start <= end <= start + 30:
            return start, end
    match = OPEN_PERIOD_RE.search(text)
    if match:
        return int(match["start"]), None
    match = SINGLE_YEAR_RE.search(text)
    if match:
        return int(match["year"]), int(match["year"])
    return None


# ---------------------------------------------------------------------------------------------
# 4c. Organizations
# ---------------------------------------------------------------------------------------------

# Abbreviations the press uses for organizations, longest first when applied.
ABBREVIATIONS = {
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "MTTQ": "Mặt trận Tổ quốc",
    "HKHVN": "Hội Khuyến học Việt Nam",
    "HKH": "Hội Khuyến học",
    "Hội KH": "Hội Khuyến học",
    "BCHQS": "Bộ Chỉ huy Quân sự",
    "BCH QS": "Bộ Chỉ huy Quân sự",
    "Ban CHQS": "Ban Chỉ huy Quân sự",
    "CHQS": "Chỉ huy Quân sự",
    "BCH BĐBP": "Bộ Chỉ huy Bộ đội Biên phòng",
    "BĐBP": "Bộ đội Biên phòng",
    "LĐLĐ": "Liên đoàn Lao động",
    "Hội LHPN": "Hội Liên hiệp Phụ nữ",
    "HLHPN": "Hội Liên hiệp Phụ nữ",
    "LHPN": "Liên hiệp Phụ nữ",
    "Hội PN": "Hội Phụ nữ",
    "ĐTN": "Đoàn Thanh niên",
    "Đoàn TN": "Đoàn Thanh niên",
    "TNCS": "Thanh niên Cộng sản",
    "HND": "Hội Nông dân",
    "Hội ND": "Hội Nông dân",
    "HCCB": "Hội Cựu chiến binh",
    "Hội CCB": "Hội Cựu chiến binh",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "Sở GD&ĐT": "Sở Giáo dục và Đào tạo",
    "Phòng GD&ĐT": "Phòng Giáo dục và Đào tạo",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GD-ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "THPT": "Trung học phổ thông",
    "THCS": "Trung học cơ sở",
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TP": "thành phố",
    "TW": "Trung ương",
    "TƯ": "Trung ương",
}
_ABBREVIATION_RE = re.compile(
    r"(?<![\w&])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&])"
)

# What an organization's name starts with. Compared with diacritics: folding would make "Đồn" (a border
# post) out of "đơn vị" (a unit).
ORG_HEADS = tuple(
    s.lower() + " "
    for s in [
        "Hội",
        "Ủy ban",
        "Uỷ ban",
        "UBND",
        "Ban",
        "Sở",
        "Phòng",
        "Bộ",
        "Công an",
        "Đoàn",
        "Thành đoàn",
        "Tỉnh đoàn",
        "Huyện đoàn",
        "Quận đoàn",
        "Thị đoàn",
        "Liên đoàn",
        "Liên hiệp",
        "Mặt trận",
        "Trường",
        "Trung tâm",
        "Bộ Chỉ huy",
        "Ban Chỉ huy",
        "Bộ đội",
        "Đồn",
        "Công ty",
        "Tổng công ty",
        "Ngân hàng",
        "Tập đoàn",
        "Báo",
        "Đài",
        "Viện",
        "Học viện",
        "Đại học",
        "Hợp tác xã",
        "Quỹ",
        "Cục",
        "Chi cục",
        "Tòa án",
        "Viện kiểm sát",
        "Hội đồng",
        "Bưu điện",
        "Câu lạc bộ",
        "Văn phòng",
        "Liên minh",
        "Bộ Tư lệnh",
        "Hải đoàn",
        "Lữ đoàn",
        "Sư đoàn",
        "Trung đoàn",
        "Trung ương",
        "Chi nhánh",
        "Chi đoàn",
        "Đảng ủy",
        "Đảng bộ",
        "Bệnh viện",
        "Thư viện",
        "Nhà xuất bản",
        "Tổng Liên đoàn",
        "Chi hội",
    ]
) + tuple(a.lower() + " " for a in ABBREVIATIONS if a not in {"TP", "TP.", "Tp.", "TW", "TƯ", "THPT", "THCS"})
# Single-word organizations that need no locality to be one ("Thành đoàn", "Công an").
ORG_WHOLE = {fold(s) for s in ["Thành đoàn", "Tỉnh đoàn", "Công an", "Huyện đoàn", "Quận đoàn", "Thị đoàn"]}
# Names whose first word is already the level: "Quận đoàn Lê Chân", not "Quận đoàn quận Lê Chân".
LEVEL_IN_NAME = {fold(s) for s in ["Thành đoàn", "Tỉnh đoàn", "Huyện đoàn", "Quận đoàn", "Thị đoàn"]}

# Organization types that are incomplete without a locality; a locality written after the last of
# a list ("Hội Khuyến học, Công an và Bộ Chỉ huy Quân sự thành phố") belongs to each of them.
BARE_TYPES = {
    fold(s)
    for s in [
        "Hội Khuyến học", "Công an", "Bộ Chỉ huy Quân sự", "Ban Chỉ huy Quân sự", "Bộ Chỉ huy Bộ đội Biên phòng",
        "Bộ đội Biên phòng", "Ủy ban Mặt trận Tổ quốc", "Ủy ban MTTQ", "Mặt trận Tổ quốc", "Liên đoàn Lao động",
        "Hội Liên hiệp Phụ nữ", "Hội Phụ nữ", "Đoàn Thanh niên", "Đoàn thanh niên Cộng sản Hồ Chí Minh",
        "Hội Nông dân", "Hội Cựu chiến binh", "Sở Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo",
        "Ủy ban nhân dân", "Hội Cựu giáo chức", "Hội Người cao tuổi", "Hội Chữ thập đỏ", "Thành đoàn", "Tỉnh đoàn",
        "Huyện đoàn", "Quận đoàn", "Thị đoàn", "Bưu điện", "Đài Phát thanh và Truyền hình", "Báo",
    ]
}  # fmt: skip

# Names that contain "và" or a comma and must not be split as a list.
COMPOUND_NAMES = [
    "Giáo dục và Đào tạo", "Lao động - Thương binh và Xã hội", "Lao động, Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch", "Văn hoá, Thể thao và Du lịch", "Tài nguyên và Môi trường",
    "Khoa học và Công nghệ", "Thông tin và Truyền thông", "Kế hoạch và Đầu tư", "Phát thanh và Truyền hình",
    "Nông nghiệp và Phát triển nông thôn", "Giao thông vận tải", "Xây dựng và Phát triển", "Nội vụ và Lao động",
    "GD&ĐT", "LĐTB&XH", "Phát thanh - Truyền hình",
]  # fmt: skip
_COMPOUND_RE = re.compile("|".join(re.escape(c) for c in sorted(COMPOUND_NAMES, key=len, reverse=True)), re.I)

LEVEL_WORDS = r"(?:tỉnh|thành\s+phố|TP\.?|Tp\.?|huyện|quận|thị\s+xã|thị\s+trấn|xã|phường)"
_LEVEL_RE = re.compile(rf"(?<!\w)(?P<level>{LEVEL_WORDS})(?!\w)", re.I)


def _capitalized_run(text: str, pos: int, limit: int = 3) -> str:
    """The capitalized words right after ``pos`` ("Hà Nam" in "tỉnh Hà Nam tổ chức")."""
    words = []
    for word in text[pos:].split()[:limit]:
        bare = word.rstrip(',.;:)”"')
        if not _is_capitalized_word(bare):
            break
        words.append(bare)
        if bare != word:
            break
    return " ".join(words)


_LEVEL_CANONICAL = {
    "tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố", "tp.": "thành phố", "huyen": "huyện",
    "quan": "quận", "thi xa": "thị xã", "thi tran": "thị trấn", "xa": "xã", "phuong": "phường",
}  # fmt: skip


def canonical_level(word: str) -> str:
    folded = fold(word)
    return _LEVEL_CANONICAL.get(folded, _LEVEL_CANONICAL.get(folded.rstrip("."), word))


@dataclass(frozen=True)
class Locality:
    """Where an article happens: the proper name written after each level ("huyện" → "Kim Bảng") and
    the main place, that of the leading party ("huyện", "Kim Bảng")."""

    names: tuple[tuple[str, str], ...] = ()
    main: tuple[str, str] | None = None

    def name_of(self, level_word: str) -> str | None:
        return dict(self.names).get(canonical_level(level_word))

    @property
    def place(self) -> tuple[str, str] | None:
        """The main place, else the first one the article names."""
        return self.main or (self.names[0] if self.names else None)

    def with_main(self, name: str) -> Locality:
        found = trailing_locality(name)
        if self.main or not found:
            return self
        words = found[1].split()
        for i in range(len(words)):
            level = canonical_level(" ".join(words[: i + 1]))
            if level in _LEVEL_CANONICAL.values() and words[i + 1 :]:
                return Locality(self.names, (level, " ".join(words[i + 1 :])))
        return self


def find_locality(texts: list[str]) -> Locality:
    """The places an article names: the first "tỉnh X", "huyện Y", "xã Z"... of each level."""
    names: dict[str, str] = {}
    for text in texts:
        for match in _LEVEL_RE.finditer(text):
            level = canonical_level(match["level"])
            name = _capitalized_run(text, match.end())
            if name and level not in names:
                names[level] = name
    return Locality(tuple(names.items()))


def trailing_locality(name: str) -> tuple[int, str] | None:
    """Where a locality closing a name starts, and the locality: "... thành phố", "... của tỉnh Hà Nam",
    "... cấp tỉnh"."""
    for match in reversed(list(_LEVEL_RE.finditer(name))):
        rest = name[match.end() :].split()
        if len(rest) <= 3 and all(_is_capitalized_word(w) for w in rest):
            start = match.start()
            prefix = re.search(r"(?:của\s+)?(?:cấp\s+)?$", name[:start])
            loc_start = start - len(re.sub(r"^của\s+", "", prefix[0])) if prefix else start
            cut = start - len(prefix[0]) if prefix else start
            if cut == 0:
                return None
            return cut, name[loc_start:].strip()
    return None


_BARE_LEVEL_AT_END = re.compile(rf"\s(?P<level>{LEVEL_WORDS})$")

KIND_RULES = [
    ("khuyen_hoc", ["hoi khuyen hoc", "chi hoi khuyen hoc", "quy khuyen hoc"]),
    ("bien_phong", ["bien phong"]),
    ("quan_su", ["quan su", "bo tu lenh", "su doan", "lu doan", "trung doan"]),
    ("cong_an", ["cong an"]),
    ("doan_thanh_nien", ["doan thanh nien", "thanh doan", "tinh doan", "huyen doan", "quan doan", "thi doan"]),
    ("hoi_phu_nu", ["phu nu"]),
    ("hoi_nong_dan", ["hoi nong dan"]),
    ("lien_doan_lao_dong", ["lien doan lao dong", "cong doan"]),
    ("mat_tran", ["mat tran to quoc"]),
    ("giao_duc", ["giao duc va dao tao"]),
    ("truong_hoc", ["truong ", "dai hoc", "hoc vien"]),
    ("doanh_nghiep", ["cong ty", "ngan hang", "tap doan", "tong cong ty", "hop tac xa"]),
]
# Read on the written name (not folded): "quận" is a district, "quân sự" is military.
LEVEL_RULES = [
    ("trung_uong", re.compile(r"\b(?:Trung ương|Việt Nam)$|\bTrung ương\b", re.I)),
    ("xa", re.compile(r"(?<!\w)(?:xã|phường|thị trấn)\s+[A-ZĐÂĂÊÔƠƯ]")),
    ("huyen", re.compile(r"(?<!\w)(?:huyện|quận|thị xã)(?!\w)|^(?:Huyện|Quận|Thị) đoàn", re.I)),
]


def expand_abbreviations(name: str, extra: dict[str, str] | None = None) -> str:
    text = _ABBREVIATION_RE.sub(lambda m: ABBREVIATIONS[m[1]], name)
    for short, full in (extra or {}).items():
        text = re.sub(rf"(?<![\w&]){re.escape(short)}(?![\w&])", full, text)
    return text


def org_key(name: str, extra: dict[str, str] | None = None) -> str:
    """Comparison key of an organization name: abbreviations expanded, no diacritics, no punctuation."""
    if extra:
        return _org_key(expand_abbreviations(nfc(name), extra))
    return _org_key(nfc(name))


_ABBREVIATION_HINT = re.compile(r"[A-ZĐƯ]{2}|Tp\.")
_NOT_WORD = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=65536)
def _org_key(name: str) -> str:
    text = expand_abbreviations(name) if _ABBREVIATION_HINT.search(name) else name
    if "(" in text:
        text = re.sub(r"\([^)]*\)", " ", text)
    text = fold(text.replace("&", " và "))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def guess_kind(name: str) -> str:
    key = f" {org_key(name)} "
    for kind, needles in KIND_RULES:
        if any(n in key for n in needles):
            return kind
    return "khac"


def guess_level(name: str) -> str:
    name = expand_abbreviations(name)
    for level, regex in LEVEL_RULES:
        if regex.search(name):
            return level
    return "co_so" if fold(name).startswith(("truong ", "cong ty ")) else "tinh"


def looks_like_organization(chunk: str, known_keys: dict[str, int] | None = None) -> bool:
    """An organization's name begins with a capital and a word such as Hội, Sở, Công an, Bộ Chỉ huy;
    "các tổ chức chính trị - xã hội" or "7 cơ quan" are groups, not parties."""
    folded = fold(chunk)
    if not folded or not chunk[0].isupper() or folded.startswith(("cac ", "nhung ", "mot so ", "nhieu ")):
        return False
    if known_keys and org_key(chunk) in known_keys:
        return True
    if folded in ORG_WHOLE:
        return True
    return (chunk.lower() + " ").startswith(ORG_HEADS) and len(chunk.split()) >= 2


class OrganizationMatcher:
    """Matches names as the press writes them against the directory, diacritics-insensitively, by full
    name, short name, abbreviation and aliases; a bare "tỉnh"/"thành phố" is completed from the article."""

    def __init__(self, known: list[KnownOrganization] | tuple[KnownOrganization, ...] = ()):
        self.by_key: dict[str, int] = {}
        for org in known:
            for name in org.names:
                key = org_key(name)
                if key:
                    self.by_key.setdefault(key, org.pk)

    def candidates(self, name: str, locality: Locality | None, extra: dict[str, str]) -> list[str]:
        """Keys to look up: the name as written, and with a bare "tỉnh"/"huyện" or a bare type ("Công an")
        completed from the article's places."""
        keys = [org_key(name, extra)]
        if locality:
            bare = _BARE_LEVEL_AT_END.search(name)
            place = locality.name_of(bare["level"]) if bare else None
            if bare and place:
                keys.append(org_key(f"{name} {place}", extra))
                keys.append(org_key(f"{name[: bare.start()]} {place}", extra))
            elif locality.place and not trailing_locality(name) and fold(name) in BARE_TYPES | ORG_WHOLE:
                level_word, place = locality.place
                keys.append(org_key(f"{name} {level_word} {place}", extra))
                keys.append(org_key(f"{name} {place}", extra))
        return list(dict.fromkeys([*keys, *(k.replace(" cap tinh", " tinh").replace(" cua ", " ") for k in keys)]))

    def match(self, name: str, locality: Locality | None = None, extra: dict[str, str] | None = None) -> int | None:
        for key in self.candidates(name, locality, extra or {}):
            if key in self.by_key:
                return self.by_key[key]
        return None


def suggested_organization_name(name: str, locality: Locality | None = None) -> str:
    """A full name for a new organization: abbreviations spelled out, a bare "tỉnh"/"huyện" or a bare type
    completed from the article's places ("Ủy ban MTTQ tỉnh" → "Ủy ban Mặt trận Tổ quốc tỉnh Thanh Hóa")."""
    full = expand_abbreviations(name).strip()
    if locality:
        bare = _BARE_LEVEL_AT_END.search(full)
        place = locality.name_of(bare["level"]) if bare else None
        if bare and place:
            full = f"{full[: bare.start()]} {canonical_level(bare['level'])} {place}"
        elif locality.place and fold(full) in LEVEL_IN_NAME:
            full = f"{full} {locality.place[1]}"
        elif locality.place and fold(full) in BARE_TYPES | ORG_WHOLE and not trailing_locality(full):
            full = f"{full} {locality.place[0]} {locality.place[1]}"
    return full[:1].upper() + full[1:]


def _protect_compounds(text: str) -> tuple[str, dict[str, str]]:
    saved: dict[str, str] = {}

    def keep(match):
        token = f"\x00{len(saved)}\x00"
        saved[token] = match[0]
        return token

    return _COMPOUND_RE.sub(keep, text), saved


def _restore(text: str, saved: dict[str, str]) -> str:
    for token, original in saved.items():
        text = text.replace(token, original)
    return text


_INLINE_ABBREVIATION = re.compile(r"\s*\((?P<abbr>[A-ZĐ][A-ZĐ&\-]{1,9})\)")


def split_organization_list(text: str) -> list[str]:
    """ "A, B, C và D" -> [A, B, C, D], keeping "Sở Giáo dục và Đào tạo" whole."""
    protected, saved = _protect_compounds(text)
    protected = re.sub(r"\s*\([^)]*\)", "", protected)
    parts = re.split(r"\s*[,;]\s*|\s+(?:và|cùng với|cùng|với)\s+", protected)
    return [_restore(p, saved).strip(" .:-–") for p in parts if p and p.strip(" .:-–")]


def distribute_locality(chunks: list[str]) -> list[str]:
    """ "Hội Khuyến học, Công an và Bộ Chỉ huy Quân sự thành phố": "thành phố" belongs to all three."""
    if len(chunks) < 2:
        return chunks
    found = trailing_locality(chunks[-1])
    if not found:
        return chunks
    cut, locality = found
    last_core = chunks[-1][:cut].strip()
    out = []
    place = _capitalized_run(locality, len(locality.split()[0]), limit=3) if locality.split() else ""
    for chunk in chunks[:-1]:
        if fold(chunk) in LEVEL_IN_NAME and place:
            out.append(f"{chunk} {place}")
        elif fold(chunk) in BARE_TYPES and not trailing_locality(chunk):
            out.append(f"{chunk} {locality}")
        else:
            out.append(chunk)
    out.append(f"{last_core} {locality}")
    return out


# ---------------------------------------------------------------------------------------------
# 4d. People with positions (signatories)
# ---------------------------------------------------------------------------------------------

SURNAMES = {
    fold(s)
    for s in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Trịnh Mai Lương Tô Hà "
        "Lâm Trương Đoàn Vương Cao Chu Tạ Lưu Quách Phùng Thái Kiều Tăng Lại Nông Triệu Âu Khúc La Tống Thân "
        "Nghiêm Kim Mạc Đàm Đồng Lã Châu Văn Giáp Hứa Lò Quan Doãn Diệp Tôn Ninh Lục Hầu Hàn Từ Khổng "
        "Trịnh Viên Ứng Thạch Cù Bạch Lưu Mẫn Âu Kha Phí Thiều Nhữ Vi Khuất Tiêu Lạc Yên Bế Phương"
    ).split()
}
HONORIFICS = (
    r"(?:đồng\s+chí|đ/c|ông|bà|anh|chị|thầy|cô|nhà\s+giáo(?:\s+ưu\s+tú|\s+nhân\s+dân)?|NGƯT|NGND|"
    r"(?:Thiếu|Trung|Thượng|Đại)\s+(?:tá|úy|uý|tướng)|(?:PGS\.?\s*|GS\.?\s*)?TS\.?|ThS\.?|BS\.?)"
)
POSITION_HEADS = [
    "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chủ tịch", "Phó Bí thư Thường trực", "Phó Bí thư", "Bí thư",
    "Phó Tổng Giám đốc", "Tổng Giám đốc", "Phó Giám đốc", "Giám đốc", "Phó Chỉ huy trưởng", "Chỉ huy trưởng",
    "Phó Chính ủy", "Phó Chính uỷ", "Chính ủy", "Chính uỷ", "Tham mưu trưởng", "Phó Trưởng ban Thường trực",
    "Phó Trưởng ban", "Trưởng ban", "Phó Trưởng phòng", "Trưởng phòng", "Phó Hiệu trưởng", "Hiệu trưởng",
    "Tổng Biên tập", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Đồn trưởng", "Chính trị viên", "Thủ trưởng",
    "Viện trưởng", "Phó Viện trưởng", "Ủy viên Thường vụ", "Ủy viên", "Phó Trưởng", "Trưởng", "Người đứng đầu",
]  # fmt: skip
_POSITION_HEAD_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(h) for h in sorted(POSITION_HEADS, key=len, reverse=True)) + r")(?![\w])",
    re.I,
)
# What a person does after being named with a position: the position ends there.
_PERSON_VERBS = (
    r"phát\s+biểu|ký|trao|tặng|cùng|và\s+(?:đồng\s+chí|ông|bà|anh|chị)|chủ\s+trì|dự|đã|sẽ|thay\s+mặt|khẳng\s+định|"
    r"nhấn\s+mạnh|cho\s+biết|chia\s+sẻ|đề\s+nghị|yêu\s+cầu|tại|đại\s+diện|bày\s+tỏ|mong\s+muốn|đánh\s+giá|"
    r"ghi\s+nhận|tham\s+dự|trình\s+bày|quán\s+triệt|phát\s+động|cam\s+kết|thông\s+tin|nêu\s+rõ|báo\s+cáo|"
    r"tiếp\s+tục|được|nhận|giữ"
)
_POSITION_STOP = re.compile(rf"\s*(?:[,;:)(.–—]|\s-\s|$)|\s+(?:{_PERSON_VERBS})\b", re.I)


def _is_capitalized_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and word[1:].islower() if len(word) > 1 else word.isupper()


_NAME_TOKEN = re.compile(r"[^\W\d_]+")


def find_person_name(text: str, start: int = 0) -> tuple[int, int] | None:
    """The span of a Vietnamese personal name: a known surname and one to three more capitalized
    syllables ("Hoàng Duy Đỉnh"), searched from ``start``."""
    tokens = list(_NAME_TOKEN.finditer(text, start))
    for i, token in enumerate(tokens):
        if fold(token[0]) not in SURNAMES or not _is_capitalized_word(token[0]):
            continue
        j = i + 1
        while (
            j < len(tokens)
            and j - i < 4
            and _is_capitalized_word(tokens[j][0])
            and not text[tokens[j - 1].end() : tokens[j].start()].strip()
        ):
            j += 1
        if j - i >= 2:
            return token.start(), tokens[j - 1].end()
    return None


def _position_at(text: str, start: int) -> tuple[str, int] | None:
    head = _POSITION_HEAD_RE.match(text, start)
    if not head:
        return None
    stop = _POSITION_STOP.search(text, head.end())
    end = stop.start() if stop else len(text)
    return text[start:end].strip(), end


def find_people(sentence: str) -> list[tuple[str, str]]:
    """(name, position) pairs: "đồng chí Hoàng Văn A, Chủ tịch Hội ...", "ông A – Bí thư ...",
    "Giám đốc Sở Giáo dục và Đào tạo Bùi Văn B", "bà Lê Thị C (Chủ tịch Hội LHPN huyện)"."""
    people: list[tuple[str, str]] = []
    seen_spans: list[tuple[int, int]] = []
    # Name first, then the position.
    for start, end in _iter_names(sentence):
        gap = re.match(r"\s*(?:,|–|—|-|\(|:)?\s*", sentence[end:])
        position = _position_at(sentence, end + gap.end())
        if position:
            people.append((sentence[start:end], _clean_position(position[0])))
            seen_spans.append((start, position[1]))
    # Position first, then the name ("Giám đốc Sở ... Bùi Văn Kiệm").
    for head in _POSITION_HEAD_RE.finditer(sentence):
        if any(s <= head.start() < e for s, e in seen_spans):
            continue
        window = sentence[head.end() : head.end() + 120]
        stop = re.search(rf"[,;.(]|\s(?:{_PERSON_VERBS})\b", window, re.I)
        window = window[: stop.start()] if stop else window
        name = _name_after_position(window)
        if name:
            offset, person = name
            position = (sentence[head.start() : head.end()] + window[:offset]).strip()
            people.append((person, _clean_position(position)))
    return people


def _iter_names(sentence: str):
    """Names introduced as people: after "đồng chí", "ông", a rank, or at the start of a clause."""
    pos = 0
    while True:
        span = find_person_name(sentence, pos)
        if not span:
            return
        start, end = span
        before = sentence[max(0, start - 40) : start]
        honorific = re.search(rf"(?<!\w)(?:{HONORIFICS})\s*$", before, re.I)
        is_place = re.search(rf"(?:{LEVEL_WORDS}|Hồ\s+Chí)\s*$", before, re.I) or re.search(
            r"(?:THPT|THCS|Trường|[A-ZĐ]{2,})\s*$", before
        )
        at_clause_start = not before.strip() or before.rstrip().endswith((",", ";", ":", "("))
        if honorific or (at_clause_start and not is_place):
            yield start, end
        pos = end


def _name_after_position(window: str) -> tuple[int, str] | None:
    words = list(re.finditer(r"\S+", window))
    for i, word in enumerate(words):
        if fold(word[0]) not in SURNAMES or i == 0:
            continue
        rest = [w[0] for w in words[i:]]
        if len(rest) < 2 or not all(_is_capitalized_word(w) for w in rest[:2]):
            continue
        previous = words[i - 1][0]
        if fold(previous) in {"tinh", "pho", "huyen", "quan", "xa", "phuong", "tp", "tp.", "tran", "chi", "truong"}:
            continue
        if previous.isupper() and len(previous) > 1:
            continue  # "Trường THPT Ngô Quyền" is a school named after a person
        n = 2
        while n < len(rest) and n < 4 and _is_capitalized_word(rest[n]):
            n += 1
        if i + n != len(words):
            continue
        return word.start(), " ".join(rest[:n])
    return None


def _clean_position(position: str) -> str:
    return re.sub(r"\s+", " ", position).strip(" ,.;:-–")


def position_organization(position: str) -> str:
    """ "Chủ tịch Hội Khuyến học thành phố" -> "Hội Khuyến học thành phố"."""
    rest = position
    while True:
        head = _POSITION_HEAD_RE.match(rest)
        if not head:
            break
        rest = rest[head.end() :].strip()
        rest = re.sub(r"^(?:Thường\s+trực|Thường\s+vụ|Ban\s+Thường\s+vụ|kiêm)\s+", "", rest, flags=re.I)
    return rest.strip(" ,")


# ---------------------------------------------------------------------------------------------
# 4e. Venue
# ---------------------------------------------------------------------------------------------

VENUE_RE = re.compile(
    r"\btại\s+(?P<venue>(?:Hội\s+trường|hội\s+trường|Trường|trường|Trụ\s+sở|trụ\s+sở|Nhà\s+văn\s+hóa|"
    r"Nhà\s+văn\s+hoá|nhà\s+văn\s+hóa|Trung\s+tâm|Cung|Khách\s+sạn|Nhà\s+khách|UBND|Ủy\s+ban|Uỷ\s+ban|"
    r"Văn\s+phòng|Bảo\s+tàng|Thư\s+viện|Phòng\s+họp|phòng\s+họp|Nhà\s+hát|Đồn|Bộ\s+Chỉ\s+huy|Công\s+an|"
    r"Sở|Hội\s+Khuyến\s+học|Khu\s+di\s+tích|Đền|Nhà\s+thi\s+đấu|Trung\s+đoàn|Sư\s+đoàn|Lữ\s+đoàn)\b"
    r"[^,.;:\n]*?)(?=\s*(?:[,.;:\n]|$|\s+(?:và|đã|diễn\s+ra|tổ\s+chức|long\s+trọng)\s))"
)


def find_venue(sentence: str) -> str:
    match = VENUE_RE.search(sentence)
    if not match:
        return ""
    venue = match["venue"].strip()
    return venue[:1].upper() + venue[1:]


# ---------------------------------------------------------------------------------------------
# 4f. Signing events
# ---------------------------------------------------------------------------------------------

_DOC = r"(?:chương\s+trình|quy\s+chế|kế\s+hoạch|thỏa\s+thuận|thoả\s+thuận|(?:biên\s+)?bản\s+ghi\s+nhớ|nghị\s+quyết)"
SIGNING_RE = re.compile(
    rf"\bký(?:\s+kết)?\s+(?:(?P<doc>{_DOC})\s+)?(?P<kind>phối\s+hợp|hợp\s+tác|liên\s+tịch|ghi\s+nhớ)"
    rf"|\bký(?:\s+kết)?\s+(?P<doc2>{_DOC})\b(?=[^.;]{{0,40}}(?:giữa|với))",
    re.I,
)
# What before the signing phrase makes it a mention of an earlier signing, not the news itself.
PAST_SIGNING_RE = re.compile(
    r"(?:từng|được|sau\s+khi|kể\s+từ\s+khi|từ\s+khi|theo|thực\s+hiện|triển\s+khai|sơ\s+kết|tổng\s+kết|"
    r"nhìn\s+lại|đánh\s+giá)(?:\s+\S+){0,2}\s*$",
    re.I,
)
PAST_TIME_RE = re.compile(
    r"\bnăm\s+(?:19|20)\d\d\b|\bnăm\s+ngoái\b|\btrước\s+(?:đây|đó)\b|\bgiai\s+đoạn\s+trước\b|\bthời\s+gian\s+qua\b",
    re.I,
)
FUTURE_SIGNING_RE = re.compile(
    r"(?:sẽ|dự\s+kiến|dự\s+định|chuẩn\s+bị|đề\s+xuất|hướng\s+tới|tiến\s+tới|tiếp\s+tục|kế\s+hoạch|chưa)"
    r"(?:\s+\S+){0,2}\s*$",
    re.I,
)
ACTIVE_SIGNING_RE = re.compile(
    r"(?:tổ\s+chức|lễ|hội\s+nghị|buổi|vừa|chính\s+thức|long\s+trọng|đã\s+tổ\s+chức)\s*$", re.I
)

NOT_SIGNING_REASONS = [
    (
        re.compile(r"\bđại\s+hội\b", re.I),
        "Bài viết đưa tin đại hội, không có lễ ký kết chương trình phối hợp.",
    ),
    (
        re.compile(r"\b(?:sơ\s+kết|tổng\s+kết|đánh\s+giá\s+kết\s+quả|nhìn\s+lại)\b", re.I),
        "Bài viết đưa tin hội nghị sơ kết/tổng kết, không phải lễ ký kết chương trình phối hợp.",
    ),
    (
        re.compile(r"\bhọc\s+bổng\b|\b(?:trao\s+thưởng|khen\s+thưởng|tuyên\s+dương|vinh\s+danh)\b", re.I),
        "Bài viết đưa tin trao học bổng, khen thưởng; không có lễ ký kết chương trình phối hợp.",
    ),
    (
        re.compile(r"\b(?:triển\s+khai|kế\s+hoạch|bàn\s+giải\s+pháp|họp\s+bàn|tập\s+huấn|hội\s+thảo)\b", re.I),
        "Bài viết đưa tin hội nghị triển khai, hội thảo hay bàn kế hoạch; không có lễ ký kết chương trình phối hợp.",
    ),
]
NOT_SIGNING_PAST = "Bài viết chỉ nhắc tới chương trình phối hợp đã ký trước đó, không đưa tin một lễ ký kết."
NOT_SIGNING_DEFAULT = "Không thấy câu nào đưa tin ký kết chương trình phối hợp."


def signing_match(sentence: str) -> re.Match | None:
    """The phrase of a sentence that reports a signing now ("tổ chức Lễ ký kết chương trình phối hợp"),
    or None when the sentence only refers to a programme signed earlier."""
    for match in SIGNING_RE.finditer(sentence):
        before = sentence[max(0, match.start() - 60) : match.start()]
        clause = re.split(r",|\bvà\b|\bđồng\s+thời\b", before)[-1]
        if ACTIVE_SIGNING_RE.search(clause):
            return match
        if PAST_SIGNING_RE.search(clause) or FUTURE_SIGNING_RE.search(clause):
            continue
        if re.search(r"\bđã(?:\s+\S+){0,2}\s*$", clause) and PAST_TIME_RE.search(sentence[: match.start()]):
            continue  # "Năm 2022, hai đơn vị đã ký kết ...": an earlier signing
        return match
    return None


def signing_decision(title: str, first_paragraphs: list[str]) -> tuple[bool, str, list[str]]:
    """Whether the article reports a signing; the reason when it does not; the sentences that report it."""
    sentences = [title, *[s for p in first_paragraphs for s in split_sentences(p)]]
    reporting = [s for s in sentences if s and signing_match(s)]
    if reporting:
        return True, "", reporting
    mentions = any(SIGNING_RE.search(s) for s in sentences if s)
    head = " ".join([title, *first_paragraphs[:1]])
    for regex, reason in NOT_SIGNING_REASONS:
        if regex.search(head):
            return False, reason, []
    return False, NOT_SIGNING_PAST if mentions else NOT_SIGNING_DEFAULT, []


# ---------------------------------------------------------------------------------------------
# 4g. Programme parties and title from a signing sentence
# ---------------------------------------------------------------------------------------------

_LEADING_ADVERBIALS = re.compile(
    r"^(?:\([^)]{1,40}\)\s*[-–—]\s*)?(?:[A-ZĐ][^:,.]{1,30}:\s+)?"
    r"(?:(?:(?:Sáng|Chiều|Trưa|Tối|Ngày|Hôm)(?:\s+nay)?\s*\(?\s*(?:ngày\s+)?\d{1,2}\s*[/\-.]\s*\d{1,2}"
    r"(?:\s*[/\-.]\s*\d{4})?\)?|(?:Sáng|Chiều|Trưa|Tối|Hôm)\s+nay|Vừa\s+qua|Mới\s+đây|Theo\s+đó|Hôm\s+qua|"
    r"Trong\s+(?:ngày|sáng|chiều)\s+\d{1,2}\s*[/\-.]\s*\d{1,2}|Tại\s+(?:hội\s+nghị|buổi\s+lễ)[^,]*)\s*,\s*)*"
    r"(?:tại\s+[^,]+,\s*)?",
    re.I,
)
_SUBJECT_END = re.compile(
    r"\s+(?:đã\s+|vừa\s+|chính\s+thức\s+|long\s+trọng\s+|cùng\s+nhau\s+|đồng\s+loạt\s+)*"
    r"(?:tổ\s+chức|ký|phối\s+hợp\s+tổ\s+chức)\b",
    re.I,
)
_LEAD_SPLIT = re.compile(r"\s+(?:phối\s+hợp\s+với|phối\s+hợp\s+cùng|cùng\s+với|với)\s+", re.I)
_TITLE_HEAD = re.compile(rf"(?P<head>{_DOC})\s+(?P<kind>phối\s+hợp|hợp\s+tác|liên\s+tịch)?", re.I)
_TITLE_STOP = re.compile(
    r"\s*(?:,?\s*(?:giai\s+đoạn|nhiệm\s+kỳ|thời\s+kỳ|năm\s+(?:19|20)\d\d|từ\s+năm)\b|,\s*thời\s+gian\b|"
    r"\s+(?:với|giữa)\s+|[.;:]|\s+(?:nhằm|để|tại)\s+|$)",
    re.I,
)
# Where the programme's subject starts after its partners: "... với BCHQS tỉnh về công tác khuyến học".
_OBJECT_AFTER_PARTNERS = re.compile(r"\s(?=(?:về|trong|nhằm)\s)|(?=[\"“«])", re.I)


@dataclass
class _SigningParse:
    subject: list[str]
    partners: list[str]
    explicit_lead: bool
    title: str


def parse_signing_sentence(sentence: str, match: re.Match) -> _SigningParse:
    body = _LEADING_ADVERBIALS.sub("", sentence[: match.start()]).strip()
    end = _SUBJECT_END.search(body)
    subject_text = body[: end.start()] if end else body
    subject_text = re.sub(r"\s+(?:đã|vừa|cùng)$", "", subject_text.strip())
    explicit_lead = False
    partners: list[str] = []
    lead_split = _LEAD_SPLIT.search(subject_text)
    if lead_split:
        explicit_lead = True
        partners = split_organization_list(subject_text[lead_split.end() :])
        subject = split_organization_list(subject_text[: lead_split.start()])
    else:
        subject = split_organization_list(subject_text)
    tail = sentence[match.end() :]
    # Partners after the programme: "... với 7 cơ quan, đơn vị: A, B, C" or "giữa A và B".
    colon = re.search(r":\s*(?P<list>[^.;]+)", tail)
    between = re.search(r"\b(?:giữa|với)\s+(?P<list>[^.;:]+)", tail)
    if colon and re.search(r"\b(?:với|giữa|gồm|là)\b[^:]*$", tail[: colon.start()]):
        partners += split_organization_list(colon["list"])
        explicit_lead = explicit_lead or bool(subject)
    elif between:
        found = split_organization_list(_cut_at_title_stop(between["list"]))
        partners += found
        explicit_lead = explicit_lead or bool(subject)
    return _SigningParse(
        subject=subject, partners=partners, explicit_lead=explicit_lead, title=_title_from(match, tail)
    )


def _cut_at_title_stop(text: str) -> str:
    stop = re.search(
        r"\s*(?:,?\s*giai\s+đoạn|,?\s*nhiệm\s+kỳ|,\s*thời\s+gian|\bnhằm\b|\bvề\b|\bđể\b|\btại\b|\btrong\b|[\"“«])",
        text,
        re.I,
    )
    return text[: stop.start()] if stop else text


def _title_from(match: re.Match, tail: str) -> str:
    head = (match["doc"] or match["doc2"] or "Chương trình").strip()
    kind = (match["kind"] or "").strip()
    words = f"{head} {kind}".strip()
    rest = tail.lstrip()
    if re.match(r"(?:với|giữa)\s", rest, re.I):
        start = _OBJECT_AFTER_PARTNERS.search(rest)
        rest = rest[start.end() :].lstrip() if start else ""
    quoted = re.match(r"[\"“«](?P<q>[^\"”»]{3,250})[\"”»]", rest)
    if quoted:
        obj = quoted["q"]
        stop = re.search(r"\s*,?\s*(?:giai\s+đoạn|nhiệm\s+kỳ|năm\s+(?:19|20)\d\d)\b", obj, re.I)
        obj = obj[: stop.start()] if stop else obj
        if len(obj) > 1 and obj[0].isupper() and obj[1].islower():
            obj = obj[0].lower() + obj[1:]
    else:
        stop = _TITLE_STOP.search(rest)
        obj = rest[: stop.start()] if stop else rest
    obj = obj.strip(" ,;:-–")
    title = f"{words} {obj}".strip() if obj else words
    title = re.sub(r"\s+", " ", title)
    return (title[:1].upper() + title[1:])[:300]


# ---------------------------------------------------------------------------------------------
# 4h. Commitments (contents of cooperation)
# ---------------------------------------------------------------------------------------------

ACTION_VERBS = tuple(
    fold(v) + " "
    for v in [
        "Tuyên truyền", "Tổ chức", "Động viên", "Nâng cao", "Phối hợp", "Xây dựng", "Đẩy mạnh", "Tăng cường",
        "Vận động", "Tham gia", "Triển khai", "Hỗ trợ", "Khen thưởng", "Biểu dương", "Duy trì", "Phát triển",
        "Huy động", "Kêu gọi", "Quán triệt", "Thực hiện", "Chỉ đạo", "Củng cố", "Trao đổi", "Khuyến khích",
        "Giới thiệu", "Bồi dưỡng", "Đăng ký", "Trao", "Cùng", "Thành lập", "Nhân rộng", "Lồng ghép", "Đồng hành",
        "Tư vấn", "Giáo dục", "Đảm bảo", "Bảo đảm", "Mở", "Hướng dẫn", "Định kỳ", "Sơ kết", "Tổng kết", "Chia sẻ",
        "Tích cực", "Chủ động", "Cung cấp", "Biên soạn", "Phát động", "Ủng hộ", "Gắn", "Đưa", "Kịp thời",
        "Tuyên dương", "Tặng", "Rà soát", "Tham mưu", "Khảo sát", "Xét chọn", "Theo dõi", "Kiểm tra", "Nhận",
    ]
)  # fmt: skip
CONNECTORS = re.compile(
    r"^(?:Đồng\s+thời|Bên\s+cạnh\s+đó|Mặt\s+khác|Ngoài\s+ra|Cùng\s+với\s+đó|Tiếp\s+đó)\s*,\s*", re.I
)
PARTY_SUBJECT = re.compile(
    r"\b(?:các|hai|ba|bốn|năm|những)\s+(?:bên|cơ\s+quan|đơn\s+vị|tổ\s+chức)\b|\bcác\s+đơn\s+vị\s+tham\s+gia", re.I
)
AGREEMENT_VERB = re.compile(
    r"\b(?:(?:cũng\s+)?thống\s+nhất|cam\s+kết|(?:sẽ|cùng)\s+phối\s+hợp|tập\s+trung\s+phối\s+hợp|phải)\b\s*,?\s*",
    re.I,
)
COUNTED_CONTENTS = re.compile(
    r"(?P<count>\d{1,2}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)?\s*(?:nhóm\s+)?(?:nội\s+dung|nhiệm\s+vụ|"
    r"lĩnh\s+vực|hoạt\s+động)(?:\s+(?:phối\s+hợp|trọng\s+tâm|chính|cơ\s+bản|chủ\s+yếu|cụ\s+thể|sau))*"
    r"(?:\s+(?:sau|như\s+sau|gồm|là))?\s*:\s*",
    re.I,
)
_NUMBER_WORDS = {"hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
INLINE_NUMBERED = re.compile(r"(?:^|[\s;,.])\(?(?P<n>\d{1,2})[).]\s+")


def _commitment_text(text: str, *, agreed: bool = False) -> str:
    text = LIST_MARKER.sub("", text.strip()).strip(" ;,.:")
    cooperate = re.match(r"phối\s+hợp\s+", text, re.I)
    if agreed and cooperate and (fold(text[cooperate.end() :]) + " ").startswith(ACTION_VERBS):
        text = text[cooperate.end() :]  # "thống nhất phối hợp tuyên truyền..." agrees on "tuyên truyền..."
    text = re.sub(r"\s+", " ", text)
    return text[:1].upper() + text[1:] if text else ""


def _split_items(text: str) -> list[str]:
    numbered = list(INLINE_NUMBERED.finditer(text))
    if len(numbered) >= 2 and [int(m["n"]) for m in numbered[:2]] == [1, 2]:
        cuts = [m.end() for m in numbered] + [len(text)]
        starts = [m.start() for m in numbered[1:]] + [len(text)]
        return [text[cuts[i] : starts[i]] for i in range(len(numbered))]
    items: list[str] = []
    for part in (p for p in re.split(r"\s*;\s*", text) if p.strip()):
        if items and not (fold(part) + " ").startswith(ACTION_VERBS):
            items[-1] = f"{items[-1]}; {part}"  # a list inside one commitment, not a new one
        else:
            items.append(part)
    return items


def find_commitments(paragraphs: list[str]) -> list[Found[str]]:
    """The contents of cooperation, in the order of preference: a numbered or bulleted list introduced
    by the article, "N nội dung phối hợp: ..." in running text, then what the parties "thống nhất"."""
    for rule in (_listed_commitments, _counted_commitments, _agreed_commitments):
        found = rule(paragraphs)
        if found:
            return [Found(c.value, c.source) for c in found if c.value]
    return []


def _listed_commitments(paragraphs: list[str]) -> list[Found[str]]:
    for i, paragraph in enumerate(paragraphs):
        if not paragraph.endswith(":") or i + 1 >= len(paragraphs):
            continue
        if not re.search(r"nội\s+dung|phối\s+hợp|thống\s+nhất|cam\s+kết|nhiệm\s+vụ|gồm", paragraph, re.I):
            continue
        items = []
        for item in paragraphs[i + 1 :]:
            if not LIST_MARKER.match(item):
                break
            items.append(Found(_commitment_text(item), item))
        if items:
            return items
    # A list without an introduction still counts when it is the only list in a signing article.
    items = [Found(_commitment_text(p), p) for p in paragraphs if re.match(r"^\(?\d{1,2}[.)]\s", p)]
    return items if len(items) >= 2 else []


def _counted_commitments(paragraphs: list[str]) -> list[Found[str]]:
    for i, paragraph in enumerate(paragraphs):
        for match in COUNTED_CONTENTS.finditer(paragraph):
            context = paragraph[max(0, match.start() - 120) : match.start()] + match[0]
            if not re.search(r"phối\s+hợp|ký|thống\s+nhất|cam\s+kết|chương\s+trình|gồm|tập\s+trung", context):
                continue
            count = match["count"]
            number = int(count) if count and count.isdigit() else _NUMBER_WORDS.get(fold(count or ""), 0)
            rest = paragraph[match.end() :].strip()
            if not rest and i + 1 < len(paragraphs):
                continue  # the list follows as separate paragraphs: _listed_commitments reads it
            items = _split_items(rest)
            if len(items) < max(number, 2):
                items = split_sentences(rest)
            # "3 nội dung: A. B." with C on the next line of the page: the count says how far to read.
            following = iter(paragraphs[i + 1 :])
            while number and len(items) < number and (more := next(following, None)):
                if LIST_MARKER.match(more):
                    break
                items += split_sentences(more)
            if number:
                items = items[:number]
            if len(items) >= 2:
                return [Found(_commitment_text(item), paragraph) for item in items]
    return []


def _agreed_commitments(paragraphs: list[str]) -> list[Found[str]]:
    found: list[Found[str]] = []
    for index, paragraph in enumerate(paragraphs):
        sentences = split_sentences(paragraph)
        active = False
        for j, sentence in enumerate(sentences):
            verb = AGREEMENT_VERB.search(sentence)
            subject_ok = verb and PARTY_SUBJECT.search(sentence[: verb.start()])
            connector = CONNECTORS.match(sentence)
            if subject_ok:
                active = True
                found += [
                    Found(_commitment_text(t, agreed=True), sentence) for t in _split_items(sentence[verb.end() :])
                ]
            elif active or (connector and index > 0 and found and j == 0):
                rest = sentence[connector.end() :] if connector else sentence
                verb = AGREEMENT_VERB.match(rest)
                rest = rest[verb.end() :] if verb else rest
                if connector or (fold(rest) + " ").startswith(ACTION_VERBS):
                    active = True
                    found += [Found(_commitment_text(t, agreed=True), sentence) for t in _split_items(rest)]
                else:
                    active = False
    return found


# ---------------------------------------------------------------------------------------------
# 5. Page structure: title, byline, source, lead, captions, body
# ---------------------------------------------------------------------------------------------

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
        if not 2 <= len(words) <= 5 or not all(_is_capitalized_word(w.rstrip(".")) for w in words):
            return False
    return True


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
class _Page:
    header: list[str]
    body: list[str]
    trailer: list[str]


def split_page(paragraphs: list[str]) -> _Page:
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
    return _Page(paragraphs[:body_at], paragraphs[body_at:trailer_at], paragraphs[trailer_at:])


def _strip_image_mark(text: str) -> str:
    return IMAGE_MARK.sub("", text).strip(" -–")


# ---------------------------------------------------------------------------------------------
# 6-7. The whole article
# ---------------------------------------------------------------------------------------------


@dataclass
class _Reading:
    """What has been read so far; each step below fills in part of it."""

    page: _Page
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


def _read_header(reading: _Reading) -> None:
    """Title, timestamp, byline and masthead above the article."""
    for line in reading.page.header:
        if is_furniture(line):
            continue
        stamp = parse_timestamp(line)
        if stamp:
            if reading.published.value is None:
                reading.published = Found(stamp, line)
            continue
        masthead = MASTHEAD.match(line)
        if masthead and not reading.source.value and word_count(line) <= 10:
            reading.source = Found(masthead["src"].strip(), line)
        elif not reading.title.value and 3 <= word_count(line) <= 45 and not is_name_like(line):
            reading.title = Found(line.rstrip("."), line)
        elif not reading.author.value and (BYLINE_LABEL.match(line) or is_name_like(line)):
            byline = BYLINE_LABEL.match(line)
            reading.author = Found((byline["name"] if byline else line).strip(), line)


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
        src = SOURCE_LINE.match(paragraph)
        if src and word_count(paragraph) <= 15:
            if not reading.source.value or reading.source.source in reading.page.header:
                reading.source = Found(src["src"].strip(), paragraph)
            cut = back
            continue
        byline = BYLINE_LABEL.match(paragraph)
        if byline or (is_name_like(paragraph) and back > 0):
            if not reading.author.value:
                _set_author(reading, byline["name"] if byline else paragraph, paragraph)
            cut = back
            break
        if paragraph.endswith((".", "!", "?", "…", "”", '"')) or word_count(paragraph) > 30:
            break
    reading.body = body[:cut]
    if not reading.source.value and reading.portal.value:
        reading.source = reading.portal


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
            alt = _strip_image_mark(paragraph)
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
    if not reading.title.value and reading.lead.value:
        first_sentence = split_sentences(reading.lead.value)[0]
        reading.title = Found(" ".join(first_sentence.split()[:20]).rstrip(".,;"), reading.lead.value)
        reading.warnings.append("Không thấy tiêu đề trong bài; đã tạm lấy câu đầu của bài, hãy sửa lại.")
    if reading.published.value is None:
        stamp = next(((parse_timestamp(line), line) for line in paragraphs if parse_timestamp(line)), None)
        if stamp:
            reading.published = Found(*stamp)
    if reading.published.value is None and reading.lead.value:
        first_sentence = split_sentences(reading.lead.value)[0]
        day = find_event_date(first_sentence, context=tuple(texts))
        if day:
            reading.published = Found(day, first_sentence)
            reading.warnings.append("Bài không ghi thời điểm đăng; đã lấy ngày của sự kiện trong đoạn mở đầu.")


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


def propose_programme(
    *,
    title: str,
    reporting: list[str],
    paragraphs: list[str],
    captions: list[str],
    reference: datetime.date | None,
    known: list[KnownOrganization] | tuple[KnownOrganization, ...] = (),
) -> ProgrammeProposal:
    """The programme a signing article describes; ``reporting`` are the sentences that report the signing."""
    matcher = OrganizationMatcher(known)
    main = next((s for s in reporting if s != title), reporting[0])
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    reporting_all = [s for s in sentences if signing_match(s)] or reporting
    locality = find_locality([title, *paragraphs])

    # The period written after the signing phrase first: "tổng kết giai đoạn 2020-2024 và ký kết ... giai
    # đoạn 2025-2029" is about the new programme.
    period_source, period = "", None
    for sentence in [main, *reporting_all, title, *sentences]:
        match = signing_match(sentence)
        period = (find_period(sentence[match.start() :]) if match else None) or find_period(sentence)
        if period:
            period_source = sentence
            break
    signing_day = find_event_date(main, reference=reference, context=tuple(paragraphs[:2]))
    venue_source = next((s for s in [main, *reporting_all, *sentences[:3]] if find_venue(s)), "")

    signing_sentences = list(dict.fromkeys([main, *reporting_all, *([title] if title in reporting else [])]))
    parties, programme_title, locality = _parties_and_title(signing_sentences, title, matcher, locality)
    signatories = _signatories(sentences + captions, parties, locality)
    start, end = period if period else (signing_day.year if signing_day else None, None)
    return ProgrammeProposal(
        title=Found(programme_title, main),
        period_start_year=Found(start, period_source),
        period_end_year=Found(end, period_source),
        signing_date=Found(signing_day, main if signing_day else ""),
        venue=Found(find_venue(venue_source), venue_source),
        parties=parties,
        signatories=signatories,
        commitments=find_commitments(paragraphs),
    )


def _parties_and_title(
    sentences: list[str], title: str, matcher: OrganizationMatcher, locality: Locality
) -> tuple[list[PartyProposal], str, Locality]:
    """The parties named by the sentences that report the signing, in order and without repeats, and
    the programme's title as the first of those sentences gives it."""
    inline_abbreviations: dict[str, str] = {}
    mentions: list[tuple[str, str, bool]] = []  # (name, source sentence, is the lead)
    programme_title = ""
    for sentence in sentences:
        match = signing_match(sentence)
        if not match:
            continue
        inline_abbreviations |= _inline_abbreviations(sentence[: match.start()])
        parsed = parse_signing_sentence(sentence, match)
        if not programme_title and sentence != title:
            programme_title = parsed.title
        subject = distribute_locality([c for c in parsed.subject if looks_like_organization(c, matcher.by_key)])
        partners = distribute_locality([c for c in parsed.partners if looks_like_organization(c, matcher.by_key)])
        mentions += [(name, sentence, parsed.explicit_lead and i == 0) for i, name in enumerate(subject)]
        mentions += [(name, sentence, False) for name in partners]
    if not programme_title:
        match = signing_match(title)
        programme_title = parse_signing_sentence(title, match).title if match else "Chương trình phối hợp"
    for written, _source, _lead in mentions:
        locality = locality.with_main(written)

    parties: list[PartyProposal] = []
    seen: dict[str, PartyProposal] = {}
    for written, source, is_lead in mentions:
        name = re.sub(r"\s+", " ", written).strip()
        expanded = expand_abbreviations(name, inline_abbreviations)
        pk = matcher.match(name, locality, inline_abbreviations)
        key = f"pk:{pk}" if pk else org_key(suggested_organization_name(expanded, locality))
        same = seen.get(key)
        if same is None and (not pk or source == title):
            # A headline shortens names ("Kiến Thụy: Hội Khuyến học và Huyện đoàn ký kết"): a short
            # mention there is the party the body names in full, even if alone it would match a
            # known organization (the host association, say).
            same = _party_named_more_fully(name, parties)
        if same:
            same.role = "chu_tri" if is_lead else same.role
            continue
        seen[key] = PartyProposal(
            name=name,
            source=source,
            role="chu_tri" if is_lead else "phoi_hop",
            organization_pk=pk,
            suggested_name=suggested_organization_name(expanded, locality),
            kind=guess_kind(expanded),
            level=guess_level(suggested_organization_name(expanded, locality)),
        )
        parties.append(seen[key])
    if parties and not any(p.role == "chu_tri" for p in parties):
        # Nobody is written as leading: on a study-promotion portal the association leads.
        lead = next((p for p in parties if p.kind == "khuyen_hoc"), parties[0])
        lead.role = "chu_tri"
    if (
        fold(programme_title)
        in {
            fold(f"{d} {k}")
            for d in ("Chương trình", "Quy chế", "Kế hoạch")
            for k in ("phối hợp", "hợp tác", "liên tịch")
        }
        and 2 <= len(parties) <= 3
    ):
        # Nothing names the programme but its parties.
        programme_title = f"{programme_title} giữa {' và '.join(p.name for p in parties)}"
    return parties, programme_title, locality


def _party_named_more_fully(name: str, parties: list[PartyProposal]) -> PartyProposal | None:
    """ "Quận đoàn" or "Hội Khuyến học huyện" once "Quận đoàn Lê Chân" or "Hội Khuyến học huyện Kim Bảng" is
    a party: the short mention, naming no place of its own, is the same party."""
    found = trailing_locality(name)
    if found and any(_is_capitalized_word(w) for w in found[1].split()[1:]):
        return None
    bare = _BARE_LEVEL_AT_END.search(name)
    core = org_key(expand_abbreviations(name[: bare.start()] if bare else name)).split()
    if len(core) < 2 and " ".join(core) not in ORG_WHOLE:
        return None
    for party in parties:
        words = org_key(expand_abbreviations(party.name)).split()
        if any(words[i : i + len(core)] == core for i in range(len(words) - len(core) + 1)):
            return party
    return None


def _inline_abbreviations(text: str) -> dict[str, str]:
    """ "Hội khuyến học (HKH) tỉnh Thanh Hóa": later "HKH" means that association."""
    found = {}
    for abbr in _INLINE_ABBREVIATION.finditer(text):
        head = re.search(r"((?:Hội|Ủy ban|Liên đoàn|Bộ Chỉ huy|Đoàn)[^,;()]*?)$", text[: abbr.start()])
        if head:
            found[abbr["abbr"]] = head[1]
    return found


def _signatories(sentences: list[str], parties: list[PartyProposal], locality: Locality) -> list[SignatoryProposal]:
    """People named with a position in one of the parties (a guest from elsewhere does not sign)."""
    signatories: list[SignatoryProposal] = []
    for sentence in sentences:
        for name, position in find_people(sentence):
            party = _party_of_position(position, parties, locality)
            if party and not any(fold(s.name) == fold(name) for s in signatories):
                signatories.append(SignatoryProposal(name, position, party.name, sentence))
    return signatories


def _party_of_position(position: str, parties: list[PartyProposal], locality: Locality) -> PartyProposal | None:
    organization = position_organization(position)
    if not organization:
        return None
    org_words = org_key(suggested_organization_name(expand_abbreviations(organization), locality)).split()
    best, best_score = None, 0
    for party in parties:
        party_words = org_key(party.suggested_name or party.name).split()
        if org_words == party_words:
            return party
        common = 0
        for a, b in zip(org_words, party_words, strict=False):
            if a != b:
                break
            common += 1
        if common >= 2 and common >= min(len(org_words), len(party_words)) - 1 and common > best_score:
            best, best_score = party, common
    return best
