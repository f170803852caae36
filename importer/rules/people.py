"""People with positions (signatories) and the venue."""

from __future__ import annotations

import re

from core.text import fold
from importer.rules.organizations import LEVEL_WORDS
from importer.rules.text import is_capitalized_word

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


_NAME_TOKEN = re.compile(r"[^\W\d_]+")


def find_person_name(text: str, start: int = 0) -> tuple[int, int] | None:
    """The span of a Vietnamese personal name: a known surname and one to three more capitalized
    syllables ("Hoàng Duy Đỉnh"), searched from ``start``."""
    # Tokens are read lazily, four at a time: a long paste is scanned once, not once per name.
    window: list[re.Match] = []
    for token in _NAME_TOKEN.finditer(text, start):
        window.append(token)
        if len(window) < 4:
            continue
        span = _name_at(text, window)
        if span:
            return span
        window.pop(0)
    while window:
        span = _name_at(text, window)
        if span:
            return span
        window.pop(0)
    return None


def _name_at(text: str, tokens: list[re.Match]) -> tuple[int, int] | None:
    """A name starting at the first of ``tokens`` (at most four)."""
    first = tokens[0]
    if fold(first[0]) not in SURNAMES or not is_capitalized_word(first[0]):
        return None
    j = 1
    while (
        j < len(tokens)
        and is_capitalized_word(tokens[j][0])
        and not text[tokens[j - 1].end() : tokens[j].start()].strip()
    ):
        j += 1
    return (first.start(), tokens[j - 1].end()) if j >= 2 else None


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


_UPPER = "A-ZĐÁÀẢÃẠÂẤẦẨẪẬĂẮẰẲẴẶÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ"
# "ông Y Bhin Niê", "bà H'Hen Niê": after "ông"/"bà" a name need not begin with a Kinh surname.
_HONORED_NAME = re.compile(
    rf"(?<!\w)(?i:ông|bà|anh|chị|đồng\s+chí)\s+(?P<name>[{_UPPER}][\w'’]*(?:\s+[{_UPPER}][\w'’]*){{1,3}})"
)
# Between two people of a list: "; " or "và" before an honorific or a position ("… và bà B, …",
# "… và Bí thư Quận đoàn C").
PERSON_SEPARATOR = re.compile(rf";|\s+(?:và|cùng)\s+(?=(?:{HONORIFICS})\s|{_POSITION_HEAD_RE.pattern})", re.I)


def people_with_positions(text: str) -> list[tuple[str, list[str]]]:
    """Each person introduced by name and every current position written after the name, in order:
    "đồng chí A, nguyên Bí thư Tỉnh ủy, Chủ tịch Hội Khuyến học tỉnh" gives (A, ["Chủ tịch Hội Khuyến
    học tỉnh"]); a former position ("nguyên …") is not the one the person signs in."""
    # "Trưởng Công an xã" folds like a name ("Trương Công"): a position is not a person.
    spans = [(start, end) for start, end in _iter_names(text) if not _POSITION_HEAD_RE.match(text, start)]
    for honored in _HONORED_NAME.finditer(text):
        start, end = honored.span("name")
        if not any(s <= start < e or start <= s < end for s, e in spans) and not _POSITION_HEAD_RE.match(text, start):
            spans.append((start, end))
    spans.sort()
    people = []
    for k, (start, end) in enumerate(spans):
        stop = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        rest = re.sub(rf"\s*(?:[,;]|\bvà\b|\bcùng\b)?\s*(?:{HONORIFICS})?\s*$", "", text[end:stop], flags=re.I)
        positions = []
        for written in re.split(r"[,;()]|\s[-–—]\s", rest):
            part = written.strip()
            if re.match(r"nguyên\b", part, re.I):
                continue
            found = _position_at(part, 0)
            if found:
                positions.append(_clean_position(found[0]))
        people.append((text[start:end], positions))
    named = {fold(name) for name, _ in people}
    # "Giám đốc Sở … Bùi Văn B": the position written before the name.
    people += [(name, [position]) for name, position in find_people(text) if fold(name) not in named]
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
        if len(rest) < 2 or not all(is_capitalized_word(w) for w in rest[:2]):
            continue
        previous = words[i - 1][0]
        if fold(previous) in {"tinh", "pho", "huyen", "quan", "xa", "phuong", "tp", "tp.", "tran", "chi", "truong"}:
            continue
        if previous.isupper() and len(previous) > 1:
            continue  # "Trường THPT Ngô Quyền" is a school named after a person
        n = 2
        while n < len(rest) and n < 4 and is_capitalized_word(rest[n]):
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


VENUE_RE = re.compile(
    r"\btại\s+(?P<venue>(?:Hội\s+trường|hội\s+trường|Trường|trường|Trụ\s+sở|trụ\s+sở|Nhà\s+văn\s+hóa|"
    r"Nhà\s+văn\s+hoá|nhà\s+văn\s+hóa|Trung\s+tâm|Cung|Khách\s+sạn|Nhà\s+khách|UBND|Ủy\s+ban|Uỷ\s+ban|"
    r"Văn\s+phòng|Bảo\s+tàng|Thư\s+viện|Phòng\s+họp|phòng\s+họp|Nhà\s+hát|Đồn|Bộ\s+Chỉ\s+huy|Công\s+an|"
    r"Sở|Hội\s+Khuyến\s+học|Khu\s+di\s+tích|Đền|Nhà\s+thi\s+đấu|Trung\s+đoàn|Sư\s+đoàn|Lữ\s+đoàn)\b"
    r"[^,.;:\n]*?)(?=\s*(?:[,.;:\n]|$|\s+(?:và|đã|diễn\s+ra|tổ\s+chức|long\s+trọng)\s))"
)


# "Ngày 23/6, tại Hà Nội, ...": a place right after the day is where the event was held; elsewhere
# ("Theo đó tại Hải Phòng, ...") it is where something happens, not a venue.
PLACE_VENUE_RE = re.compile(
    r"(?:^|[-–]\s*)(?:Sáng|Chiều|Trưa|Tối|Ngày|Hôm)(?:\s+nay)?\s*\(?\s*(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}"
    r"(?:\s*[/.\-]\s*\d{4})?\)?\s*,\s*"
    rf"tại\s+(?P<venue>(?:(?:thành\s+phố|tỉnh|huyện|thị\s+xã|quận|xã|phường)\s+)?"
    rf"(?!(?:Hội|Lễ|Buổi|Đại|Chương|Kỳ|Phiên|Ngày|Tuần)\b)[{_UPPER}]\w*(?:\s+[{_UPPER}]\w*){{0,3}})(?=\s*,)"
)


def find_venue(sentence: str) -> str:
    match = VENUE_RE.search(sentence) or PLACE_VENUE_RE.search(sentence)
    if not match:
        return ""
    venue = match["venue"].strip()
    return venue[:1].upper() + venue[1:]
