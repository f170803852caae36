"""django-axes' admin pages (sign-in attempts and lockouts), registered here instead of by axes
(``AXES_ENABLE_ADMIN = False``): their date hierarchy gave a 500 for a year past 9998, like ours did."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from kpportal.admin_filters import CheckedDateHierarchyMixin


@admin.register(AccessAttempt)
class AccessAttemptAdmin(CheckedDateHierarchyMixin, axes_admin.AccessAttemptAdmin):
    pass


@admin.register(AccessLog)
class AccessLogAdmin(CheckedDateHierarchyMixin, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(CheckedDateHierarchyMixin, axes_admin.AccessFailureLogAdmin):
    pass
