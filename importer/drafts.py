"""Writing what a reviewed import describes: a draft article and, when confirmed, a draft programme.

``create_drafts`` takes the reading (``rules.Extraction``, for the body and the fingerprint) and the review
forms after ``ImportForms.is_valid``; it writes everything in one transaction, or nothing. The same article
imported twice creates nothing new. ``import_article`` is the command line's path: it reads, fills the same
forms with what was read, validates them the same way and writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from agreements.models import Commitment, Party, Programme, Signatory
from importer import rules, services
from importer.forms import ImportForms
from importer.models import ImportRecord
from news.models import Article, Category
from organizations.models import Organization

NO_PERIOD = _("Không tìm thấy giai đoạn hay ngày ký nên chưa tạo chương trình; hãy nhập qua trang quản trị.")


class FormsInvalid(Exception):
    """The forms were not validated, or hold errors; they are shown again as they are."""


@dataclass
class ImportResult:
    record: ImportRecord
    created: bool
    warnings: list[str] = field(default_factory=list)
    extraction: rules.Extraction | None = None

    @property
    def article(self) -> Article:
        return self.record.article

    @property
    def programme(self) -> Programme | None:
        return self.record.programme


def already_imported(extraction: rules.Extraction) -> ImportRecord | None:
    records = ImportRecord.objects.select_related("article", "programme")
    return records.filter(fingerprint=extraction.fingerprint).first()


def create_drafts(
    *,
    extraction: rules.Extraction,
    forms: ImportForms,
    user: AbstractBaseUser | None = None,
    warnings: list[str] = (),
) -> ImportResult:
    """Write the drafts ``forms`` describe; ``FormsInvalid`` unless ``forms.is_valid()`` said yes.

    An article already imported (same fingerprint) is returned as it is, with ``created=False``."""
    existing = already_imported(extraction)
    if existing:
        return ImportResult(record=existing, created=False)
    if forms.article is None or forms.has_errors():
        raise FormsInvalid
    try:
        record = _write(extraction, forms, user)
    except IntegrityError:
        # Someone imported the same article a moment earlier: theirs is the import.
        existing = already_imported(extraction)
        if existing:
            return ImportResult(record=existing, created=False)
        raise
    return ImportResult(record=record, created=True, warnings=list(warnings))


@transaction.atomic
def _write(extraction: rules.Extraction, forms: ImportForms, user) -> ImportRecord:
    article = forms.article
    article.body = services.body_html(extraction)
    if article.category_id is None:
        article.category = services.default_category()
    article.status = Article.Status.DRAFT
    article.created_by = user if user is not None and user.is_authenticated else None
    article.save()

    programme = forms.programme
    organizations: list[Organization] = []
    if programme is not None:
        programme.save()
        # Parties first: the database refuses a signatory whose organization is not a party.
        for order, (organization, role) in enumerate(forms.party_rows):
            if organization.pk is None:
                organization.save()
            Party.objects.create(programme=programme, organization=organization, role=role, order=order)
            organizations.append(organization)
        for order, (name, position, party) in enumerate(forms.signatory_rows):
            Signatory.objects.create(
                programme=programme, name=name, position=position, organization=organizations[party], order=order
            )
        for number, text in enumerate(forms.review.commitment_lines(), start=1):
            title = text if len(text) <= 500 else text[:497].rsplit(" ", 1)[0] + "…"
            Commitment.objects.create(
                programme=programme, number=number, title=title, description=text if title != text else ""
            )
        article.programmes.add(programme)
    if organizations:
        article.organizations.add(*organizations)
    return ImportRecord.objects.create(
        fingerprint=extraction.fingerprint,
        title=article.title,
        source_url=article.source_url,
        article=article,
        programme=programme,
        created_by=article.created_by,
    )


def import_article(
    *,
    text: str | None = None,
    data: bytes | None = None,
    filename: str = "",
    source_url: str = "",
    user: AbstractBaseUser | None = None,
    category: Category | None = None,
    with_programme: bool = True,
) -> ImportResult:
    """Check, read and write in one go, taking the reading as it is (the command line's path).

    Raises ``services.ImportRejected`` for input that cannot become an article, or whose reading the
    review forms refuse (the message names the fields)."""
    prepared = services.prepare_import(text=text, data=data, filename=filename, source_url=source_url)
    extraction = prepared.extraction
    if prepared.existing:
        return ImportResult(record=prepared.existing, created=False, warnings=prepared.warnings, extraction=extraction)
    proposed = ImportForms.proposed(
        extraction, source_url=prepared.source_url, category=category, start_year_from_published=True
    )
    warnings = list(prepared.warnings)
    data = proposed.as_data()
    if data.get("create_programme") and not with_programme:
        del data["create_programme"]
    elif data.get("create_programme") and not data.get("start_year"):
        del data["create_programme"]
        warnings.append(str(NO_PERIOD))
    forms = ImportForms.submitted(data)
    if not forms.is_valid():
        raise services.ImportRejected(forms.error_text())
    result = create_drafts(extraction=extraction, forms=forms, user=user, warnings=warnings)
    result.extraction = extraction
    return result
