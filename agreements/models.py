import datetime

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.printable import PrintableProgramme
from core.models import NormalizedModel, TimestampedModel
from core.stable_urls import stable_url
from core.text import slugify_vi, unique_slug
from core.uploads import UploadPath, validate_pdf_upload
from organizations.models import Organization

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


def local_today() -> datetime.date:
    return timezone.localdate()


class ProgrammeQuerySet(models.QuerySet):
    """Status is derived from the period and today's date, never stored."""

    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Staff preview unpublished programmes; everybody else sees published ones."""
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def upcoming(self, today=None):
        year = (today or local_today()).year
        return self.filter(start_year__gt=year)

    def expired(self, today=None):
        year = (today or local_today()).year
        return self.filter(end_year__lt=year)

    def active(self, today=None):
        year = (today or local_today()).year
        return self.filter(Q(start_year__lte=year), Q(end_year__isnull=True) | Q(end_year__gte=year))

    def with_status(self, status, today=None):
        method = {
            Programme.Status.UPCOMING: self.upcoming,
            Programme.Status.ACTIVE: self.active,
            Programme.Status.EXPIRED: self.expired,
        }[status]
        return method(today=today)

    def in_force_in(self, year):
        return self.filter(Q(start_year__lte=year), Q(end_year__isnull=True) | Q(end_year__gte=year))

    def ending_within(self, days, today=None):
        """Programmes whose period ends (31 December of the end year) between today and ``days`` from now."""
        today = today or local_today()
        horizon = today + datetime.timedelta(days=days)
        last_year = horizon.year if horizon >= datetime.date(horizon.year, 12, 31) else horizon.year - 1
        return self.filter(end_year__gte=today.year, end_year__lte=last_year)

    def without_final_review(self):
        return self.exclude(reviews__kind=Review.Kind.FINAL)

    def midterm_review_due(self, days, today=None):
        """Programmes still running whose sơ kết falls within ``days`` from today, or has passed, and has
        not been held (nor a tổng kết instead); soonest first, each with ``midterm_due_on`` set. The due
        date may be the middle of the period, so the last step is done on the candidates in Python."""
        today = today or local_today()
        horizon = today + datetime.timedelta(days=days)
        candidates = (
            self.filter(Q(end_year__isnull=True) | Q(end_year__gte=today.year))
            .filter(
                Q(midterm_review_on__lte=horizon)
                | Q(midterm_review_on__isnull=True, end_year__isnull=False, start_year__lte=horizon.year)
            )
            .exclude(reviews__kind__in=[Review.Kind.MIDTERM, Review.Kind.FINAL])
        )
        due = []
        for programme in candidates:
            programme.midterm_due_on = programme.midterm_review_date()
            if programme.midterm_due_on <= horizon:
                due.append(programme)
        return sorted(due, key=lambda programme: (programme.midterm_due_on, programme.title))

    def involving(self, organization):
        """Programmes in which ``organization`` is a party (an organization is a party once per programme)."""
        return self.filter(parties__organization=organization)

    def in_region(self, region):
        """Programmes with at least one party from ``region``, each listed once."""
        return self.filter(
            models.Exists(Party.objects.filter(programme=models.OuterRef("pk"), organization__region=region))
        )

    def for_listing(self):
        """What a list of programmes shows: the parties in their order, with their organizations."""
        return self.prefetch_related(
            models.Prefetch("parties", queryset=Party.objects.select_related("organization").order_by("order", "pk"))
        )


class Programme(PrintableProgramme, TimestampedModel):
    class Status(models.TextChoices):
        UPCOMING = "sap_dien_ra", _("Sắp hiệu lực")
        ACTIVE = "dang_hieu_luc", _("Đang hiệu lực")
        EXPIRED = "het_hieu_luc", _("Đã hết hiệu lực")

    title = models.CharField(
        _("tên chương trình"),
        max_length=300,
        help_text=_("Tên đầy đủ như trên văn bản, ví dụ: Chương trình phối hợp hoạt động về công tác khuyến học..."),
    )
    slug = models.SlugField(
        _("đường dẫn"), max_length=200, unique=True, help_text=_("Tự sinh từ tên, không dấu; dùng trong địa chỉ trang.")
    )
    reference_number = models.CharField(
        _("số hiệu văn bản"), max_length=60, blank=True, help_text=_("Ví dụ: 05/CTPH-HKH-TĐ. Để trống nếu chưa có.")
    )
    signing_date = models.DateField(_("ngày ký"), null=True, blank=True)
    venue = models.CharField(_("địa điểm ký"), max_length=255, blank=True, help_text=_("Ví dụ: Trường THPT Ngô Quyền."))
    start_year = models.PositiveSmallIntegerField(
        _("năm bắt đầu"), validators=YEAR_VALIDATORS, help_text=_("Năm đầu của giai đoạn, ví dụ 2019.")
    )
    end_year = models.PositiveSmallIntegerField(
        _("năm kết thúc"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Năm cuối của giai đoạn, ví dụ 2022. Để trống nếu chương trình không có thời hạn."),
    )
    midterm_review_on = models.DateField(
        _("ngày sơ kết dự kiến"),
        null=True,
        blank=True,
        help_text=_("Để trống: sơ kết vào giữa giai đoạn."),
    )
    summary = models.TextField(_("tóm tắt"), blank=True, help_text=_("Vài câu giới thiệu chương trình cho bạn đọc."))
    objectives = models.TextField(_("mục tiêu"), blank=True)
    document = models.FileField(
        _("văn bản ký kết (PDF)"),
        upload_to=UploadPath("programmes"),
        blank=True,
        validators=[
            FileExtensionValidator(
                ["pdf"], message=_("Không nhận tệp “%(value)s”: văn bản ký kết phải là tệp PDF, đuôi .pdf.")
            ),
            validate_pdf_upload,
        ],
        help_text=_("Bản quét văn bản đã ký, định dạng PDF, tối đa 20 MB."),
    )
    is_published = models.BooleanField(
        _("đã công bố"), default=False, help_text=_("Chỉ người có quyền xuất bản mới công bố được.")
    )
    organizations = models.ManyToManyField(
        Organization, through="Party", related_name="programmes", verbose_name=_("các bên tham gia")
    )

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("lịch sử chương trình"))

    class Meta:
        ordering = ["-start_year", "-signing_date", "title"]
        verbose_name = _("chương trình phối hợp")
        verbose_name_plural = _("chương trình phối hợp")
        permissions = [("publish_programme", _("Có thể công bố chương trình phối hợp"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="programme_period_end_not_before_start",
                violation_error_message=_("Năm kết thúc không được trước năm bắt đầu."),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "start_year", "end_year"]),
            models.Index(fields=["-start_year", "-signing_date", "title"], name="programme_default_order"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.title))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return stable_url("agreements:programme-detail", pk=self.pk, slug=self.slug)

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Năm kết thúc không được trước năm bắt đầu.")})
        if self.signing_date and self.end_year and self.signing_date.year > self.end_year:
            raise ValidationError({"signing_date": _("Ngày ký phải trước khi giai đoạn kết thúc.")})

    def status(self, today=None):
        year = (today or local_today()).year
        if self.start_year > year:
            return self.Status.UPCOMING
        if self.end_year is not None and self.end_year < year:
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    def get_status_display(self):
        return self.status().label

    @property
    def period_display(self):
        if self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return _("từ %(year)s") % {"year": self.start_year}

    @property
    def end_date(self):
        return datetime.date(self.end_year, 12, 31) if self.end_year else None

    def covers_year(self, year) -> bool:
        """Whether ``year`` lies in the programme's period (an open period has no last year)."""
        return self.start_year <= year and (self.end_year is None or year <= self.end_year)

    def midterm_review_date(self):
        """When the sơ kết is due: the date the programme sets, else the middle of its period (None for
        an open period without a date of its own)."""
        if self.midterm_review_on:
            return self.midterm_review_on
        if not self.end_year:
            return None
        # The first day of the middle month: 1 January 2025 for 2023–2026, 1 July 2023 for 2021–2025.
        months_to_middle = (self.end_year - self.start_year + 1) * 12 // 2
        return datetime.date(self.start_year + months_to_middle // 12, months_to_middle % 12 + 1, 1)


class Party(models.Model):
    class Role(models.TextChoices):
        LEAD = "chu_tri", _("Chủ trì")
        PARTNER = "phoi_hop", _("Phối hợp")

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="parties"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords(verbose_name=_("lịch sử bên tham gia"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("bên tham gia")
        verbose_name_plural = _("các bên tham gia")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organization"],
                name="party_organization_once_per_programme",
                violation_error_message=_("Tổ chức này đã là một bên của chương trình."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.role_label})"

    @property
    def role_label(self):
        """What ``get_role_display()`` gives, read from the choices by value: Django's method hashes
        every choice's lazy label (a translation each) on every call, several per programme box."""
        return dict(self.Role.choices).get(self.role, self.role)


class Signatory(NormalizedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("họ và tên"), max_length=120, help_text=_("Ví dụ: Nguyễn Văn A."))
    position = models.CharField(_("chức vụ"), max_length=200, help_text=_("Ví dụ: Chủ tịch Hội Khuyến học thành phố."))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("thay mặt tổ chức"),
        on_delete=models.PROTECT,
        related_name="signatories",
        help_text=_("Phải là một trong các bên tham gia chương trình."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords(verbose_name=_("lịch sử người ký"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("người ký")
        verbose_name_plural = _("người ký")

    def __str__(self):
        return f"{self.name} – {self.position}"


class Commitment(NormalizedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="commitments"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"), validators=[MinValueValidator(1)])
    title = models.CharField(_("nội dung phối hợp"), max_length=500)
    description = models.TextField(_("mô tả chi tiết"), blank=True)
    responsible = models.ManyToManyField(
        Organization,
        verbose_name=_("bên thực hiện"),
        blank=True,
        related_name="commitments",
        help_text=_("Để trống nếu tất cả các bên cùng thực hiện."),
    )

    history = HistoricalRecords(verbose_name=_("lịch sử nội dung phối hợp"), m2m_fields=[responsible])

    class Meta:
        ordering = ["number"]
        verbose_name = _("nội dung phối hợp")
        verbose_name_plural = _("nội dung phối hợp")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="commitment_number_unique_per_programme",
                violation_error_message=_("Số thứ tự này đã được dùng cho nội dung khác."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ProgressStatus(models.TextChoices):
    """Where a commitment stands: recorded by progress entries and by the assessments of reviews."""

    NOT_STARTED = "chua_trien_khai", _("Chưa triển khai")
    IN_PROGRESS = "dang_thuc_hien", _("Đang thực hiện")
    DONE = "hoan_thanh", _("Hoàn thành")
    NOT_ACHIEVED = "khong_thuc_hien", _("Không thực hiện được")


class CommitmentProgress(NormalizedModel):
    """What was done on one commitment in one year or half-year, by which party."""

    class Half(models.IntegerChoices):
        FIRST = 1, _("6 tháng đầu năm")
        SECOND = 2, _("6 tháng cuối năm")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("nội dung phối hợp"), on_delete=models.CASCADE, related_name="progress"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    half = models.PositiveSmallIntegerField(
        _("nửa năm"), choices=Half.choices, null=True, blank=True, help_text=_("Để trống nếu ghi cho cả năm.")
    )
    date = models.DateField(_("ngày"), null=True, blank=True, help_text=_("Ngày cụ thể, nếu có."))
    status = models.CharField(_("tình trạng"), max_length=20, choices=ProgressStatus.choices)
    done = models.TextField(_("kết quả thực hiện"), blank=True)
    party = models.ForeignKey(
        Organization,
        verbose_name=_("bên thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.FileField(
        _("tài liệu minh chứng (PDF)"),
        upload_to=UploadPath("progress"),
        blank=True,
        validators=[
            FileExtensionValidator(
                ["pdf"], message=_("Không nhận tệp “%(value)s”: tài liệu minh chứng phải là tệp PDF, đuôi .pdf.")
            ),
            validate_pdf_upload,
        ],
    )
    is_published = models.BooleanField(_("đã công bố"), default=False)

    history = HistoricalRecords(verbose_name=_("lịch sử tiến độ"))

    class Meta:
        ordering = ["commitment", "year", "half", "date", "pk"]
        verbose_name = _("tiến độ thực hiện")
        verbose_name_plural = _("tiến độ thực hiện")

    def __str__(self):
        return f"{self.period_label()}: {self.get_status_display()}"

    def period_label(self) -> str:
        if self.date:
            return self.date.strftime("%d/%m/%Y")
        if self.half:
            return f"{self.get_half_display()} {self.year}"
        return _("Năm %(year)s") % {"year": self.year}

    def clean(self):
        super().clean()
        if self.commitment_id is None:
            return
        programme = self.commitment.programme
        period = {"period": programme.period_display}
        errors = {}
        if self.year and not programme.covers_year(self.year):
            errors["year"] = _(
                "Năm %(year)s nằm ngoài giai đoạn của chương trình (%(period)s). Hãy nhập một năm trong giai đoạn."
            ) % {"year": self.year, **period}
        if self.date and not programme.covers_year(self.date.year):
            errors["date"] = _(
                "Ngày %(date)s nằm ngoài giai đoạn của chương trình (%(period)s). Hãy nhập một ngày trong giai đoạn."
            ) % {"date": self.date.strftime("%d/%m/%Y"), **period}
        elif self.date and self.year and self.date.year != self.year:
            errors["date"] = _("Ngày %(date)s không thuộc năm %(year)s đã nhập. Hãy sửa ngày hoặc năm cho khớp.") % {
                "date": self.date.strftime("%d/%m/%Y"),
                "year": self.year,
            }
        elif self.date and self.half and (self.date.month <= 6) != (self.half == self.Half.FIRST):
            errors["date"] = _("Ngày %(date)s không thuộc “%(half)s” đã chọn. Hãy sửa ngày hoặc nửa năm.") % {
                "date": self.date.strftime("%d/%m/%Y"),
                "half": self.get_half_display(),
            }
        if self.party_id and not programme.parties.filter(organization_id=self.party_id).exists():
            errors["party"] = _(
                "“%(org)s” không phải là bên tham gia của chương trình này. Hãy chọn một trong các bên: %(parties)s."
            ) % {"org": self.party, "parties": ", ".join(str(p.organization) for p in programme.parties.all())}
        if errors:
            raise ValidationError(errors)

    def period_end(self) -> datetime.date:
        """The last day the entry speaks for: its date, or the end of its half-year or year."""
        if self.date:
            return self.date
        if self.half == self.Half.FIRST:
            return datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 12, 31)


class Review(NormalizedModel):
    class Kind(models.TextChoices):
        MIDTERM = "so_ket", _("Sơ kết")
        FINAL = "tong_ket", _("Tổng kết")

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.MIDTERM)
    date = models.DateField(_("ngày"))
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    participants = models.ManyToManyField(Organization, verbose_name=_("các bên tham dự"), blank=True, related_name="+")
    summary = models.TextField(_("kết quả"), blank=True)
    conclusions = models.TextField(_("kết luận"), blank=True)
    next_steps = models.TextField(_("phương hướng tiếp theo"), blank=True)
    report_document = models.FileField(
        _("báo cáo sơ kết / tổng kết (PDF)"),
        upload_to=UploadPath("reviews"),
        blank=True,
        validators=[
            FileExtensionValidator(
                ["pdf"], message=_("Không nhận tệp “%(value)s”: báo cáo phải là tệp PDF, đuôi .pdf.")
            ),
            validate_pdf_upload,
        ],
    )

    history = HistoricalRecords(verbose_name=_("lịch sử sơ kết / tổng kết"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("sơ kết / tổng kết")
        verbose_name_plural = _("sơ kết / tổng kết")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class ReviewAssessment(NormalizedModel):
    """A review's verdict on one commitment: its status and what was said of it at that date."""

    review = models.ForeignKey(
        Review, verbose_name=_("sơ kết / tổng kết"), on_delete=models.CASCADE, related_name="assessments"
    )
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("nội dung phối hợp"), on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField(_("tình trạng"), max_length=20, choices=ProgressStatus.choices)
    text = models.TextField(_("đánh giá"), blank=True)

    class Meta:
        ordering = ["review", "commitment__number", "pk"]
        verbose_name = _("đánh giá từng nội dung")
        verbose_name_plural = _("đánh giá từng nội dung")
        constraints = [
            models.UniqueConstraint(fields=["review", "commitment"], name="one_assessment_per_commitment"),
        ]

    def __str__(self):
        return f"{self.commitment.number}: {self.get_status_display()}"

    def clean(self):
        super().clean()
        if self.review_id and self.commitment_id and self.commitment.programme_id != self.review.programme_id:
            raise ValidationError(
                {"commitment": _("Nội dung phối hợp này thuộc chương trình khác, không phải chương trình được sơ kết.")}
            )
