from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kpportal.admin_mixins import VietnameseSlugAdminMixin, image_preview
from organizations.models import Organization, Region


@admin.register(Region)
class RegionAdmin(VietnameseSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(VietnameseSlugAdminMixin, SimpleHistoryAdmin):
    list_display = ["logo_thumbnail", "name", "abbreviation", "kind", "level", "region", "is_member", "is_host"]
    list_display_links = ["logo_thumbnail", "name"]
    list_filter = ["kind", "level", "region", "is_member", "is_host"]
    list_select_related = ["region"]
    search_fields = ["name", "short_name", "abbreviation", "aliases"]
    autocomplete_fields = ["parent", "region"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["logo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "abbreviation", "slug", "kind", "level", "parent", "region"]}),
        (_("Biểu trưng"), {"fields": ["logo", "logo_preview"]}),
        (_("Liên hệ"), {"fields": ["address", "phone", "email", "website", "fanpage"]}),
        (_("Giới thiệu"), {"fields": ["description", "aliases", "is_member"]}),
        (
            _("Cơ quan chủ quản cổng"),
            {"fields": ["is_host", "managing_body", "content_responsible", "licence"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, obj):
        return image_preview(obj.logo, height=32)

    @admin.display(description=_("xem trước"))
    def logo_preview(self, obj):
        return image_preview(obj.logo, height=96)
