from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.models import Programme

DASHBOARD_ENDING_WITHIN_DAYS = 90


class PortalAdminSite(admin.AdminSite):
    site_header = _("Quản trị Cổng thông tin Khuyến học")
    site_title = _("Quản trị Khuyến học")
    index_title = _("Bảng điều khiển")

    def index(self, request, extra_context=None):
        programmes = Programme.objects.prefetch_related("parties__organization")
        extra_context = {
            "ending_soon": programmes.ending_within(DASHBOARD_ENDING_WITHIN_DAYS).order_by("end_year", "title"),
            "missing_final_review": programmes.expired().without_final_review().order_by("-end_year", "title"),
            "ending_within_days": DASHBOARD_ENDING_WITHIN_DAYS,
            **(extra_context or {}),
        }
        return super().index(request, extra_context)
