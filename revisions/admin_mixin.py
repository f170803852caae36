"""Editors propose, publishers publish: the content admins' side of revisions.

``PortalAdminSite.register`` adds ``RevisionAdminMixin`` to the admin of every model in
``revisions.registry.REVISABLE``. When someone without the right to publish saves published
content, the admin's normal save (the object and its inline parts, with all their checks) runs
inside a transaction that is then rolled back: what it wrote is kept as a snapshot in a pending
revision, and the published rows stay as they were. Uploaded files stay in storage as the
revision's files. The form such an editor sees starts from the latest pending revision, written
into the database the same way for the time of the request only."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from revisions import snapshot
from revisions.models import Revision
from revisions.registry import can_publish, is_published, revisable
from revisions.services import latest_pending, record_proposal

PROPOSING = "revision_proposing"  # request attributes set while an editor's save is a proposal
SAVED = "revision_saved"


def when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def review_url(revision):
    return reverse("admin:revisions_revision_change", args=[revision.pk])


class RevisionAdminMixin:
    def proposes(self, request, obj):
        """Whether ``request.user`` saving ``obj`` makes a proposal rather than a change."""
        return obj is not None and is_published(obj) and not can_publish(request.user, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is None or not self.proposes(request, obj):
            if obj is not None and request.method == "GET":
                self.tell_publisher(request, obj)
            return super().changeform_view(request, object_id, form_url, extra_context)

        return self.propose(
            request,
            obj,
            lambda: super(RevisionAdminMixin, self).changeform_view(request, object_id, form_url, extra_context),
            from_pending=True,
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's "Revert" of published content is a proposal too, made from the published version.
        obj = self.get_object(request, unquote(object_id))
        if request.method != "POST" or obj is None or not self.proposes(request, obj):
            return super().history_form_view(request, object_id, version_id, extra_context)
        return self.propose(
            request,
            obj,
            lambda: super(RevisionAdminMixin, self).history_form_view(request, object_id, version_id, extra_context),
            from_pending=False,
        )

    def restore_view(self, request, object_id, version_id):
        # A programme restored with its parts (agreements/admin_history.py) by an editor: a proposal
        # made from the published version, like simple-history's "Revert" above.
        obj = self.get_object(request, unquote(object_id))
        if request.method != "POST" or obj is None or not self.proposes(request, obj):
            return super().restore_view(request, object_id, version_id)

        def restore():
            setattr(request, PROPOSING, True)
            response = super(RevisionAdminMixin, self).restore_view(request, object_id, version_id)
            change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            if response.status_code == 302 and response["Location"] == change_url:
                setattr(request, SAVED, self.model.objects.get(pk=obj.pk))
            return response

        return self.propose(request, obj, restore, from_pending=False)

    def announce_restored(self, request, restored, when):
        if not getattr(request, PROPOSING, False):
            super().announce_restored(request, restored, when)

    def propose(self, request, obj, view, *, from_pending):
        """Run the admin's ``view`` in a transaction rolled back afterwards; keep what it saved as a revision."""
        entry = revisable(obj)
        base = snapshot.take(entry, obj)
        pending = latest_pending(obj) if from_pending else None
        outdated = pending is not None and pending.base != base
        if outdated:
            # Made from a version a publisher has since changed: going on from it would quietly undo
            # that change in the next revision. The form starts from the published version instead.
            pending = None
        if request.method == "GET":
            self.tell_editor(request, obj, pending, outdated)
        setattr(request, PROPOSING, True)
        with transaction.atomic():
            if pending is not None:
                snapshot.apply(entry, obj, pending.data)
            response = view()
            if hasattr(response, "render"):
                response.render()  # the form shows the pending state: render before rolling back
            saved = getattr(request, SAVED, None)
            data = snapshot.take(entry, saved) if saved is not None else None
            transaction.set_rollback(True)
        if saved is None:
            return response
        revision, replaced = record_proposal(obj, base=base, data=data, user=request.user)
        if revision is None:
            self.message_user(
                request, _("Đã lưu thành công “%(object)s”: không có thay đổi mới để gửi duyệt.") % {"object": obj},
                messages.SUCCESS,
            )  # fmt: skip
            return response
        self.log_change(request, obj, _("Gửi bản thay đổi #%(number)s để duyệt.") % {"number": revision.pk})
        self.message_user(
            request,
            _("Đã gửi thành công thay đổi của “%(object)s” để duyệt (bản #%(number)s). Bạn đọc vẫn thấy bản đã "
              "xuất bản cho đến khi người có quyền xuất bản duyệt.") % {"object": obj, "number": revision.pk},
            messages.SUCCESS,
        )  # fmt: skip
        for old in replaced:
            self.message_user(
                request,
                _("Bản chờ duyệt #%(old)s gửi lúc %(time)s đã được thay bằng bản #%(number)s.")
                % {"old": old.pk, "time": when(old.proposed_at), "number": revision.pk},
                messages.INFO,
            )
        return response

    def response_change(self, request, obj):
        if not getattr(request, PROPOSING, False):
            return super().response_change(request, obj)
        setattr(request, SAVED, obj)
        if "_continue" in request.POST:
            return HttpResponseRedirect(request.get_full_path())
        if "_addanother" in request.POST:
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        return self.response_post_save_change(request, obj)

    def tell_editor(self, request, obj, pending, outdated=False):
        if outdated:
            self.message_user(
                request,
                _("Nội dung đã được người xuất bản thay đổi sau khi bản chờ duyệt gần nhất được gửi: trang này hiện "
                  "bản đang xuất bản. Hãy sửa lại trên bản này; bản lưu mới sẽ thay bản chờ duyệt cũ."),
                messages.WARNING,
            )  # fmt: skip
            return
        if pending is not None:
            self.message_user(
                request,
                _("Trang này hiện bản thay đổi chờ duyệt #%(number)s (%(who)s gửi lúc %(time)s). Bạn đọc vẫn thấy "
                  "bản đã xuất bản cho đến khi bản này được duyệt.")
                % {"number": pending.pk, "who": pending.proposed_by or "—", "time": when(pending.proposed_at)},
                messages.INFO,
            )  # fmt: skip
            return
        last = Revision.objects.of(obj).filter(proposed_by=request.user).order_by("-proposed_at", "-pk").first()
        if last is not None and last.status == Revision.Status.SENT_BACK:
            self.message_user(
                request,
                format_html(
                    _("Bản thay đổi #{} bạn gửi lúc {} đã bị {} trả lại: “{}”. Trang này hiện bản đang xuất bản."),
                    last.pk, when(last.proposed_at), last.decided_by or "—", last.comment,
                ),
                messages.WARNING,
            )  # fmt: skip

    def tell_publisher(self, request, obj):
        if revisable(obj) is None or not can_publish(request.user, obj):
            return
        pending = latest_pending(obj)
        if pending is not None:
            self.message_user(
                request,
                format_html(
                    _("Có bản thay đổi chờ duyệt #{} ({} gửi lúc {}): <a href=\"{}\">xem khác biệt và duyệt</a>."),
                    pending.pk, pending.proposed_by or "—", when(pending.proposed_at), review_url(pending),
                ),
                messages.INFO,
            )  # fmt: skip
