"""Proposing, publishing and sending back revisions."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.public_content import announce_change
from revisions import snapshot
from revisions.models import Revision
from revisions.registry import can_publish, revisable


def latest_pending(obj):
    return Revision.objects.of(obj).pending().order_by("-proposed_at", "-pk").first()


def record_proposal(obj, *, base, data, user):
    """Keep ``data`` as a pending revision of ``obj``, unless it changes nothing. A newer revision
    replaces an older pending one, which says so. Returns (revision or None, replaced revisions)."""
    pending = latest_pending(obj)
    if data == (pending.data if pending else base):
        return None, []
    with transaction.atomic():
        older = list(Revision.objects.of(obj).pending().select_for_update())
        revision = Revision.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            object_repr=str(obj)[:300],
            base=base,
            data=data,
            proposed_by=user,
        )
        Revision.objects.filter(pk__in=[r.pk for r in older]).update(
            status=Revision.Status.SUPERSEDED, superseded_by=revision, decided_at=timezone.now()
        )
    return revision, older


def is_conflicting(revision) -> bool:
    """The published object changed since the revision was made from it (or is gone)."""
    obj = revision.live_object()
    if obj is None:
        return True
    return snapshot.take(revisable(obj), obj) != revision.base


def check_can_decide(revision, user):
    if not can_publish(user, revision.model):
        raise PermissionDenied(_("Bạn không có quyền xuất bản nội dung này."))
    if revision.status != Revision.Status.PENDING:
        raise ValidationError(
            _("Bản này không còn chờ duyệt (tình trạng: %(status)s).") % {"status": revision.get_status_display()}
        )


def publish(revision, user):
    """Write the revision over the published object in one transaction: all of it or nothing.

    The history of the object and of each part written names the publisher (the request's user)
    and, in its reason, who proposed the change and who approved it."""
    check_can_decide(revision, user)
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        check_can_decide(revision, user)
        obj = revision.model.objects.select_for_update().filter(pk=revision.object_id).first()
        if obj is None or snapshot.take(revisable(obj), obj) != revision.base:
            raise ValidationError(
                _("Nội dung đã được thay đổi sau khi bản này được gửi; xuất bản sẽ ghi đè thay đổi mới hơn. "
                  "Hãy trả lại để người biên tập sửa trên bản hiện hành.")
            )  # fmt: skip
        written = snapshot.apply(revisable(obj), obj, revision.data)
        reason = _("Xuất bản bản chờ duyệt #%(number)s: %(proposer)s đề xuất, %(approver)s duyệt") % {
            "number": revision.pk,
            "proposer": name_of(revision.proposed_by),
            "approver": name_of(user),
        }
        for instance in written:
            record = instance.history.order_by("-history_date", "-history_id").first()
            if record is not None:
                record.history_change_reason = reason[:100]
                record.save(update_fields=["history_change_reason"])
        revision.status = Revision.Status.PUBLISHED
        revision.decided_by = user
        revision.decided_at = timezone.now()
        revision.object_repr = str(obj.__class__.objects.get(pk=obj.pk))[:300]
        revision.save()
        announce_change()
    return revision


def send_back(revision, user, comment):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Hãy viết nhận xét cho người biên tập: vì sao trả lại và cần sửa gì."))
    check_can_decide(revision, user)
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        check_can_decide(revision, user)
        revision.status = Revision.Status.SENT_BACK
        revision.decided_by = user
        revision.decided_at = timezone.now()
        revision.comment = comment
        revision.save()
    return revision


def name_of(user):
    if user is None:
        return _("(tài khoản đã xoá)")
    return user.get_full_name() or user.get_username()
