from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agreements.admin_history import ProgrammeHistoryAdminMixin
from agreements.admin_progress import commitment_statuses
from agreements.forms import CommitmentForm
from agreements.models import Commitment, Party, Programme, Review, Signatory
from core.admin_filters import MAX_ID, CheckedDateHierarchyMixin, whole_number
from core.admin_mixins import VietnameseSlugAdminMixin
from core.admin_permissions import PublishedDeletionAdminMixin, RestrictedFieldsAdminMixin
from core.templatetags.vi_dates import vi_date
from organizations.models import Region


class PartyFormSet(BaseInlineFormSet):
    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        if page is not None:
            page[PartyFormSet] = self

    def clean(self):
        super().clean()
        if not any(f.cleaned_data and not f.cleaned_data.get("DELETE") for f in self.forms):
            raise ValidationError(_("Chương trình phải có ít nhất một bên tham gia."))

    def get_unique_error_message(self, unique_check):
        return _("Một tổ chức chỉ được là một bên của chương trình một lần. Hãy bỏ dòng trùng lặp.")

    def party_organizations(self):
        """The organizations that will be parties once this formset is saved."""
        return {
            f.cleaned_data["organization"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("organization")
        }


class SignatoryFormSet(BaseInlineFormSet):
    """A signatory signs for one of the parties entered on the same page (PartyFormSet).

    ``page`` (formset class -> formset) holds the other formsets of the admin page, given by
    ``ProgrammeAdmin.get_formset_kwargs``; alone, a signatory formset checks nothing against parties."""

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = {} if page is None else page

    @property
    def party_formset(self):
        return self.page.get(PartyFormSet)

    def clean(self):
        super().clean()
        if self.party_formset is None or not self.party_formset.is_valid():
            return
        parties = self.party_formset.party_organizations()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            organization = form.cleaned_data.get("organization")
            if organization is not None and organization not in parties:
                form.add_error(
                    "organization",
                    _("“%(org)s” không phải là bên tham gia của chương trình. Hãy thêm tổ chức này vào mục "
                      "“Các bên tham gia” hoặc chọn tổ chức khác.") % {"org": organization},
                )  # fmt: skip


class CommitmentFormSet(BaseInlineFormSet):
    """Commitments are numbered 1, 2, 3…: a new row proposes the next number and a row whose number
    was left empty gets the next free one when saved (admin/js/commitment_numbers.js does the same for
    rows added on the page)."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            offset = index - self.initial_form_count()
            kwargs["initial"] = {"number": self.highest_stored_number + 1 + offset}
        return kwargs

    @cached_property
    def highest_stored_number(self):
        # The formset's own queryset, already fetched for the rows shown: no extra query.
        return max((commitment.number for commitment in self.get_queryset()), default=0)

    def clean(self):
        super().clean()
        taken = [form.cleaned_data.get("number") for form in self.forms if hasattr(form, "cleaned_data")]
        next_number = max([number for number in taken if number], default=0) + 1
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if form.has_changed() and data and not form.errors and not data.get("number") and not data.get("DELETE"):
                data["number"] = form.instance.number = next_number
                next_number += 1

    def get_unique_error_message(self, unique_check):
        return _("Mỗi nội dung phối hợp cần một số thứ tự riêng. Hãy sửa các số bị trùng.")


class PartyInline(admin.TabularInline):
    model = Party
    formset = PartyFormSet
    autocomplete_fields = ["organization"]
    extra = 2
    fields = ["organization", "role", "order"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    formset = SignatoryFormSet
    autocomplete_fields = ["organization"]
    extra = 2
    fields = ["name", "position", "organization", "order"]

    class Media:
        # The organization picker offers the parties entered above it first.
        js = ["admin/js/jquery.init.js", "admin/js/parties_first.js"]


class CommitmentInline(admin.StackedInline):
    model = Commitment
    form = CommitmentForm
    formset = CommitmentFormSet
    autocomplete_fields = ["responsible"]
    extra = 1
    fields = [("number", "title"), "description", "responsible"]

    class Media:
        js = ["admin/js/commitment_numbers.js"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["kind", "date", "summary", "report_document"]
    # Venue, participants, the assessment of each commitment and the report are on the review's own page.
    show_change_link = True


class StatusFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "tinh_trang"

    def lookups(self, request, model_admin):
        return Programme.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Programme.Status.values:
            return queryset.with_status(self.value())
        return queryset


class YearInForceFilter(admin.SimpleListFilter):
    title = _("hiệu lực trong năm")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(y), str(y)) for y in range(this_year + 1, this_year - 10, -1)]

    def queryset(self, request, queryset):
        year = whole_number(self.value(), maximum=9999)
        return queryset if year is None else queryset.in_force_in(year)


class RegionFilter(admin.SimpleListFilter):
    title = _("địa bàn")
    parameter_name = "dia_ban"

    def lookups(self, request, model_admin):
        return [(str(r.pk), r.label_with_former_names) for r in Region.objects.all()]

    def queryset(self, request, queryset):
        region = whole_number(self.value(), maximum=MAX_ID)
        return queryset if region is None else queryset.filter(Q(parties__organization__region_id=region)).distinct()


@admin.register(Programme)
class ProgrammeAdmin(
    PublishedDeletionAdminMixin,
    RestrictedFieldsAdminMixin,
    CheckedDateHierarchyMixin,
    ProgrammeHistoryAdminMixin,
    VietnameseSlugAdminMixin,
    SimpleHistoryAdmin,
):
    publish_permission = "agreements.publish_programme"
    list_display = ["title", "period_and_status", "party_names", "signed_on", "published"]
    list_filter = [StatusFilter, YearInForceFilter, RegionFilter, "is_published"]
    search_fields = ["title", "reference_number", "venue", "parties__organization__name"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "signing_date"
    inlines = [PartyInline, SignatoryInline, CommitmentInline, ReviewInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "reference_number"]}),
        (_("Ký kết và thời hạn"), {"fields": ["signing_date", "venue", ("start_year", "end_year")]}),
        (_("Nội dung"), {"fields": ["summary", "objectives", "document"]}),
        (_("Tiến độ thực hiện"), {"fields": ["midterm_review_on", "progress_overview"]}),
        (_("Công bố"), {"fields": ["is_published"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("parties__organization")

    def restricted_fields(self, request, obj=None):
        # Publishing, unpublishing (and deleting, PublishedDeletionAdminMixin) are publishers' acts.
        return [] if request.user.has_perm(self.publish_permission) else ["is_published"]

    def is_public(self, obj):
        return obj.is_published

    def get_readonly_fields(self, request, obj=None):
        return ["progress_overview", *super().get_readonly_fields(request, obj)]

    @admin.display(description=_("tình trạng từng nội dung"))
    def progress_overview(self, obj):
        return commitment_statuses(obj)

    def get_formsets_with_inlines(self, request, obj=None):
        # Signatories are checked against the parties entered on the same page, before anything is
        # saved; the admin builds formsets independently, so each inline of this page (a fresh
        # instance per request) is given one dictionary their formsets share (get_formset_kwargs).
        page = {}
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            inline.page_formsets = page
            yield formset_class, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if issubclass(inline.formset, (PartyFormSet, SignatoryFormSet)):
            kwargs["page"] = inline.page_formsets
        return kwargs

    # Short cells so that the list fits a 1366 px screen (static/admin/css/portal_admin.css): the
    # period above its status, one party a line, the date on two lines, a short header for the icon.
    @admin.display(description=_("giai đoạn, tình trạng"), ordering="start_year")
    def period_and_status(self, obj):
        return format_html(
            '<span class="period">{}</span> <span class="status">{}</span>', obj.period_display, obj.status().label
        )

    @admin.display(description=_("các bên"))
    def party_names(self, obj):
        return format_html_join(
            "", '<span class="party-name">{}</span>', ((p.organization.display_name,) for p in obj.parties.all())
        )

    @admin.display(description=_("ngày ký"), ordering="signing_date")
    def signed_on(self, obj):
        return vi_date(obj.signing_date) or "—"

    @admin.display(description=_("công bố"), boolean=True, ordering="is_published")
    def published(self, obj):
        return obj.is_published


# Importing agreements.admin_progress registers the commitment and review pages; the progress entry's
# page is registered by news.admin, which adds its evidence articles.
