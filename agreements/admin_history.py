"""The programme's history pages in the admin, in Vietnamese, with "Khôi phục phiên bản này".

simple-history's own "Revert" restores the programme row only; for a programme it is replaced by
``agreements.history.restore_programme``, which brings back the parties, signatories and
commitments of the chosen version as well.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.history import programme_version, restore_programme, version_end
from agreements.models import Programme
from organizations.models import Organization

RESTORE_PERMISSIONS = [
    "agreements.change_programme",
    *(f"agreements.{action}_{model}" for model in ("party", "signatory", "commitment") for action in ("add", "delete")),
]


class ProgrammeHistoryAdminMixin:
    """For ``ProgrammeAdmin`` (a ``SimpleHistoryAdmin``)."""

    object_history_template = "admin/agreements/programme/object_history.html"
    object_history_list_template = "admin/agreements/programme/object_history_list.html"
    object_history_form_template = "admin/agreements/programme/object_history_form.html"
    restore_confirmation_template = "admin/agreements/programme/restore_confirmation.html"

    def get_urls(self):
        restore = path(
            "<path:object_id>/history/<int:version_id>/khoi-phuc/",
            self.admin_site.admin_view(self.restore_view),
            name="agreements_programme_restore",
        )
        return [restore, *super().get_urls()]

    def revert_disabled(self, request, obj=None):
        # The single-row revert is never offered for programmes; see restore_view.
        return True

    def has_restore_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and request.user.has_perms(RESTORE_PERMISSIONS)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {
            "can_restore": self.has_restore_permission(request),
            "title": _("Lịch sử thay đổi: %s")
            % (self.get_object(request, unquote(object_id)) or _("chương trình đã bị xoá")),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            # simple-history would save the old programme row over today's parties and signatories.
            raise PermissionDenied
        extra_context = {
            "can_restore": self.has_restore_permission(request),
            "restore_url": reverse("admin:agreements_programme_restore", args=[object_id, version_id]),
            **(extra_context or {}),
        }
        return super().history_form_view(request, object_id, version_id, extra_context)

    def announce_restored(self, request, restored, when):
        """Tell the user the restore is done (an admin that turns it into a proposal says so instead)."""
        self.message_user(
            request,
            _("Đã khôi phục chương trình “%(title)s” cùng các bên tham gia, người ký và nội dung phối hợp "
              "như lúc %(time)s.") % {"title": restored, "time": when},
            messages.SUCCESS,
        )  # fmt: skip

    def restore_view(self, request, object_id, version_id):
        programme = self.get_object(request, unquote(object_id))
        if programme is None:
            raise Http404(_("Không tìm thấy chương trình."))
        if not self.has_restore_permission(request, programme):
            raise PermissionDenied
        record = get_object_or_404(Programme.history.model, id=programme.pk, history_id=version_id)
        as_of = version_end(record)
        history_url = reverse("admin:agreements_programme_history", args=[programme.pk])
        try:
            version = programme_version(programme=programme, as_of=as_of)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(history_url)

        if request.method == "POST":
            try:
                restored = restore_programme(programme=programme, as_of=as_of, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(history_url)
            when = timezone.localtime(record.history_date).strftime("%d/%m/%Y %H:%M")
            self.log_change(request, restored, _("Khôi phục phiên bản lúc %(time)s.") % {"time": when})
            self.announce_restored(request, restored, when)
            return HttpResponseRedirect(reverse("admin:agreements_programme_change", args=[programme.pk]))

        organization_ids = set().union(*version.responsible.values()) if version.responsible else set()
        names = dict(Organization.objects.filter(pk__in=organization_ids).values_list("pk", "name"))
        context = {
            **self.admin_site.each_context(request),
            "commitments": [
                (commitment, sorted(names.get(pk, f"#{pk}") for pk in version.responsible.get(commitment.pk, ())))
                for commitment in version.commitments
            ],
            "title": _("Khôi phục phiên bản này?"),
            "opts": self.model._meta,
            "object": programme,
            "record": record,
            "version": version,
            "publishing_kept": not request.user.has_perm("agreements.publish_programme")
            and version.programme.is_published != programme.is_published,
            "history_url": history_url,
        }
        return TemplateResponse(request, self.restore_confirmation_template, context)
