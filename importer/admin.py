"""The admin page "Nhập từ bài viết": paste → review (each field with its source sentence) → confirm.

It hangs off the import-record admin: the changelist URL is the paste page (with the latest imports
under it), ``xac-nhan/`` writes the drafts. Anyone on the staff who may add articles may import."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from importer import forms, rules, services
from importer import review as review_marks
from importer.models import ImportRecord
from news.models import Category

RECENT_IMPORTS = 20


class _FormsInvalid(Exception):
    """The review forms hold errors to show again."""


def _rows(form, names, sources, doubts):
    """(field, source sentence, same source as the row above, why unsure) for the review template."""
    rows, previous = [], None
    for name in names:
        source = sources.get(name, "")
        rows.append((form[name], source, bool(source) and source == previous, doubts.get(name, "")))
        previous = source
    return rows


def can_import(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm("news.add_article"))


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    # The changelist is the import page itself, listing the latest imports under the paste form.
    class Media:
        css = {"all": ["importer/importer.css"]}

    # Permissions follow the article's: the records themselves are written only by the import.
    def has_module_permission(self, request):
        return can_import(request.user)

    def has_view_permission(self, request, obj=None):
        return can_import(request.user)

    def has_add_permission(self, request):
        return can_import(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("xac-nhan/", self.admin_site.admin_view(self.confirm_view), name="{}_{}_confirm".format(*info)),
            *super().get_urls(),
        ]

    def _require_permission(self, request):
        if not can_import(request.user):
            raise PermissionDenied

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "title": _("Nhập từ bài viết"),
            "media": self.media,
            **extra,
        }

    def _paste_url(self):
        return reverse(f"{self.admin_site.name}:importer_importrecord_changelist")

    # Step 1: paste or upload.
    def changelist_view(self, request, extra_context=None):
        self._require_permission(request)
        form = forms.PasteForm()
        if request.method == "POST":
            form = forms.PasteForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    prepared = form.prepare()
                except services.ImportRejected as exc:
                    form.add_error(None, exc.message)
                else:
                    if prepared.existing:
                        self._already_imported(request, prepared.existing)
                        return redirect(self._paste_url())
                    return self._review_response(request, prepared)
        recent = ImportRecord.objects.select_related("article", "programme", "created_by")[:RECENT_IMPORTS]
        return TemplateResponse(
            request, "importer/paste.html", self._context(request, form=form, recent=recent, **(extra_context or {}))
        )

    def add_view(self, request, form_url="", extra_context=None):
        return redirect(self._paste_url())

    # Step 2: review.
    def _review_response(self, request, prepared, *, review=None, parties=None, signatories=None, status=200):
        extraction = prepared.extraction
        proposal = extraction.programme
        if review is None:
            review, parties, signatories = self._initial_forms(prepared)
        sources = {
            "title": extraction.title.source,
            "published_at": extraction.published.source,
            "byline": extraction.author.source,
            "source_name": extraction.source.source,
            "lead": extraction.lead.source,
        }
        if proposal:
            sources |= {
                "programme_title": proposal.title.source,
                "start_year": proposal.period_start_year.source,
                "end_year": proposal.period_end_year.source,
                "signing_date": proposal.signing_date.source,
                "venue": proposal.venue.source,
                "commitments": " / ".join(dict.fromkeys(c.source for c in proposal.commitments)),
            }
        article_fields = ["title", "published_at", "byline", "source_name", "source_url", "lead", "category"]
        programme_fields = ["programme_title", "start_year", "end_year", "signing_date", "venue", "commitments"]
        party_sources = [p.source for p in proposal.parties] if proposal else []
        party_doubts = [review_marks.party_doubt(p) for p in proposal.parties] if proposal else []
        doubts = review_marks.field_doubts(extraction)
        signatory_sources = [s.source for s in proposal.signatories] if proposal else []
        context = self._context(
            request,
            title=_("Kiểm tra trước khi tạo bản nháp"),
            extraction=extraction,
            warnings=prepared.warnings,
            review=review,
            parties=parties,
            signatories=signatories,
            article_rows=_rows(review, article_fields, sources, doubts),
            programme_rows=_rows(review, programme_fields, sources, doubts),
            party_rows=[
                (
                    f,
                    party_sources[i] if i < len(party_sources) else "",
                    party_doubts[i] if i < len(party_doubts) else "",
                )
                for i, f in enumerate(parties.forms)
            ],
            signatories_doubt=review_marks.signatories_doubt(extraction),
            signatory_rows=[
                (f, signatory_sources[i] if i < len(signatory_sources) else "") for i, f in enumerate(signatories.forms)
            ],
            captions=[c.value for c in extraction.captions],
            confirm_url=reverse(f"{self.admin_site.name}:importer_importrecord_confirm"),
            can_add_programme=request.user.has_perm("agreements.add_programme"),
        )
        return TemplateResponse(request, "importer/review.html", context, status=status)

    def _initial_forms(self, prepared):
        article = services.article_draft_from(prepared)
        programme = services.programme_draft_from(prepared)
        first_category = Category.objects.order_by("order", "name").first()
        initial = {
            "payload": prepared.raw,
            "filename": prepared.filename,
            "title": article.title,
            "published_at": review_marks.shown_published(prepared.extraction.published.value),
            "byline": article.byline,
            "source_name": article.source_name,
            "source_url": article.source_url,
            "lead": article.lead,
            "category": first_category.pk if first_category else None,
            "create_programme": programme is not None,
        }
        party_initial, signatory_initial = [], []
        if programme is not None:
            initial |= {
                "programme_title": programme.title,
                # Only a period the text states: a guessed year would look like a read one.
                "start_year": prepared.extraction.programme.period_start_year.value,
                "end_year": programme.end_year,
                "signing_date": review_marks.shown_date(programme.signing_date),
                "venue": programme.venue,
                "commitments": "\n".join(programme.commitments),
            }
            party_initial = [
                {
                    "name": p.name,
                    "organization": p.organization.pk if p.organization else None,
                    "new_name": "" if p.organization else p.new_name,
                    "new_kind": p.new_kind,
                    "role": p.role,
                }
                for p in programme.parties
            ]
            signatory_initial = [
                {"name": s.name, "position": s.position, "party": s.party_index} for s in programme.signatories
            ]
        review = forms.ReviewForm(initial=initial)
        parties = forms.PartyFormSet(initial=party_initial, prefix="ben")
        signatories = forms.SignatoryFormSet(
            initial=signatory_initial,
            prefix="nguoiky",
            form_kwargs={"party_choices": forms.party_choices(None, party_initial)},
        )
        return review, parties, signatories

    # Step 3: confirm.
    def confirm_view(self, request):
        self._require_permission(request)
        if request.method != "POST":
            return redirect(self._paste_url())
        try:
            prepared = services.prepare_import(
                text=request.POST.get("payload", ""), filename=request.POST.get("filename", "")
            )
        except services.ImportRejected as exc:
            messages.error(request, exc.message)
            return redirect(self._paste_url())

        review = forms.ReviewForm(request.POST)
        parties = forms.PartyFormSet(request.POST, prefix="ben")
        signatories = forms.SignatoryFormSet(
            request.POST, prefix="nguoiky", form_kwargs={"party_choices": forms.party_choices(request.POST, [])}
        )
        try:
            article, programme = self._drafts_from_forms(request, review, parties, signatories)
            prepared.source_url = article.source_url
            result = services.create_drafts(prepared=prepared, article=article, programme=programme, user=request.user)
        except services.ImportRejected as exc:
            review.add_error(None, exc.message)
        except _FormsInvalid:
            pass
        else:
            return self._after_import(request, result)
        return self._review_response(
            request, prepared, review=review, parties=parties, signatories=signatories, status=400
        )

    def _after_import(self, request, result):
        article_url = reverse(f"{self.admin_site.name}:news_article_change", args=[result.article.pk])
        if not result.created:
            self._already_imported(request, result.record)
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
        programme_url = reverse(f"{self.admin_site.name}:agreements_programme_change", args=[result.programme.pk])
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

    def _drafts_from_forms(self, request, review, parties, signatories):
        """The drafts the confirmed forms describe; ``_FormsInvalid`` with the errors left on the forms."""
        if not review.is_valid():
            raise _FormsInvalid
        data = review.cleaned_data
        article = services.ArticleDraft(
            title=data["title"],
            lead=data["lead"],
            byline=data["byline"],
            source_name=data["source_name"],
            source_url=data["source_url"],
            published_at=data["published_at"],
            category=data["category"],
        )
        if not data["create_programme"]:
            return article, None
        live = self._live_parties(request, review, parties)
        position = {parties.forms.index(f): i for i, f in enumerate(live)}
        signatories.live_party_indexes = set(position)
        if not signatories.is_valid():
            raise _FormsInvalid
        programme = services.ProgrammeDraft(
            title=data["programme_title"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            signing_date=data["signing_date"],
            venue=data["venue"],
            parties=[
                services.PartyDraft(
                    name=f.cleaned_data.get("name") or f.cleaned_data.get("new_name", ""),
                    role=f.cleaned_data["role"],
                    organization=f.cleaned_data.get("organization"),
                    new_name=f.cleaned_data.get("new_name", "").strip(),
                    new_kind=f.cleaned_data["new_kind"],
                    new_level=rules.guess_level(f.cleaned_data.get("new_name", "")),
                )
                for f in live
            ],
            signatories=[
                services.SignatoryDraft(
                    name=f.cleaned_data["name"],
                    position=f.cleaned_data["position"],
                    party_index=position[f.cleaned_data["party"]],
                )
                for f in signatories.live_forms()
            ],
            commitments=review.commitment_lines(),
        )
        return article, programme

    def _live_parties(self, request, review, parties):
        if not request.user.has_perm("agreements.add_programme"):
            review.add_error("create_programme", _("Bạn không có quyền tạo chương trình phối hợp."))
            raise _FormsInvalid
        if not parties.is_valid():
            raise _FormsInvalid
        live = parties.live_forms()
        if not live:
            review.add_error(None, _("Chương trình phải có ít nhất một bên tham gia."))
            raise _FormsInvalid
        if not request.user.has_perm("organizations.add_organization"):
            for form in live:
                if not form.cleaned_data.get("organization"):
                    form.add_error("organization", _("Bạn không có quyền thêm tổ chức mới; hãy chọn tổ chức có sẵn."))
                    raise _FormsInvalid
        return live

    def _already_imported(self, request, record):
        article_url = reverse(f"{self.admin_site.name}:news_article_change", args=[record.article_id])
        messages.warning(
            request,
            format_html(
                gettext('Bài này đã được nhập lúc {} (bản nháp <a href="{}">“{}”</a>); không tạo gì mới.'),
                timezone.localtime(record.created_at).strftime("%H:%M %d/%m/%Y"),
                article_url,
                record.article.title,
            ),
        )
