"""Admin pages for what happens after signing: progress entries of commitments and reviews (sơ kết /
tổng kết) with an assessment per commitment.

The progress entry's page is registered by ``news.admin``, which adds the evidence articles to it
(agreements never names news); everything else here is registered by ``agreements.admin``."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from agreements.models import Commitment, Party, Review, ReviewAssessment, local_today
from agreements.progress import latest_steps
from core.admin_filters import MAX_ID, whole_number
from core.admin_permissions import PublishedDeletionAdminMixin, RestrictedFieldsAdminMixin

PUBLISH_PERMISSION = "agreements.publish_programme"


def outsiders_message(outsiders, programme):
    return _(
        "%(names)s không phải là bên tham gia của chương trình “%(programme)s”. Chỉ chọn trong các bên của "
        "chương trình, hoặc thêm tổ chức đó vào mục “Các bên tham gia” của chương trình trước."
    ) % {"names": ", ".join(f"“{organization}”" for organization in outsiders), "programme": programme}


class CommitmentProgressAdmin(PublishedDeletionAdminMixin, RestrictedFieldsAdminMixin, admin.ModelAdmin):
    """Publishing an entry is a publisher's act, as for programmes: editors see ``is_published``
    read-only (a request that sets it anyway gets a 403). A published entry is what readers see on
    the programme's page: editors read it, publishers change or delete it; editors record a new
    entry instead."""

    publish_permission = PUBLISH_PERMISSION

    list_display = ["commitment_title", "programme", "period", "status", "party", "published"]
    list_filter = ["status", "is_published", ("commitment__programme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["commitment__programme", "party"]
    search_fields = ["commitment__title", "commitment__programme__title", "done"]
    autocomplete_fields = ["commitment", "party"]
    fieldsets = [
        (None, {"fields": ["commitment", ("year", "half", "date"), "status", "done", "party", "document"]}),
        (_("Công bố"), {"fields": ["is_published"]}),
    ]

    def restricted_fields(self, request, obj=None):
        return [] if request.user.has_perm(PUBLISH_PERMISSION) else ["is_published"]

    def is_public(self, obj):
        return obj.is_published

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published and not request.user.has_perm(PUBLISH_PERMISSION):
            return False
        return super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        # "Ghi tiến độ" on a programme's page opens this page for one commitment: propose its year.
        initial = super().get_changeform_initial_data(request)
        commitment = Commitment.objects.filter(pk=whole_number(request.GET.get("commitment"), maximum=MAX_ID)).first()
        if commitment is not None:
            programme = commitment.programme
            this_year = local_today().year
            initial.setdefault("year", this_year if programme.covers_year(this_year) else programme.start_year)
        return initial

    @admin.display(description=_("nội dung phối hợp"), ordering="commitment__number")
    def commitment_title(self, obj):
        return str(obj.commitment)

    @admin.display(description=_("chương trình"), ordering="commitment__programme__title")
    def programme(self, obj):
        return obj.commitment.programme

    @admin.display(description=_("thời gian"), ordering="year")
    def period(self, obj):
        return obj.period_label()

    @admin.display(description=_("công bố"), boolean=True, ordering="is_published")
    def published(self, obj):
        return obj.is_published


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    """Commitments are entered on their programme's page; this list finds one across programmes
    (the progress page picks its commitment here) and leads to its progress."""

    list_display = ["__str__", "programme", "progress_link"]
    list_select_related = ["programme"]
    search_fields = ["title", "programme__title"]
    autocomplete_fields = ["programme", "responsible"]
    fields = ["programme", "number", "title", "description", "responsible"]

    def get_readonly_fields(self, request, obj=None):
        return ["programme"] if obj else []

    def has_delete_permission(self, request, obj=None):
        # Deleting a commitment deletes its progress entries: published ones are a publisher's to remove.
        if (
            obj is not None
            and not request.user.has_perm(PUBLISH_PERMISSION)
            and obj.progress.filter(is_published=True).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("tiến độ"))
    def progress_link(self, obj):
        url = reverse("admin:agreements_commitmentprogress_changelist")
        return format_html('<a href="{}?commitment__id__exact={}">{}</a>', url, obj.pk, _("Xem tiến độ"))


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = [
            "programme",
            "kind",
            "date",
            "venue",
            "participants",
            "summary",
            "conclusions",
            "next_steps",
            "report_document",
        ]

    def clean(self):
        cleaned = super().clean()
        programme, participants = cleaned.get("programme"), cleaned.get("participants")
        if programme and participants:
            parties = set(Party.objects.filter(programme=programme).values_list("organization_id", flat=True))
            outsiders = [organization for organization in participants if organization.pk not in parties]
            if outsiders:
                self.add_error("participants", outsiders_message(outsiders, programme))
        return cleaned


class AssessmentForm(forms.ModelForm):
    """One commitment's row: the choice is limited to the commitments of the review's programme."""

    class Meta:
        model = ReviewAssessment
        fields = ["commitment", "status", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, programme_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.filter(programme_id=programme_id)


class AssessmentFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            commitment = getattr(form, "cleaned_data", {}).get("commitment")
            if commitment is not None and commitment.programme_id != self.instance.programme_id:
                form.add_error(
                    "commitment",
                    _("Nội dung “%(commitment)s” thuộc chương trình khác, không phải chương trình được sơ kết.")
                    % {"commitment": commitment},
                )

    def get_unique_error_message(self, unique_check):
        return _("Mỗi nội dung phối hợp chỉ được đánh giá một lần trong một đợt sơ kết / tổng kết.")


class ReviewAssessmentInline(admin.TabularInline):
    model = ReviewAssessment
    form = AssessmentForm
    formset = AssessmentFormSet
    fields = ["commitment", "status", "text"]

    def get_extra(self, request, obj=None, **kwargs):
        # One row ready for each commitment not assessed yet; a row left without a status is ignored.
        return len(unassessed_commitments(review_programme_id(request, obj), obj))


def review_programme_id(request, review):
    """The programme whose commitments are assessed: the review's, or the one an add link names."""
    if review is not None and review.programme_id:
        return review.programme_id
    return whole_number(request.GET.get("programme"), maximum=MAX_ID)


