"""Importing an article page: checking the input, reading it with ``importer.rules`` and writing the drafts.

Two steps, so that nothing is written before a person has looked at it:

* ``prepare_import`` checks the input (size, binary, HTML, "is this an article?") and extracts; it
  writes nothing.
* ``create_drafts`` writes, in one transaction, a draft article and, when confirmed, a draft programme
  with its parties, signatories and commitments; the same article imported twice creates nothing new.

``import_article`` chains both for the command line, taking the extraction as it is.
"""

from __future__ import annotations

import datetime
import html
import re
import zoneinfo
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from agreements.models import Commitment, Party, Programme, Signatory
from importer import rules
from importer.models import ImportRecord
from news.models import Article, Category
from news.sanitize import sanitize_html
from organizations.models import Organization

MAX_INPUT_BYTES = 1024 * 1024
ALLOWED_EXTENSIONS = (".txt", ".html", ".htm")
MIN_ARTICLE_WORDS = 40
MIN_PARAGRAPH_WORDS = 12
DEFAULT_CATEGORY_NAME = "Tin hoạt động"
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

EMPTY = _("Chưa có nội dung: hãy dán nội dung bài viết hoặc chọn một tệp .txt/.html.")
TOO_LARGE = _("Nội dung lớn hơn 1 MB. Hãy chỉ dán phần bài viết (tiêu đề, ngày đăng, nội dung, tác giả).")
BINARY = _(
    "Tệp này không phải là văn bản (có thể là ảnh, PDF hay tệp Word). Hãy tải lên tệp .txt hoặc .html, "
    "hoặc mở bài trên trình duyệt rồi sao chép nội dung dán vào ô."
)
BAD_EXTENSION = _("Chỉ nhận tệp .txt hoặc .html.")
NOT_AN_ARTICLE = _(
    "Không nhận ra một bài viết trong nội dung này: cần có tiêu đề và ít nhất một đoạn văn hoàn chỉnh "
    "(từ %(words)s chữ trở lên). Hãy sao chép cả trang bài viết rồi dán lại."
)
NOT_VIETNAMESE = _(
    "Nội dung này không phải là một bài viết tiếng Việt. Cổng chỉ nhập tin bài tiếng Việt; hãy dán bài từ "
    "trang tiếng Việt của cơ quan, đơn vị."
)
BAD_URL = _("Địa chỉ nguồn không hợp lệ; hãy nhập dạng https://… hoặc để trống.")
SCRIPTS_REMOVED = _("Tệp HTML có mã script hoặc thuộc tính sự kiện; chúng đã bị loại bỏ, chỉ giữ lại văn bản của bài.")


