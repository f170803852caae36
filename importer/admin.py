"""The admin's entry to "Nhập từ bài viết": the import records, listed under the paste page.

The wizard itself is in ``importer.views``; this admin only routes its URLs there (the changelist URL is
the paste page, ``xac-nhan/`` confirms, ``add/`` leads to the paste page) and says who sees it: anyone on
the staff who may add articles (``views.can_import``). The records are written only by the import."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from importer import views
from importer.models import ImportRecord

can_import = views.can_import


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["importer/importer.css"]}

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
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        routes = {"changelist": ("", views.paste), "add": ("add/", views.add), "confirm": ("xac-nhan/", views.confirm)}
        ours = [
            path(route, self.admin_site.admin_view(view), {"model_admin": self}, name=f"{prefix}_{name}")
            for name, (route, view) in routes.items()
        ]
        taken = {pattern.name for pattern in ours}
        return [*ours, *(pattern for pattern in super().get_urls() if pattern.name not in taken)]
