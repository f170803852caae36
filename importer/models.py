import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Programme
from news.models import Article


class ImportRecord(models.Model):
    """One article imported from a pasted page: its content fingerprint and the drafts it produced.

    The fingerprint is unique, so importing the same article again creates nothing new. Deleting the
    draft article deletes the record, which lets staff import the article afresh."""

    fingerprint = models.CharField(
        _("dấu vân tay nội dung"),
        max_length=64,
        unique=True,
        help_text=_("Mã SHA-256 của tiêu đề và các đoạn văn đã chuẩn hóa; cùng một bài cho cùng một mã."),
    )
    title = models.CharField(_("tiêu đề bài gốc"), max_length=300)
    source_url = models.URLField(_("địa chỉ bài gốc"), max_length=500, blank=True)
    article = models.ForeignKey(
        Article, verbose_name=_("bài viết nháp"), on_delete=models.CASCADE, related_name="import_records"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("chương trình nháp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_records",
        help_text=_("Chỉ có khi bài đưa tin một lễ ký kết và người nhập đã xác nhận."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bài đã nhập")
        verbose_name_plural = _("Nhập từ bài viết")

    def __str__(self):
        return self.title


class ImportSession(models.Model):
    """A page read on the paste step, waiting server-side for its review to be confirmed.

    The review form carries only ``key``, a random id; the confirmation loads the reading from here and
    writes what was reviewed without reading the page again. A row belongs to the person who pasted, and
    is refused after ``LIFETIME`` (rows that old are deleted whenever someone pastes)."""

    LIFETIME = datetime.timedelta(hours=24)

    key = models.CharField(_("mã phiên"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dán"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("đọc lúc"), auto_now_add=True, db_index=True)
    extraction = models.JSONField(
        _("điều cổng đọc được"),
        help_text=_("Những gì cổng đọc được từ bài (tiêu đề, ngày, các bên, người ký…), dạng JSON."),
    )
    warnings = models.JSONField(_("lưu ý"), default=list, blank=True)

    class Meta:
        verbose_name = _("phiên nhập đang kiểm tra")
        verbose_name_plural = _("phiên nhập đang kiểm tra")

    def __str__(self):
        return self.key
