"""Scoring the extractor against expected output, field by field (``manage.py importer_accuracy``).

Expected values are the JSON of ``import_article --json`` plus an optional ``captions`` list. A text
value may be given as ``{"sha256": ...}`` (the hash of its normalized form), so that expectations for
pages we may not republish (the seeds) hold no sentence of them; a commitment may add ``starts`` (its
first words) and ``words`` (its length) to be matched approximately.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.text import nfc
from importer import rules

FIELDS = [
    "title",
    "published",
    "author",
    "source",
    "is_signing_event",
    "programme.title",
    "programme.period_start_year",
    "programme.period_end_year",
    "programme.signing_date",
    "programme.venue",
    "programme.parties",
    "programme.signatories",
    "programme.commitments",
    "captions",
]
LIST_FIELDS = {"programme.parties", "programme.signatories", "programme.commitments", "captions"}
COMMITMENT_SIMILARITY = 0.8

_QUOTES = str.maketrans({c: '"' for c in "“”„«»"} | {c: "'" for c in "‘’"} | {c: "-" for c in "–—‒−‐‑"})


def normalize(value) -> str:
    """Case, spacing, quote and dash style and end punctuation do not count."""
    if value is None:
        return ""
    text = nfc(str(value)).translate(_QUOTES).casefold()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return text.strip(" .,;:!?\"'")


def text_hash(value) -> str:
    return hashlib.sha256(normalize(value).encode("utf-8")).hexdigest()


def same_text(expected, actual) -> bool:
    if isinstance(expected, dict):
        return text_hash(actual) == expected["sha256"]
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int):
        return expected == actual
    return normalize(expected) == normalize(actual)


def _words(value) -> set[str]:
    return set(re.findall(r"\w+", normalize(value)))


def same_commitment(expected, actual) -> bool:
    if isinstance(expected, dict):
        if text_hash(actual) == expected["sha256"]:
            return True
        starts = expected.get("starts")
        if not starts or not normalize(actual).startswith(normalize(starts)):
            return False
        return abs(len(normalize(actual).split()) - expected.get("words", 0)) <= 2
    a, b = _words(expected), _words(actual)
    return bool(a | b) and len(a & b) / len(a | b) >= COMMITMENT_SIMILARITY


def position_role(position) -> str:
    """ "Chủ tịch Hội Khuyến học tỉnh" -> "Chủ tịch": the organization is compared on its own."""
    position = position or ""
    organization = rules.position_organization(position)
    return position[: len(position) - len(organization)].strip() if organization else position


def same_signatory(expected: dict, actual: dict) -> bool:
    return all(same_text(expected.get(k), actual.get(k)) for k in ("name", "organization")) and normalize(
        position_role(expected.get("position"))
    ) == normalize(position_role(actual.get("position")))


def match_lists(expected: list, actual: list, same) -> int:
    """How many expected items find a distinct actual item (greedy, in order)."""
    unused = list(actual)
    matched = 0
    for item in expected:
        for i, candidate in enumerate(unused):
            if same(item, candidate):
                matched += 1
                del unused[i]
                break
    return matched


@dataclass
class FieldScore:
    correct: bool
    expected_items: int = 0
    actual_items: int = 0
    matched_items: int = 0


def _get(data: dict | None, dotted: str):
    if data is None:
        return None
    head, _, rest = dotted.partition(".")
    value = data.get(head)
    return _get(value, rest) if rest and isinstance(value, dict) else (None if rest else value)


def score(expected: dict, actual: dict) -> dict[str, FieldScore]:
    """Field → score; fields that do not apply (a programme field when no programme is expected, captions
    when none are listed) are left out."""
    results: dict[str, FieldScore] = {}
    for name in FIELDS:
        if name.startswith("programme.") and expected.get("programme") is None:
            continue
        if name == "captions" and "captions" not in expected:
            continue
        want, got = _get(expected, name), _get(actual, name)
        if name in LIST_FIELDS:
            want, got = want or [], got or []
            same = {
                "programme.signatories": same_signatory,
                "programme.commitments": same_commitment,
            }.get(name, same_text)
            matched = match_lists(want, got, same)
            results[name] = FieldScore(
                correct=matched == len(want) == len(got),
                expected_items=len(want),
                actual_items=len(got),
                matched_items=matched,
            )
        elif name == "programme.venue":
            results[name] = FieldScore(correct=same_text(want or "", got or ""))
        else:
            results[name] = FieldScore(correct=same_text(want, got) if want is not None else got in (None, ""))
    return results


def actual_output(extraction: rules.Extraction) -> dict:
    return {**extraction.as_json(), "captions": [c.value for c in extraction.captions]}


@dataclass
class Case:
    name: str
    text: str
    expected: dict


@dataclass
class Report:
    cases: int = 0
    fields: dict[str, list[FieldScore]] = field(default_factory=dict)
    failures: dict[str, list[str]] = field(default_factory=dict)

    def add(self, case: str, scores: dict[str, FieldScore]):
        self.cases += 1
        for name, result in scores.items():
            self.fields.setdefault(name, []).append(result)
            if not result.correct:
                self.failures.setdefault(case, []).append(name)

    def accuracy(self, name: str) -> tuple[int, int]:
        results = self.fields.get(name, [])
        return sum(r.correct for r in results), len(results)

    def item_counts(self, name: str) -> tuple[int, int, int]:
        results = self.fields.get(name, [])
        return (
            sum(r.matched_items for r in results),
            sum(r.expected_items for r in results),
            sum(r.actual_items for r in results),
        )

    def overall(self) -> tuple[int, int]:
        correct = sum(r.correct for results in self.fields.values() for r in results)
        total = sum(len(results) for results in self.fields.values())
        return correct, total


def evaluate(cases: Iterable[Case], known: list[rules.KnownOrganization] | tuple = ()) -> Report:
    report = Report()
    for case in cases:
        extraction = rules.extract_page(case.text, known=known)
        report.add(case.name, score(case.expected, actual_output(extraction)))
    return report


def corpus_cases(directory: Path) -> list[Case]:
    """``NN_name.txt`` (or ``.html``) with ``NN_name.json`` beside it."""
    cases = []
    for text_path in sorted([*directory.glob("*.txt"), *directory.glob("*.html")]):
        expected_path = text_path.with_suffix(".json")
        if expected_path.exists():
            cases.append(
                Case(
                    name=text_path.name,
                    text=text_path.read_text(encoding="utf-8"),
                    expected=json.loads(expected_path.read_text(encoding="utf-8")),
                )
            )
    return cases


def real_corpus_cases(directory: Path) -> list[Case]:
    """The real articles (``articles/NN.txt``) with the record a careful reader entered (``expected.json``,
    one flat object per article), in the shape of ``import_article --json``."""
    cases = []
    for entry in json.loads((directory / "expected.json").read_text(encoding="utf-8")):
        programme = None
        if entry["is_signing_event"]:
            programme = {
                "title": entry["programme_title"],
                "period_start_year": entry["period_start_year"],
                "period_end_year": entry["period_end_year"],
                "signing_date": entry["signing_date"],
                "venue": entry["venue"],
                "parties": entry["parties"],
                "signatories": entry["signatories"],
                "commitments": entry["commitments"],
            }
        expected = {
            "title": entry["title"],
            "published": _vietnam_time(entry["published"]),
            "author": entry["author"],
            "source": entry["source"],
            "is_signing_event": entry["is_signing_event"],
            "programme": programme,
        }
        text = (directory / entry["file"]).read_text(encoding="utf-8")
        cases.append(Case(name=Path(entry["file"]).name, text=text, expected=expected))
    return cases


def _vietnam_time(value: str | None) -> str | None:
    """A time the corpus gives without an offset is the page's local time, Vietnam's (UTC+7)."""
    if value and "T" in value and not re.search(r"(?:[+-]\d\d:\d\d|Z)$", value):
        return f"{value}+07:00"
    return value


def f1(report: Report, name: str) -> float:
    matched, expected, actual = report.item_counts(name)
    if not expected and not actual:
        return 1.0
    precision = matched / actual if actual else 0.0
    recall = matched / expected if expected else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def stated_accuracy(report: Report, cases: list[Case], name: str) -> tuple[int, int]:
    """Correct among the cases whose expected value is not empty ("signing date where stated")."""
    stated = [i for i, c in enumerate(cases) if c.expected.get("programme") and _get(c.expected, name) is not None]
    results = report.fields.get(name, [])
    with_programme = [i for i, c in enumerate(cases) if c.expected.get("programme")]
    by_case = dict(zip(with_programme, results, strict=True))
    return sum(by_case[i].correct for i in stated), len(stated)


def seed_cases(directory: Path, expectations: Path) -> list[Case]:
    expected = json.loads(expectations.read_text(encoding="utf-8"))
    return [
        Case(name=name, text=(directory / name).read_text(encoding="utf-8"), expected=want)
        for name, want in sorted(expected.items())
        if (directory / name).exists()
    ]


def format_report(title: str, report: Report) -> list[str]:
    lines = [f"{title}: {report.cases} bài"]
    for name in FIELDS:
        correct, total = report.accuracy(name)
        if not total:
            continue
        line = f"  {name:<30} {correct:>3}/{total:<3} {100 * correct / total:6.1f}%"
        if name in LIST_FIELDS:
            matched, expected, actual = report.item_counts(name)
            recall = 100 * matched / expected if expected else 100.0
            precision = 100 * matched / actual if actual else 100.0
            line += (
                f"   (mục: đúng {matched}, cần {expected}, đọc ra {actual}; "
                f"P {precision:.0f}% R {recall:.0f}% F1 {100 * f1(report, name):.0f}%)"
            )
        lines.append(line)
    correct, total = report.overall()
    if total:
        lines.append(f"  {'tổng các trường':<30} {correct:>3}/{total:<3} {100 * correct / total:6.1f}%")
    for case, names in report.failures.items():
        lines.append(f"  sai ở {case}: {', '.join(names)}")
    return lines