def unassessed_commitments(programme_id, review):
    assessed = review.assessments.values_list("commitment_id", flat=True) if review and review.pk else []
    return list(
        Commitment.objects.filter(programme_id=programme_id).exclude(pk__in=assessed).values_list("pk", flat=True)
    )


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    form = ReviewForm
    list_display = ["__str__", "programme", "kind", "date", "venue"]
    list_filter = ["kind"]
    list_select_related = ["programme"]
    search_fields = ["programme__title", "summary", "venue", "conclusions"]
    autocomplete_fields = ["programme", "participants"]
    inlines = [ReviewAssessmentInline]
    fieldsets = [
        (None, {"fields": ["programme", ("kind", "date"), "venue", "participants"]}),
        (_("Kết quả"), {"fields": ["summary", "conclusions", "next_steps", "report_document"]}),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ReviewAssessmentInline):
            programme_id = review_programme_id(request, obj)
            kwargs["form_kwargs"] = {"programme_id": programme_id}
            kwargs["initial"] = [{"commitment": pk} for pk in unassessed_commitments(programme_id, obj)]
        return kwargs


def commitment_statuses(programme):
    """The read-only table of a programme's admin page: each commitment, its latest status, a link to add progress."""
    if programme is None or programme.pk is None:
        return _("Lưu chương trình trước, rồi ghi tiến độ cho từng nội dung phối hợp.")
    commitments = list(programme.commitments.all())
    if not commitments:
        return _("Chương trình chưa có nội dung phối hợp.")
    latest = latest_steps(commitments)
    add_url = reverse("admin:agreements_commitmentprogress_add")
    list_url = reverse("admin:agreements_commitmentprogress_changelist")
    rows = format_html_join(
        "",
        '<tr><td>{}</td><td class="latest-status">{}</td><td><a href="{}?commitment={}">{}</a> · '
        '<a href="{}?commitment__id__exact={}">{}</a></td></tr>',
        (
            (
                commitment,
                format_html("{} ({})", step.status_label, step.label) if step else _("Chưa có tiến độ"),
                add_url,
                commitment.pk,
                _("Ghi tiến độ"),
                list_url,
                commitment.pk,
                _("Xem các mục tiến độ"),
            )
            for commitment in commitments
            for step in [latest[commitment.pk]]
        ),
    )
    review_url = reverse("admin:agreements_review_add")
    return format_html(
        '<table id="commitment-statuses"><thead><tr><th>{}</th><th>{}</th><th></th></tr></thead><tbody>{}</tbody>'
        '</table><p><a href="{}?programme={}">{}</a></p>',
        _("Nội dung phối hợp"),
        _("Tình trạng mới nhất"),
        rows,
        review_url,
        programme.pk,
        _("Ghi nhận một đợt sơ kết / tổng kết"),
    )
