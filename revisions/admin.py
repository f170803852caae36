"""The review queue and screen: publishers see each pending revision as a side-by-side difference,
preview it, and publish it or send it back with a comment."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revisions import preview
from revisions.diff import compare, count_changes
from revisions.models import Revision
from revisions.registry import REVISABLE, can_publish, revisable
from revisions.services import is_conflicting, publish, send_back


def may_see_revisions(user) -> bool:
    """Staff who may change some revisable content see the queue (editors read it, publishers act)."""
    if not (user.is_active and user.is_staff):
        return False
    return any(
        user.has_perm(f"{entry.model._meta.app_label}.change_{entry.model._meta.model_name}")
        for entry in REVISABLE.values()
    )


class KindFilter(admin.SimpleListFilter):
    title = gettext_lazy("loại nội dung")
    parameter_name = "loai"

    def lookups(self, request, model_admin):
        return [(label, entry.model._meta.verbose_name) for label, entry in REVISABLE.items()]

    def queryset(self, request, queryset):
        entry = REVISABLE.get(self.value() or "")
        if entry is None:
            return queryset
        return queryset.filter(
            content_type__app_label=entry.model._meta.app_label, content_type__model=entry.model._meta.model_name
        )


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["object_repr", "kind", "status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    list_filter = ["status", KindFilter]
    list_select_related = ["content_type", "proposed_by", "decided_by"]
    search_fields = ["object_repr", "comment"]
    date_hierarchy = None
    review_template = "revisions/review.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # deciding is not editing: see review_view

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return may_see_revisions(request.user)

    def has_module_permission(self, request):
        return may_see_revisions(request.user)

    @admin.display(description=gettext_lazy("loại"), ordering="content_type")
    def kind(self, obj):
        return obj.content_type.model_class()._meta.verbose_name

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/xem-truoc/",
                self.admin_site.admin_view(self.preview_view),
                name="revisions_revision_preview",
            ),
            path(
                "<path:object_id>/xem-truoc/in/",
                self.admin_site.admin_view(self.preview_view),
                {"kind": "print"},
                name="revisions_revision_preview_print",
            ),
        ]
        return [*own, *super().get_urls()]

    def revision_or_404(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            raise Http404(_("Không tìm thấy bản thay đổi."))
        return revision

    def preview_view(self, request, object_id, kind="page"):
        return preview.render(self.revision_or_404(request, object_id), request, kind)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.revision_or_404(request, object_id)
        here = reverse("admin:revisions_revision_change", args=[revision.pk])
        if request.method == "POST":
            return self.decide(request, revision, here)
        obj = revision.live_object()
        entry = revisable(revision.model)
        sections = compare(entry, revision.base, revision.data)
        pending = revision.status == Revision.Status.PENDING
        context = {
            **self.admin_site.each_context(request),
            "title": _("Duyệt thay đổi: %(object)s") % {"object": revision.object_repr},
            "subtitle": None,
            "opts": self.opts,
            "revision": revision,
            "object": obj,
            "object_url": reverse(
                f"admin:{revision.content_type.app_label}_{revision.content_type.model}_change", args=[obj.pk]
            )
            if obj
            else "",
            "kind_name": revision.model._meta.verbose_name,
            "sections": sections,
            "change_count": count_changes(sections),
            "conflicting": pending and is_conflicting(revision),
            "can_decide": pending and can_publish(request.user, revision.model),
            "has_print_preview": preview.has_print_view(revision),
            "queue_url": reverse("admin:revisions_revision_changelist") + "?status__exact=pending",
        }
        return TemplateResponse(request, self.review_template, context)

    def decide(self, request, revision, here):
        # An editor's forged POST ends here with the Vietnamese 403 page: nothing is changed.
        if not can_publish(request.user, revision.model):
            raise PermissionDenied(_("Bạn không có quyền xuất bản nội dung này."))
        try:
            if "_publish" in request.POST:
                publish(revision, request.user)
                self.message_user(
                    request,
                    _("Đã xuất bản thành công bản #%(number)s của “%(object)s”: bạn đọc thấy thay đổi ngay.")
                    % {"number": revision.pk, "object": revision.object_repr},
                    messages.SUCCESS,
                )
            elif "_send_back" in request.POST:
                send_back(revision, request.user, request.POST.get("comment", ""))
                self.message_user(
                    request,
                    _("Đã trả lại thành công bản #%(number)s cho người biên tập kèm nhận xét.")
                    % {"number": revision.pk},
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, _("Hãy chọn “Xuất bản” hoặc “Trả lại”."), messages.ERROR)
                return HttpResponseRedirect(here)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(here)
        except DatabaseError:
            # publish() runs in one transaction: nothing of the revision was written.
            self.message_user(
                request, _("Không xuất bản được bản này vì dữ liệu không hợp lệ; nội dung đã xuất bản không thay "
                           "đổi. Hãy trả lại để người biên tập kiểm tra."), messages.ERROR
            )  # fmt: skip
            return HttpResponseRedirect(here)
        return HttpResponseRedirect(reverse("admin:revisions_revision_changelist") + "?status__exact=pending")
