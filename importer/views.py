"""The wizard "Nhập từ bài viết": paste → review (each field with its source sentence) → confirm.

Plain views, wrapped by the admin site's ``admin_view`` in ``ImportRecordAdmin.get_urls`` (login, the
admin's look); each takes the model admin for the admin's context. Anyone on the staff who may add
articles may import (``can_import``).

Paste reads the page once and keeps the reading server-side (``importer.sessions``); the review form
carries only its key, and confirm writes from that reading without reading the page again.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from importer import drafts, services, sessions
from importer import review as review_marks
from importer.forms import ImportForms, PasteForm
from importer.models import ImportRecord

RECENT_IMPORTS = 20
ARTICLE_ROWS = ["title", "published_at", "byline", "source_name", "source_url", "lead", "category"]
PROGRAMME_ROWS = ["programme_title", "start_year", "end_year", "signing_date", "venue", "commitments"]


def can_import(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm("news.add_article"))


def _require_permission(request):
    if not can_import(request.user):
        raise PermissionDenied


def _url(model_admin, name: str, *args) -> str:
    return reverse(f"{model_admin.admin_site.name}:{name}", args=args)


def paste_url(model_admin) -> str:
    return _url(model_admin, "importer_importrecord_changelist")


def _context(request, model_admin, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "app_label": model_admin.opts.app_label,
        "title": _("Nhập từ bài viết"),
        "media": model_admin.media,
        **extra,
    }


# Step 1: paste or upload.
def paste(request, model_admin):
    _require_permission(request)
    form = PasteForm()
    if request.method == "POST":
        form = PasteForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                prepared = form.prepare()
            except services.ImportRejected as exc:
                form.add_error(None, exc.message)
            else:
                if prepared.existing:
                    _already_imported(request, model_admin, prepared.existing)
                    return redirect(paste_url(model_admin))
                reading = sessions.start(request.user, prepared.extraction, prepared.warnings)
                forms = ImportForms.proposed(reading.extraction, session=reading.key, source_url=prepared.source_url)
                return _review(request, model_admin, reading, forms)
    recent = ImportRecord.objects.select_related("article", "programme", "created_by")[:RECENT_IMPORTS]
    return TemplateResponse(request, "importer/paste.html", _context(request, model_admin, form=form, recent=recent))


def add(request, model_admin):
    return redirect(paste_url(model_admin))


# Step 2: review.
def _rows(form, names, sources, doubts):
    """(field, source sentence, same source as the row above, why unsure) for the review template."""
    rows, previous = [], None
    for name in names:
        source = sources.get(name, "")
        rows.append((form[name], source, bool(source) and source == previous, doubts.get(name, "")))
        previous = source
    return rows


def _sources(extraction) -> dict[str, str]:
    sources = {
        "title": extraction.title.source,
        "published_at": extraction.published.source,
        "byline": extraction.author.source,
        "source_name": extraction.source.source,
        "lead": extraction.lead.source,
    }
    proposal = extraction.programme
    if proposal:
        sources |= {
            "programme_title": proposal.title.source,
            "start_year": proposal.period_start_year.source,
            "end_year": proposal.period_end_year.source,
            "signing_date": proposal.signing_date.source,
            "venue": proposal.venue.source,
            "commitments": " / ".join(dict.fromkeys(c.source for c in proposal.commitments)),
        }
    return sources


def _review(request, model_admin, reading, forms: ImportForms, *, status=200):
    extraction = reading.extraction
    proposal = extraction.programme
    party_marks = [(p.source, review_marks.party_doubt(p)) for p in proposal.parties] if proposal else []
    signatory_sources = [s.source for s in proposal.signatories] if proposal else []
    sources, doubts = _sources(extraction), review_marks.field_doubts(extraction)
    context = _context(
        request,
        model_admin,
        title=_("Kiểm tra trước khi tạo bản nháp"),
        extraction=extraction,
        warnings=reading.warnings,
        review=forms.review,
        parties=forms.parties,
        signatories=forms.signatories,
        article_rows=_rows(forms.review, ARTICLE_ROWS, sources, doubts),
        programme_rows=_rows(forms.review, PROGRAMME_ROWS, sources, doubts),
        party_rows=[
            (f, *(party_marks[i] if i < len(party_marks) else ("", ""))) for i, f in enumerate(forms.parties.forms)
        ],
        signatories_doubt=review_marks.signatories_doubt(extraction),
        signatory_rows=[
            (f, signatory_sources[i] if i < len(signatory_sources) else "")
            for i, f in enumerate(forms.signatories.forms)
        ],
        captions=[c.value for c in extraction.captions],
        confirm_url=_url(model_admin, "importer_importrecord_confirm"),
        can_add_programme=request.user.has_perm("agreements.add_programme"),
    )
    return TemplateResponse(request, "importer/review.html", context, status=status)


# Step 3: confirm.
def confirm(request, model_admin):
    _require_permission(request)
    if request.method != "POST":
        return redirect(paste_url(model_admin))
    try:
        reading = sessions.load(request.POST.get("session", ""), request.user)
    except sessions.SessionRefused as exc:
        messages.error(request, exc.message)
        return redirect(paste_url(model_admin))
    forms = ImportForms.submitted(request.POST)
    existing = drafts.already_imported(reading.extraction)
    if existing is None and not forms.is_valid(request.user):
        return _review(request, model_admin, reading, forms, status=400)
    result = drafts.create_drafts(
        extraction=reading.extraction, forms=forms, user=request.user, warnings=reading.warnings
    )
    return _after_import(request, model_admin, result)


def _after_import(request, model_admin, result: drafts.ImportResult):
    article_url = _url(model_admin, "news_article_change", result.article.pk)
    if not result.created:
        _already_imported(request, model_admin, result.record)
        return redirect(article_url)
    if result.programme is None:
        messages.success(
            request,
            format_html(
                gettext('Đã tạo bài viết nháp <a href="{}">“{}”</a>. Hãy kiểm tra lại trước khi xuất bản.'),
                article_url,
                result.article.title,
            ),
        )
        return redirect(article_url)
    programme_url = _url(model_admin, "agreements_programme_change", result.programme.pk)
    messages.success(
        request,
        format_html(
            gettext(
                'Đã tạo bài viết nháp <a href="{}">“{}”</a> và chương trình phối hợp nháp '
                '<a href="{}">“{}”</a>. Hãy kiểm tra lại trước khi xuất bản.'
            ),
            article_url,
            result.article.title,
            programme_url,
            result.programme.title,
        ),
    )
    return redirect(programme_url)


def _already_imported(request, model_admin, record):
    messages.warning(
        request,
        format_html(
            gettext('Bài này đã được nhập lúc {} (bản nháp <a href="{}">“{}”</a>); không tạo gì mới.'),
            timezone.localtime(record.created_at).strftime("%H:%M %d/%m/%Y"),
            _url(model_admin, "news_article_change", record.article_id),
            record.article.title,
        ),
    )