class ImportRejected(Exception):
    """Input that cannot become an article; ``message`` is shown to staff as it is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class PreparedImport:
    raw: str  # the input as given (decoded), which the review form carries to the confirmation
    text: str  # the plain text the rules read
    extraction: rules.Extraction
    filename: str = ""
    source_url: str = ""
    warnings: list[str] = field(default_factory=list)
    existing: ImportRecord | None = None

    @property
    def fingerprint(self) -> str:
        return self.extraction.fingerprint


@dataclass
class ArticleDraft:
    title: str
    lead: str = ""
    byline: str = ""
    source_name: str = ""
    source_url: str = ""
    published_at: datetime.datetime | None = None
    category: Category | None = None


@dataclass
class PartyDraft:
    name: str
    role: str = Party.Role.PARTNER
    organization: Organization | None = None
    new_name: str = ""
    new_kind: str = Organization.Kind.OTHER
    new_level: str = Organization.Level.PROVINCE


@dataclass
class SignatoryDraft:
    name: str
    position: str
    party_index: int


@dataclass
class ProgrammeDraft:
    title: str
    start_year: int | None
    end_year: int | None = None
    signing_date: datetime.date | None = None
    venue: str = ""
    parties: list[PartyDraft] = field(default_factory=list)
    signatories: list[SignatoryDraft] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)


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


# ---------------------------------------------------------------------------------------------
# Reading the input
# ---------------------------------------------------------------------------------------------


def decode_upload(*, data: bytes, filename: str = "") -> str:
    """The text of an uploaded .txt/.html file; refuses binary files and anything over 1 MB."""
    if filename and not filename.lower().endswith(ALLOWED_EXTENSIONS):
        raise ImportRejected(BAD_EXTENSION)
    if len(data) > MAX_INPUT_BYTES:
        raise ImportRejected(TOO_LARGE)
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        elif b"\x00" in data[:65536]:
            raise ImportRejected(BINARY)
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(BINARY) from exc
    if not looks_like_text(text):
        raise ImportRejected(BINARY)
    return text


# Letters only Vietnamese uses among the languages a pasted page may be in (ă, đ, ơ, ư and the tone marks
# on them); a Vietnamese article has one in almost every sentence.
_VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}


def looks_vietnamese(text: str) -> bool:
    sample = text[:20000]
    letters = sum(1 for c in sample if c.isalpha())
    if letters < 200:
        return True  # too short to tell: the article checks below give the clearer message
    return sum(1 for c in sample if c in _VIETNAMESE_LETTERS) >= 0.02 * letters


def looks_like_text(text: str) -> bool:
    """Decoded bytes of an image or archive are mostly unprintable; a page is mostly not."""
    sample = text[:65536]
    if not sample:
        return True
    printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
    return printable >= 0.98 * len(sample)


def known_organizations() -> list[rules.KnownOrganization]:
    fields = ["pk", "name", "short_name", "abbreviation", "aliases"]
    return [
        rules.KnownOrganization(pk=org.pk, label=org.display_name, names=tuple(org.known_names()))
        for org in Organization.objects.only(*fields).order_by("name", "pk")
    ]


def prepare_import(
    *, text: str | None = None, data: bytes | None = None, filename: str = "", source_url: str = ""
) -> PreparedImport:
    """Check and read an article page (pasted ``text`` or uploaded ``data``). Writes nothing.

    Raises ``ImportRejected`` with a Vietnamese message for input that cannot become an article."""
    if data is not None:
        text = decode_upload(data=data, filename=filename)
    text = text or ""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        raise ImportRejected(TOO_LARGE)
    if not text.strip():
        raise ImportRejected(EMPTY)
    if "\x00" in text or not looks_like_text(text):
        raise ImportRejected(BINARY)
    source_url = (source_url or "").strip()
    if source_url:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError as exc:
            raise ImportRejected(BAD_URL) from exc

    raw = text
    warnings: list[str] = []
    html_title = site_name = ""
    if filename.lower().endswith((".html", ".htm")) or rules.looks_like_html(text):
        converted = rules.html_to_text(text)
        text, html_title, site_name = converted.text, converted.title, converted.site_name
        if converted.had_script:
            warnings.append(str(SCRIPTS_REMOVED))
    extraction = rules.extract_article(text, known=known_organizations(), html_title=html_title, site_name=site_name)
    paragraphs = [extraction.lead.value, *extraction.paragraphs]
    if not looks_vietnamese(" ".join([extraction.title.value, extraction.lead.value, *extraction.paragraphs])):
        raise ImportRejected(NOT_VIETNAMESE)
    if (
        not (extraction.title.value or extraction.lead.value)
        or extraction.word_count() < MIN_ARTICLE_WORDS
        or not any(rules.word_count(p) >= MIN_PARAGRAPH_WORDS for p in paragraphs)
    ):
        raise ImportRejected(NOT_AN_ARTICLE % {"words": MIN_PARAGRAPH_WORDS})
    warnings += extraction.warnings
    existing = (
        ImportRecord.objects.select_related("article", "programme").filter(fingerprint=extraction.fingerprint).first()
    )
    return PreparedImport(
        raw=raw,
        text=text,
        extraction=extraction,
        filename=filename,
        source_url=source_url,
        warnings=warnings,
        existing=existing,
    )


# ---------------------------------------------------------------------------------------------
# From the extraction to drafts (what the review form starts from)
# ---------------------------------------------------------------------------------------------


def default_category() -> Category:
    category = Category.objects.order_by("order", "name").first()
    if category is None:
        category, _created = Category.objects.get_or_create(name=DEFAULT_CATEGORY_NAME)
    return category


def as_aware_datetime(value: datetime.datetime | datetime.date | None) -> datetime.datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=VN)
    return datetime.datetime(value.year, value.month, value.day, tzinfo=VN)


def provisional_title(found: rules.Extraction) -> str:
    """A page without a headline: its first sentence stands in until staff write the title."""
    if not found.lead.value:
        return ""
    first = rules.split_sentences(found.lead.value)[0]
    return " ".join(first.split()[:20]).rstrip(".,;:")


def article_draft_from(prepared: PreparedImport, *, category: Category | None = None) -> ArticleDraft:
    found = prepared.extraction
    return ArticleDraft(
        title=(found.title.value or provisional_title(found))[:300],
        lead=found.lead.value,
        byline=found.author.value[:120],
        source_name=found.source.value[:200],
        source_url=prepared.source_url,
        published_at=as_aware_datetime(found.published.value),
        category=category,
    )


def programme_draft_from(prepared: PreparedImport) -> ProgrammeDraft | None:
    proposal = prepared.extraction.programme
    if proposal is None:
        return None
    matched = Organization.objects.in_bulk([p.organization_pk for p in proposal.parties if p.organization_pk])
    parties = [
        PartyDraft(
            name=p.name,
            role=p.role,
            organization=matched.get(p.organization_pk),
            new_name=p.suggested_name or p.name,
            new_kind=p.kind if p.kind in Organization.Kind.values else Organization.Kind.OTHER,
            new_level=p.level if p.level in Organization.Level.values else Organization.Level.PROVINCE,
        )
        for p in proposal.parties
    ]
    index = {p.name: i for i, p in enumerate(proposal.parties)}
    published = prepared.extraction.published.value
    start = proposal.period_start_year.value or (published.year if published else None)
    return ProgrammeDraft(
        title=(proposal.proposed_title or proposal.title.value)[:300],
        start_year=start,
        end_year=proposal.period_end_year.value,
        signing_date=proposal.signing_date.value,
        venue=proposal.venue.value[:255],
        parties=parties,
        signatories=[
            SignatoryDraft(name=s.name[:120], position=s.position[:200], party_index=index[s.organization])
            for s in proposal.signatories
            if s.organization in index
        ],
        commitments=[c.value for c in proposal.commitments],
    )


def body_html(extraction: rules.Extraction) -> str:
    """The article body: paragraphs, lists, and each caption where its image was (as a figure caption,
    so that staff see where to add the picture)."""
    parts: list[str] = []
    items: list[str] = []
    numbered = False

    def flush():
        nonlocal items
        if items:
            tag = "ol" if numbered else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + f"</{tag}>")
            items = []

    for kind, text in extraction.blocks:
        if kind == "li":
            if not items:
                numbered = bool(re.match(r"^\(?\d", text))
            items.append(rules.LIST_MARKER.sub("", text).strip())
            continue
        flush()
        if kind == "caption":
            parts.append(f"<figure><figcaption>{html.escape(text)}</figcaption></figure>")
        else:
            parts.append(f"<p>{html.escape(text)}</p>")
    flush()
    return sanitize_html("".join(parts))


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _messages(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _validated(instance, *, exclude=("slug",)):
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ImportRejected(_messages(exc)) from exc
    return instance


def create_drafts(
    *,
    prepared: PreparedImport,
    article: ArticleDraft,
    programme: ProgrammeDraft | None = None,
    user: AbstractBaseUser | None = None,
) -> ImportResult:
    """Write the draft article (and programme) in one transaction; nothing is written on any error.

    An article already imported (same fingerprint) is returned as it is, with ``created=False``."""
    existing = ImportRecord.objects.filter(fingerprint=prepared.fingerprint).first()
    if existing:
        return ImportResult(record=existing, created=False)
    try:
        return _create_drafts(prepared=prepared, article=article, programme=programme, user=user)
    except IntegrityError:
        # Someone imported the same article a moment earlier: theirs is the import.
        existing = ImportRecord.objects.filter(fingerprint=prepared.fingerprint).first()
        if existing:
            return ImportResult(record=existing, created=False)
        raise


@transaction.atomic
def _create_drafts(
    *, prepared: PreparedImport, article: ArticleDraft, programme: ProgrammeDraft | None, user
) -> ImportResult:
    draft = _validated(
        Article(
            title=article.title[:300],
            lead=article.lead,
            body=body_html(prepared.extraction),
            category=article.category or default_category(),
            byline=article.byline[:120],
            source_name=article.source_name[:200],
            source_url=article.source_url,
            published_at=article.published_at,
            status=Article.Status.DRAFT,
            created_by=user if user is not None and user.is_authenticated else None,
        )
    )
    draft.save()

    record_programme = None
    organizations: list[Organization] = []
    if programme is not None:
        record_programme, organizations = _create_programme(programme)
        draft.programmes.add(record_programme)
    if organizations:
        draft.organizations.add(*organizations)
    record = ImportRecord.objects.create(
        fingerprint=prepared.fingerprint,
        title=article.title[:300],
        source_url=article.source_url,
        article=draft,
        programme=record_programme,
        created_by=draft.created_by,
    )
    return ImportResult(record=record, created=True, warnings=list(prepared.warnings))


def _create_programme(draft: ProgrammeDraft) -> tuple[Programme, list[Organization]]:
    if not draft.title.strip():
        raise ImportRejected(_("Chương trình phối hợp cần có tên."))
    if draft.start_year is None:
        raise ImportRejected(_("Chương trình phối hợp cần có năm bắt đầu."))
    programme = _validated(
        Programme(
            title=draft.title[:300],
            start_year=draft.start_year,
            end_year=draft.end_year,
            signing_date=draft.signing_date,
            venue=draft.venue[:255],
            is_published=False,
        )
    )
    programme.save()

    # Parties first: the database refuses a signatory whose organization is not a party.
    organizations: list[Organization] = []
    for order, party in enumerate(draft.parties):
        organization = party.organization
        if organization is None:
            name = (party.new_name or party.name).strip()
            if not name:
                raise ImportRejected(
                    _("Hãy chọn tổ chức hoặc nhập tên tổ chức mới cho bên thứ %(n)s.") % {"n": order + 1}
                )
            organization = _validated(
                Organization(
                    name=name[:255],
                    kind=party.new_kind if party.new_kind in Organization.Kind.values else Organization.Kind.OTHER,
                    level=party.new_level if party.new_level in Organization.Level.values else "tinh",
                )
            )
            organization.save()
        if organization in organizations:
            raise ImportRejected(
                _("“%(org)s” được chọn cho hai bên tham gia; mỗi tổ chức chỉ là một bên.") % {"org": organization}
            )
        role = party.role if party.role in Party.Role.values else Party.Role.PARTNER
        Party.objects.create(programme=programme, organization=organization, role=role, order=order)
        organizations.append(organization)

    for order, signatory in enumerate(draft.signatories):
        if not 0 <= signatory.party_index < len(organizations):
            raise ImportRejected(
                _("Người ký “%(name)s” phải thay mặt một trong các bên tham gia.") % {"name": signatory.name}
            )
        Signatory.objects.create(
            programme=programme,
            name=signatory.name[:120],
            position=signatory.position[:200],
            organization=organizations[signatory.party_index],
            order=order,
        )

    for number, text in enumerate((c.strip() for c in draft.commitments if c.strip()), start=1):
        title = text if len(text) <= 500 else text[:497].rsplit(" ", 1)[0] + "…"
        Commitment.objects.create(
            programme=programme, number=number, title=title, description=text if title != text else ""
        )
    return programme, organizations


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
    """Check, read and write in one go, taking the extraction as it is (the command line's path)."""
    prepared = prepare_import(text=text, data=data, filename=filename, source_url=source_url)
    if prepared.existing:
        return ImportResult(
            record=prepared.existing, created=False, warnings=prepared.warnings, extraction=prepared.extraction
        )
    programme = programme_draft_from(prepared) if with_programme else None
    warnings = list(prepared.warnings)
    if programme is not None and programme.start_year is None:
        programme = None
        warnings.append(
            str(_("Không tìm thấy giai đoạn hay ngày ký nên chưa tạo chương trình; hãy nhập qua trang quản trị."))
        )
    result = create_drafts(
        prepared=prepared, article=article_draft_from(prepared, category=category), programme=programme, user=user
    )
    result.warnings = warnings
    result.extraction = prepared.extraction
    return result
