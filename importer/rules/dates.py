"""Dates and times: date lines, event days whose year the text implies."""

from __future__ import annotations

import datetime
import re

from core.text import fold
from importer.rules.furniture import strip_inline_furniture

VN_TZ = datetime.timezone(datetime.timedelta(hours=7), "Asia/Ho_Chi_Minh")

_WEEKDAY = r"(?:th[ứu]\s*(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảẩa]y|[2-7])|ch[ủu]\s*nh[ậa]t|CN)"
_DMY = r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d\d)"
_DMY_WORDS = r"ng[àa]y\s+(?P<d>\d{1,2})\s+th[áa]ng\s+(?P<m>\d{1,2})\s+n[ăa]m\s+(?P<y>(?:19|20)\d\d)"
_TIME = r"(?P<H>[01]?\d|2[0-3])\s*(?:[:h]|giờ)\s*(?P<M>[0-5]\d)(?:\s*(?::\s*(?P<S>[0-5]\d)|phút))?"
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


def valid_date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def find_full_date(text: str) -> tuple[datetime.date, re.Match] | None:
    for regex in (DATE_RE, DATE_WORDS_RE):
        for match in regex.finditer(text):
            found = valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
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
        hour, minute, second = (int(time_match[g] or 0) for g in ("H", "M", "S"))
        return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=VN_TZ)
    return day


def find_day_month(text: str) -> tuple[int, int, re.Match] | None:
    for regex in (DAY_MONTH_RE, DAY_MONTH_WORDS_RE):
        match = regex.search(text)
        if match and 1 <= int(match["m"]) <= 12 and 1 <= int(match["d"]) <= 31:
            return int(match["d"]), int(match["m"]), match
    return None


_ANY_YEAR = re.compile(r"(?<![\d/.\-])(19[5-9]\d|20\d\d)(?![\d/])")


def resolve_year(day: int, month: int, *, reference: datetime.date | None = None) -> datetime.date | None:
    """The year of a bare "26/3": the publication's year (the event does not follow its report). Without
    a date line there is no year: another year in the text (a period, a founding) is not the event's."""
    if not reference:
        return None
    candidate = valid_date(reference.year, month, day)
    if candidate and candidate > reference + datetime.timedelta(days=1):
        candidate = valid_date(reference.year - 1, month, day)
    return candidate


def find_event_date(sentence: str, *, reference: datetime.date | None = None) -> datetime.date | None:
    """The day an event happened, as a news sentence states it ("Sáng 26/3", "ngày 15/5/2024", "sáng nay")."""
    full = find_full_date(sentence)
    bare = find_day_month(sentence)
    if full and (not bare or full[1].start() <= bare[2].start()):
        return full[0]
    if bare:
        return resolve_year(bare[0], bare[1], reference=reference)
    if reference and TODAY_RE.search(sentence):
        return reference
    return None
