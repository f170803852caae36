"""Is the article the news of a signing? The sentences that say so."""

from __future__ import annotations

import bisect
import re

from importer.rules.paragraphs import split_sentences

DOC_WORDS = (
    r"(?:chương\s+trình|quy\s+chế|kế\s+hoạch|thỏa\s+thuận|thoả\s+thuận|(?:biên\s+)?bản\s+ghi\s+nhớ|nghị\s+quyết)"
)
SIGNING_RE = re.compile(
    rf"\bký(?:\s+kết)?\s+(?:(?P<doc>{DOC_WORDS})\s+)?(?P<kind>phối\s+hợp|hợp\s+tác|liên\s+tịch|ghi\s+nhớ)"
    rf"|\bký(?:\s+kết)?\s+(?P<doc2>{DOC_WORDS})\b(?=[^.;]{{0,40}}(?:giữa|với))",
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
# "ký kết với nhiều đơn vị", "nhiều chương trình ký kết ... tại các tỉnh": a round-up of signings in
# several places, which records none of them.
ROUND_UP_RE = re.compile(
    r"\bnhiều\s+(?:chương\s+trình|đơn\s+vị|lễ|địa\s+phương|tỉnh|hội\s+nghị)|\bcác\s+tỉnh(?:\s*,?\s*thành)?\b", re.I
)
NOT_SIGNING_ROUND_UP = "Bài tổng hợp nhiều lễ ký kết ở nhiều nơi, không đưa tin một lễ ký kết cụ thể."
# "A phối hợp B ký kết chương trình xây dựng ...": two bodies sign a programme named by its subject only.
JOINT_SIGNING_RE = re.compile(rf"\bký(?:\s+kết)?\s+(?P<doc3>{DOC_WORDS})\b", re.I)
JOINT_SUBJECT_RE = re.compile(r"\s(?:phối\s+hợp(?:\s+với|\s+cùng)?|cùng(?:\s+với)?|và|với)\s+\S", re.I)
NOT_SIGNING_PAST = "Bài viết chỉ nhắc tới chương trình phối hợp đã ký trước đó, không đưa tin một lễ ký kết."
NOT_SIGNING_DEFAULT = "Không thấy câu nào đưa tin ký kết chương trình phối hợp."


def signing_matches(sentence: str, limit: int | None = None) -> list[re.Match]:
    """The phrases of a sentence that report a signing now ("tổ chức Lễ ký kết chương trình phối hợp"),
    leaving out those that only refer to a programme signed earlier; the first ``limit`` of them."""
    found: list[re.Match] = []
    plain = list(SIGNING_RE.finditer(sentence))
    starts = [m.start() for m in plain]
    joint = []
    for m in JOINT_SIGNING_RE.finditer(sentence):
        k = bisect.bisect_right(starts, m.start()) - 1
        inside_plain = k >= 0 and plain[k].end() > m.start()
        if not inside_plain and JOINT_SUBJECT_RE.search(sentence[max(0, m.start() - 300) : m.start()]):
            joint.append(m)
    past_time = PAST_TIME_RE.search(sentence)
    for match in sorted([*plain, *joint], key=lambda m: m.start()):
        if limit is not None and len(found) >= limit:
            break
        before = sentence[max(0, match.start() - 60) : match.start()]
        clause = re.split(r",|\bvà\b|\bđồng\s+thời\b", before)[-1]
        if ACTIVE_SIGNING_RE.search(clause):
            found.append(match)
            continue
        if PAST_SIGNING_RE.search(clause) or FUTURE_SIGNING_RE.search(clause):
            continue
        if re.search(r"\bđã(?:\s+\S+){0,2}\s*$", clause) and past_time and past_time.start() < match.start():
            continue  # "Năm 2022, hai đơn vị đã ký kết ...": an earlier signing
        found.append(match)
    return found


def signing_match(sentence: str) -> re.Match | None:
    """The first phrase of a sentence that reports a signing now, or None."""
    matches = signing_matches(sentence, limit=1)
    return matches[0] if matches else None


def signing_decision(title: str, first_paragraphs: list[str]) -> tuple[bool, str, list[str]]:
    """Whether the article reports a signing; the reason when it does not; the sentences that report it."""
    sentences = [title, *[s for p in first_paragraphs for s in split_sentences(p)]]
    reporting = [s for s in sentences if s and signing_match(s)]
    if reporting and (ROUND_UP_RE.search(reporting[0]) or (SIGNING_RE.search(title) and ROUND_UP_RE.search(title))):
        # The headline or the first report speaks of many signings: a later sentence on one of them
        # is part of the round-up, not the article's news.
        return False, NOT_SIGNING_ROUND_UP, []
    if reporting:
        return True, "", reporting
    mentions = any(SIGNING_RE.search(s) for s in sentences if s)
    head = " ".join([title, *first_paragraphs[:1]])
    for regex, reason in NOT_SIGNING_REASONS:
        if regex.search(head):
            return False, reason, []
    return False, NOT_SIGNING_PAST if mentions else NOT_SIGNING_DEFAULT, []
