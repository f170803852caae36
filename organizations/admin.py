from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kpportal.admin_mixins import VietnameseSlugAdminMixin, image_preview
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


@admin.register(Organization)
class OrganizationAdmin(VietnameseSlugAdminMixin, SimpleHistoryAdmin):
    list_display = ["logo_thumbnail", "name", "abbreviation", "kind", "level", "region", "is_member", "is_host"]
    list_display_links = ["logo_thumbnail", "name"]
    list_filter = ["kind", "level", ("region", RegionFilter), "is_member", "is_host"]
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
