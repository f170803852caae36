from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import VietnameseSlugAdminMixin, image_preview
from core.admin_permissions import PublishedDeletionAdminMixin, RestrictedFieldsAdminMixin
from organizations.models import Organization, Region


class RegionFilter(admin.RelatedFieldListFilter):
    """The region filter of organizations: "Ninh Bình (gồm Hà Nam, Nam Định)", so that staff
    looking for a former province find the one it belongs to today."""

    def field_choices(self, field, request, model_admin):
        return [(region.pk, region.label_with_former_names) for region in Region.objects.all()]


@admin.register(Region)
class RegionAdmin(VietnameseSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "former_names", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "former_names"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "code", "former_names", "order"]


PUBLISH_PERMISSION = "organizations.publish_organization"
HOST_PERMISSION = "organizations.change_host_organization"
# What the host association shows on every page (masthead, footer, the fanpage QR code) and on
# every printed sheet: a publisher's to change. Editors may still correct its description.
HOST_FIELDS = [
    "name",
    "short_name",
    "abbreviation",
    "logo",
    "managing_body",
    "content_responsible",
    "licence",
    "address",
    "phone",
    "email",
    "website",
    "fanpage",
]


@admin.register(Organization)
class OrganizationAdmin(
    PublishedDeletionAdminMixin, RestrictedFieldsAdminMixin, VietnameseSlugAdminMixin, SimpleHistoryAdmin
):
    """Editors enter organizations (new ones start unpublished); publishing one, unpublishing it,
    making one the host and changing the host's public details are publishers' acts."""

    publish_permission = PUBLISH_PERMISSION
    list_display = [
        "logo_thumbnail",
        "name",
        "abbreviation",
        "kind",
        "level",
        "region",
        "is_member",
        "is_published",
        "is_host",
    ]
    list_display_links = ["logo_thumbnail", "name"]
    list_filter = ["is_published", "kind", "level", ("region", RegionFilter), "is_member", "is_host"]
    list_select_related = ["region"]
    # A province's former name ("Hà Nam") finds the organizations of the region it belongs to today.
    search_fields = ["name", "short_name", "abbreviation", "aliases", "region__name", "region__former_names"]
    autocomplete_fields = ["parent", "region"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["logo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "abbreviation", "slug", "kind", "level", "parent", "region"]}),
        (_("Biểu trưng"), {"fields": ["logo", "logo_preview"]}),
        (_("Liên hệ"), {"fields": ["address", "phone", "email", "website", "fanpage"]}),
        (_("Giới thiệu"), {"fields": ["description", "aliases", "is_member"]}),
        (_("Công bố"), {"fields": ["is_published"]}),
        (
            _("Cơ quan chủ quản cổng"),
            {"fields": ["is_host", "managing_body", "content_responsible", "licence"], "classes": ["collapse"]},
        ),
    ]

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def restricted_fields(self, request, obj=None):
        restricted = [] if self.has_publish_permission(request) else ["is_published"]
        if not request.user.has_perm(HOST_PERMISSION):
            restricted.append("is_host")
            if obj is not None and obj.is_host:
                restricted += HOST_FIELDS
        return restricted

    def is_public(self, obj):
        return obj.is_published

    @admin.action(description=_("Công bố các tổ chức đã chọn"), permissions=["publish"])
    def publish(self, request, queryset):
        self.set_published(request, queryset, True)

    @admin.action(description=_("Ngừng công bố các tổ chức đã chọn"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self.set_published(request, queryset, False)

    def set_published(self, request, queryset, published):
        # One save each, not update(): the history records who did it and the page cache is cleared.
        changed = 0
        for organization in queryset.exclude(is_published=published):
            organization.is_published = published
            organization.save(update_fields=["is_published", "updated_at"])
            changed += 1
        message = (
            ngettext("Đã công bố %(count)d tổ chức.", "Đã công bố %(count)d tổ chức.", changed)
            if published
            else ngettext("Đã ngừng công bố %(count)d tổ chức.", "Đã ngừng công bố %(count)d tổ chức.", changed)
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, obj):
        return image_preview(obj.logo, height=32)

    @admin.display(description=_("xem trước"))
    def logo_preview(self, obj):
        return image_preview(obj.logo, height=96)
