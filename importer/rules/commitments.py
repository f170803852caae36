"""Commitments: the contents of cooperation a programme lists."""

from __future__ import annotations

import re

from core.text import fold
from importer.rules.paragraphs import LIST_MARKER, split_sentences
from importer.rules.types import Found

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
    r"\b(?:(?:cũng\s+)?thống\s+nhất|cam\s+kết|(?:sẽ|cùng)\s+phối\s+hợp|tập\s+trung\s+phối\s+hợp|phải|"
    r"(?<=bên\s)phối\s+hợp)\b\s*,?\s*",
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
    for rule in (_listed_commitments, _counted_commitments, _agreed_commitments, _document_commitments):
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


# "Theo thỏa thuận, A hỗ trợ …; hai bên cùng tổ chức …": what the signed text says each side does.
ACCORDING_TO_DOCUMENT = re.compile(
    r"^Theo\s+(?:thỏa\s+thuận|thoả\s+thuận|chương\s+trình|quy\s+chế|kế\s+hoạch)(?:\s+[\w-]+){0,3}\s*,\s*", re.I
)
_SIDES = re.compile(r"^(?:các|hai|ba)\s+bên\s+(?:cùng\s+|sẽ\s+)*", re.I)


def _document_commitments(paragraphs: list[str]) -> list[Found[str]]:
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            opening = ACCORDING_TO_DOCUMENT.match(sentence)
            if not opening or AGREEMENT_VERB.search(sentence):
                continue
            parts = [_SIDES.sub("", p) for p in re.split(r"\s*;\s*", sentence[opening.end() :]) if p.strip()]
            if len(parts) >= 2:
                return [Found(_commitment_text(p), sentence) for p in parts]
    return []


def _agreed_commitments(paragraphs: list[str]) -> list[Found[str]]:
    found: list[Found[str]] = []
    for index, paragraph in enumerate(paragraphs):
        sentences = split_sentences(paragraph)
        active = False
        for j, sentence in enumerate(sentences):
            verb = next(
                (m for m in AGREEMENT_VERB.finditer(sentence) if PARTY_SUBJECT.search(sentence[: m.start()])), None
            )
            subject_ok = verb is not None
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
