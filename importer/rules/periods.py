"""Periods of a programme ("giai đoạn 2019-2022")."""

from __future__ import annotations

import re

from core.text import fold

_YEAR = r"(?:19[5-9]\d|20\d\d|2100)"
_DASHES = "-–—‒−‐‑~"
PERIOD_RE = re.compile(
    rf"(?P<label>giai\s+[đd]o[ạa]n|th[ờo]i\s+k[ỳy]|nhi[ệe]m\s+k[ỳy]|n[ăa]m\s+h[ọo]c|t[ừu]\s+n[ăa]m|t[ừu])?"
    rf"\s*\(?\s*(?P<start>{_YEAR})\s*(?P<sep>[{_DASHES}?\ufffd]|đến(?:\s+năm)?|tới(?:\s+năm)?|\s)\s*(?P<end>{_YEAR})\b",
    re.I,
)
OPEN_PERIOD_RE = re.compile(rf"giai\s+đoạn\s+từ\s+(?:năm\s+)?(?P<start>{_YEAR})(?!\s*[{_DASHES}]|\s*đến)", re.I)
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
