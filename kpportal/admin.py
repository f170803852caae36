"""django-axes' admin pages in Vietnamese.

Its models name themselves in English ("Access Log for quantri @ 2026-…", "Attempted Access: …"), and
the admin shows that name in a change form's title and breadcrumbs and in each row's checkbox label.
The same admin classes are registered again with a Vietnamese description of each record; the
breadcrumbs use it through templates/admin/axes/change_form.html.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext as _

from kpportal.templatetags.vi_dates import vi_date


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


class PortalAccessAttemptAdmin(VietnameseRecordAdminMixin, AccessAttemptAdmin):
    record_label = "Lần đăng nhập thử của"


class PortalAccessLogAdmin(VietnameseRecordAdminMixin, AccessLogAdmin):
    record_label = "Lần đăng nhập của"


class PortalAccessFailureLogAdmin(VietnameseRecordAdminMixin, AccessFailureLogAdmin):
    record_label = "Lần đăng nhập sai của"


for model, model_admin in (
    (AccessAttempt, PortalAccessAttemptAdmin),
    (AccessLog, PortalAccessLogAdmin),
    (AccessFailureLog, PortalAccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
