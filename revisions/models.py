from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Revision.Status.PENDING)

    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Revision(models.Model):
    """A change an editor proposed to published content, kept apart until a publisher decides.

    ``base`` is the published object (with its parts) the change was made from, ``data`` the object
    as the editor saved it; both are snapshots (revisions/snapshot.py). When the published object no
    longer equals ``base``, someone changed it meanwhile: the revision is conflicting and cannot be
    published over that change."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã xuất bản")
        SENT_BACK = "sent_back", _("Trả lại")
        SUPERSEDED = "superseded", _("Đã thay thế")

    content_type = models.ForeignKey(ContentType, verbose_name=_("loại nội dung"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("mã nội dung"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("nội dung"), max_length=300)
    status = models.CharField(_("tình trạng"), max_length=20, choices=Status.choices, default=Status.PENDING)
    base = models.JSONField(_("bản đã xuất bản khi đề xuất"), encoder=DjangoJSONEncoder)
    data = models.JSONField(_("bản đề xuất"), encoder=DjangoJSONEncoder)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề xuất"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposed_revisions",
    )
    proposed_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_revisions",
    )
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    comment = models.TextField(_("nhận xét của người duyệt"), blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("được thay bằng"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("bản thay đổi chờ duyệt")
        verbose_name_plural = _("bản thay đổi chờ duyệt")
        indexes = [models.Index(fields=["content_type", "object_id", "status"], name="revision_object_status")]

    def __str__(self):
        return _("Bản #%(number)s của “%(object)s”") % {"number": self.pk, "object": self.object_repr}

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def kind_name(self):
        return self.model._meta.verbose_name

    def live_object(self):
        return self.model.objects.filter(pk=self.object_id).first()
