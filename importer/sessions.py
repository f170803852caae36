"""The reading of a pasted page, kept server-side between the review and the confirmation.

Paste reads the page once (``services.prepare_import``) and stores the reading in an ``ImportSession`` row;
the review form carries only the row's random key. Confirm loads the reading back and never reads the
page again, so what is written is what was reviewed, and no 1 MB page travels in a hidden field.

A database row rather than Django's cache or session: the cache is per process by default (and may evict
a reading while someone is still correcting it), sessions may be cookies; a row is seen by every app
server and outlives a restart. Rows are refused after ``ImportSession.LIFETIME`` and deleted lazily.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from importer import rules
from importer.models import ImportSession

KEY_BYTES = 32  # 43 characters of URL-safe base64

UNKNOWN = _(
    "Không tìm thấy bài đã đọc cho trang kiểm tra này (mã phiên không đúng hoặc đã bị xóa). "
    "Chưa có gì được tạo; hãy dán lại bài."
)
EXPIRED = _(
    "Trang kiểm tra này đã mở quá 24 giờ nên bài đã đọc không còn được giữ. Chưa có gì được tạo; hãy dán lại bài."
)
NOT_YOURS = _("Trang kiểm tra này là của người khác dán. Chưa có gì được tạo; hãy tự dán bài để nhập.")


class SessionRefused(Exception):
    """A key that names no reading this person may confirm; ``message`` is shown to them as it is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class Reading:
    """What the confirmation needs of the paste step."""

    key: str
    extraction: rules.Extraction
    warnings: list[str]


def start(user: AbstractBaseUser, extraction: rules.Extraction, warnings: list[str]) -> Reading:
    """Keep a reading for ``user``; sessions past their lifetime are deleted on the way."""
    ImportSession.objects.filter(created_at__lt=timezone.now() - ImportSession.LIFETIME).delete()
    key = secrets.token_urlsafe(KEY_BYTES)
    ImportSession.objects.create(
        key=key, user=user, extraction=extraction_as_json(extraction), warnings=[str(w) for w in warnings]
    )
    return Reading(key=key, extraction=extraction, warnings=list(warnings))


def load(key: str, user: AbstractBaseUser) -> Reading:
    """The reading ``user`` stored under ``key``; ``SessionRefused`` for a wrong, expired or foreign key."""
    key = (key or "").strip()
    if not key or len(key) > ImportSession._meta.get_field("key").max_length:
        raise SessionRefused(UNKNOWN)
    session = ImportSession.objects.filter(key=key).first()
    if session is None:
        raise SessionRefused(UNKNOWN)
    if session.user_id != user.pk:
        raise SessionRefused(NOT_YOURS)
    if session.created_at < timezone.now() - ImportSession.LIFETIME:
        session.delete()
        raise SessionRefused(EXPIRED)
    try:
        extraction = extraction_from_json(session.extraction)
    except (IndexError, KeyError, TypeError, ValueError) as exc:  # a row written by an older version of the reader
        raise SessionRefused(UNKNOWN) from exc
    return Reading(key=key, extraction=extraction, warnings=list(session.warnings))


# ---------------------------------------------------------------------------------------------
# An extraction as JSON and back (dates and times tagged, tuples as lists)
# ---------------------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return value


def _from_value(value: Any) -> Any:
    if isinstance(value, dict) and "datetime" in value:
        moment = datetime.datetime.fromisoformat(value["datetime"])
        return moment.astimezone(rules.VN_TZ) if moment.tzinfo else moment
    if isinstance(value, dict) and "date" in value:
        return datetime.date.fromisoformat(value["date"])
    return value


def _found(found: rules.Found) -> list:
    if isinstance(found.value, str) and found.value == found.source:
        return [found.value]  # a lead is its own source: a long page is not stored twice over
    return [_value(found.value), found.source]


def _from_found(data: list) -> rules.Found:
    value, source = (data[0], data[0]) if len(data) == 1 else data
    return rules.Found(_from_value(value), source)


def _programme(proposal: rules.ProgrammeProposal) -> dict[str, Any]:
    sentences = list(dict.fromkeys(x.source for x in [*proposal.parties, *proposal.signatories]))
    return {
        "title": _found(proposal.title),
        "period_start_year": _found(proposal.period_start_year),
        "period_end_year": _found(proposal.period_end_year),
        "signing_date": _found(proposal.signing_date),
        "venue": _found(proposal.venue),
        # Parties named in one long sentence share it as their source: each distinct sentence is kept once.
        "sentences": sentences,
        "parties": [vars(p) | {"source": sentences.index(p.source)} for p in proposal.parties],
        "signatories": [vars(s) | {"source": sentences.index(s.source)} for s in proposal.signatories],
        "commitments": [_found(c) for c in proposal.commitments],
        "proposed_title": proposal.proposed_title,
    }


def _from_programme(data: dict[str, Any]) -> rules.ProgrammeProposal:
    sentences = data["sentences"]
    return rules.ProgrammeProposal(
        title=_from_found(data["title"]),
        period_start_year=_from_found(data["period_start_year"]),
        period_end_year=_from_found(data["period_end_year"]),
        signing_date=_from_found(data["signing_date"]),
        venue=_from_found(data["venue"]),
        parties=[rules.PartyProposal(**p | {"source": sentences[p["source"]]}) for p in data["parties"]],
        signatories=[rules.SignatoryProposal(**s | {"source": sentences[s["source"]]}) for s in data["signatories"]],
        commitments=[_from_found(c) for c in data["commitments"]],
        proposed_title=data["proposed_title"],
    )


def extraction_as_json(extraction: rules.Extraction) -> dict[str, Any]:
    return {
        "title": _found(extraction.title),
        "published": _found(extraction.published),
        "author": _found(extraction.author),
        "source": _found(extraction.source),
        "lead": _found(extraction.lead),
        "paragraphs": list(extraction.paragraphs),
        "captions": [_found(c) for c in extraction.captions],
        "blocks": [[kind, text] for kind, text in extraction.blocks],
        "is_signing_event": extraction.is_signing_event,
        "not_signing_reason": extraction.not_signing_reason,
        "programme": _programme(extraction.programme) if extraction.programme else None,
        "warnings": [str(w) for w in extraction.warnings],
        "html_title": extraction.html_title,
    }


def extraction_from_json(data: dict[str, Any]) -> rules.Extraction:
    return rules.Extraction(
        title=_from_found(data["title"]),
        published=_from_found(data["published"]),
        author=_from_found(data["author"]),
        source=_from_found(data["source"]),
        lead=_from_found(data["lead"]),
        paragraphs=list(data["paragraphs"]),
        captions=[_from_found(c) for c in data["captions"]],
        blocks=[(kind, text) for kind, text in data["blocks"]],
        is_signing_event=data["is_signing_event"],
        not_signing_reason=data["not_signing_reason"],
        programme=_from_programme(data["programme"]) if data["programme"] else None,
        warnings=list(data["warnings"]),
        html_title=data["html_title"],
    )
