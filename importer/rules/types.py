"""Result types: what the rules propose, each value with the sentence it came from."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from core.text import nfc

T = TypeVar("T")


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
    proposed_title: str = ""  # the text's own name, else one built from kind, parties and period

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
