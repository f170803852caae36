"""django-axes' admin pages (sign-in attempts and lockouts), registered here instead of by axes
(``AXES_ENABLE_ADMIN = False``), for two reasons:

- their date hierarchy gave a 500 for a year past 9998, like ours did (``CheckedDateHierarchyMixin``);
- their models name themselves in English ("Access Log for quantri @ 2026-…", "Attempted Access: …"),
  which the admin shows in a change form's title and breadcrumbs and in each row's checkbox label: each
  record is described in Vietnamese instead (the breadcrumbs use it through
  templates/admin/axes/change_form.html).
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext as _

from core.admin_filters import CheckedDateHierarchyMixin
from core.templatetags.vi_dates import vi_date


class VietnameseRecordAdminMixin:
    record_label = ""

    def describe(self, obj):
        return f"{self.record_label} {obj.username or '—'}, {vi_date(obj.attempt_time, 'seconds')}"

    def action_checkbox(self, obj):
        label = _("Chọn mục này để thực hiện thao tác - %(record)s") % {"record": self.describe(obj)}
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-label": label}, lambda value: False)
        return checkbox.render(ACTION_CHECKBOX_NAME, str(obj.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context = {"subtitle": self.describe(obj), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(VietnameseRecordAdminMixin, CheckedDateHierarchyMixin, axes_admin.AccessAttemptAdmin):
    record_label = "Lần đăng nhập thử của"


@admin.register(AccessLog)
class AccessLogAdmin(VietnameseRecordAdminMixin, CheckedDateHierarchyMixin, axes_admin.AccessLogAdmin):
    record_label = "Lần đăng nhập của"


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(VietnameseRecordAdminMixin, CheckedDateHierarchyMixin, axes_admin.AccessFailureLogAdmin):
    record_label = "Lần đăng nhập sai của"
