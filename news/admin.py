from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agreements.admin_progress import CommitmentProgressAdmin
from agreements.models import CommitmentProgress
from core.admin_filters import CheckedDateHierarchyMixin
from core.admin_mixins import VietnameseSlugAdminMixin, image_preview
from core.admin_permissions import PublishedDeletionAdminMixin, RestrictedFieldsAdminMixin
from core.public_content import announce_change
from news.models import Article, ArticleImage, Category, Comment, Feedback, ProgressEvidence

PUBLISHING_FIELDS = ["status", "published_at", "is_featured"]


@admin.register(Category)
class CategoryAdmin(VietnameseSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    extra = 1
    fields = ["image", "preview", "caption", "alt", "is_decorative", "order"]
    readonly_fields = ["preview"]

    @admin.display(description=_("xem trước"))
    def preview(self, obj):
        return image_preview(obj.image, height=64)


class StateFilter(admin.SimpleListFilter):
    title = _("tình trạng xuất bản")
    parameter_name = "tinh_trang"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        return {
            Article.State.DRAFT: queryset.drafts,
            Article.State.SCHEDULED: queryset.scheduled,
            Article.State.PUBLISHED: queryset.published,
        }.get(self.value(), queryset.all)()


@admin.register(Article)
class ArticleAdmin(
    PublishedDeletionAdminMixin,
    RestrictedFieldsAdminMixin,
    CheckedDateHierarchyMixin,
    VietnameseSlugAdminMixin,
    SimpleHistoryAdmin,
):
    publish_permission = "news.publish_article"

    list_display = ["title", "category", "state_label", "published_at", "byline", "is_featured"]
    list_filter = [StateFilter, "category", "is_featured"]
    list_select_related = ["category"]
    search_fields = ["title", "lead", "byline", "source_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["programmes", "organizations", "review"]
    date_hierarchy = "published_at"
    inlines = [ArticleImageInline]
    readonly_fields = ["cover_preview", "preview_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "lead", "body"]}),
        (
            _("Ảnh đại diện"),
            {"fields": ["cover_image", "cover_preview", "cover_caption", "cover_alt", "cover_decorative"]},
        ),
        (_("Tác giả và nguồn"), {"fields": ["byline", "source_name", "source_url"]}),
        (_("Liên kết"), {"fields": ["programmes", "organizations", "review"]}),
        (_("Xuất bản"), {"fields": [*PUBLISHING_FIELDS, "preview_link"]}),
    ]

    def restricted_fields(self, request, obj=None):
        # Editors may write and correct articles but not publish, schedule, feature or unpublish
        # them (core.admin_permissions: read-only, refused when forged, kept on a revert; a
        # reverted deleted article comes back as a draft).
        return [] if request.user.has_perm(self.publish_permission) else PUBLISHING_FIELDS

    def is_public(self, obj):
        return obj.status == Article.Status.PUBLISHED

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("tình trạng"))
    def state_label(self, obj):
        return obj.state().label

    @admin.display(description=_("ảnh hiện tại"))
    def cover_preview(self, obj):
        return image_preview(obj.cover_image, height=96)

    @admin.display(description=_("xem trước"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Lưu bài trước khi xem trước.")
        return format_html('<a href="{}" target="_blank">{}</a>', obj.get_absolute_url(), _("Mở trang bài viết"))


@admin.register(Comment)
class CommentAdmin(RestrictedFieldsAdminMixin, CheckedDateHierarchyMixin, admin.ModelAdmin):
    """Readers' comments: nothing shows under an article until a publisher approves it here.
    Editors read them and delete the ones not approved (spam); approving, un-approving and
    deleting an approved comment change the site, and need ``news.approve_comment``."""

    list_display = ["excerpt", "name", "article", "created_at", "is_approved"]
    list_filter = ["is_approved", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "article__title"]
    date_hierarchy = "created_at"
    fields = ["article", "name", "email", "body", "is_approved", "created_at", "approved_at", "ip_address"]
    readonly_fields = ["article", "created_at", "approved_at", "ip_address"]
    actions = ["approve", "unapprove"]

    def has_add_permission(self, request):
        return False

    def has_approve_permission(self, request):
        return request.user.has_perm("news.approve_comment")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_approved and not self.has_approve_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def restricted_fields(self, request, obj=None):
        return [] if self.has_approve_permission(request) else ["is_approved"]

    @admin.display(description=_("bình luận"))
    def excerpt(self, obj):
        return obj.body[:80]

    @admin.action(description=_("Duyệt: hiện các bình luận đã chọn dưới bài viết"), permissions=["approve"])
    def approve(self, request, queryset):
        count = queryset.filter(is_approved=False).update(is_approved=True, approved_at=timezone.now())
        announce_change()  # update() sends no signal: cached article pages must show the comments now
        self.message_user(request, _("Đã duyệt %(count)d bình luận.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Bỏ duyệt: ẩn các bình luận đã chọn"), permissions=["approve"])
    def unapprove(self, request, queryset):
        count = queryset.filter(is_approved=True).update(is_approved=False, approved_at=None)
        announce_change()
        self.message_user(request, _("Đã ẩn %(count)d bình luận.") % {"count": count}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if "is_approved" in form.changed_data:
            obj.approved_at = timezone.now() if obj.is_approved else None
        super().save_model(request, obj, form, change)


@admin.register(Feedback)
class FeedbackAdmin(CheckedDateHierarchyMixin, admin.ModelAdmin):
    """Messages to the editorial board ("Gửi ban biên tập")."""

    list_display = ["subject", "name", "email", "phone", "created_at", "is_handled"]
    list_filter = ["is_handled", "created_at"]
    search_fields = ["subject", "name", "email", "phone", "message"]
    date_hierarchy = "created_at"
    fields = ["subject", "name", "email", "phone", "message", "is_handled", "created_at", "ip_address"]
    readonly_fields = ["subject", "name", "email", "phone", "message", "created_at", "ip_address"]
    actions = ["mark_handled", "mark_unhandled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Đánh dấu đã xử lý"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.update(is_handled=True)
        self.message_user(request, _("Đã đánh dấu %(count)d thư là đã xử lý.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Đánh dấu chưa xử lý"), permissions=["change"])
    def mark_unhandled(self, request, queryset):
        count = queryset.update(is_handled=False)
        self.message_user(request, _("Đã đánh dấu %(count)d thư là chưa xử lý.") % {"count": count}, messages.SUCCESS)


class ProgressEvidenceInline(admin.TabularInline):
    """Articles of this portal that show a progress entry was carried out: published ones only
    (news.models.ProgressEvidence.clean says so in Vietnamese)."""

    model = ProgressEvidence
    extra = 1
    autocomplete_fields = ["article"]
    fields = ["article"]


@admin.register(CommitmentProgress)
class CommitmentProgressWithEvidenceAdmin(CommitmentProgressAdmin):
    inlines = [ProgressEvidenceInline]
