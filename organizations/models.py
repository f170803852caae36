from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import NormalizedModel, TimestampedModel
from core.renditions import LOGO_WIDTHS, RenditionImageField
from core.stable_urls import stable_url
from core.text import fold, slugify_vi, unique_slug
from core.uploads import UploadPath, validate_image_upload
from organizations.provinces import unit_named

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]
validate_image_extension = FileExtensionValidator(
    IMAGE_EXTENSIONS, message=_("Không nhận tệp “%(value)s”: ảnh phải có đuôi %(allowed_extensions)s.")
)


class Region(NormalizedModel):
    """A province or centrally-run city of today (one of the 34 since July 2025, with its official
    code; see ``organizations.provinces``), or an odd region without a code."""

    name = models.CharField(_("tên địa bàn"), max_length=120, unique=True, help_text=_("Ví dụ: Hải Phòng, Ninh Bình."))
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True, help_text=_("Tự sinh từ tên, không dấu."))
    code = models.PositiveSmallIntegerField(
        _("mã tỉnh/thành"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Mã đơn vị hành chính chính thức (sau sắp xếp 2025). Để trống nếu không phải tỉnh/thành."),
    )
    former_names = models.TextField(
        _("tên cũ"),
        blank=True,
        help_text=_("Mỗi dòng một tỉnh cũ đã nhập vào đây, ví dụ: Hà Nam. Tìm theo tên cũ vẫn ra địa bàn này."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        unit = unit_named(self.name) if self.name else None
        if unit is not None and self.code is None and not Region.objects.filter(code=unit.code).exclude(pk=self.pk):
            return
        if unit is not None and self.code != unit.code:
            if fold(self.name).removeprefix("tinh ").removeprefix("thanh pho ") == fold(unit.name):
                message = _("Đã có địa bàn %(unit)s.") % {"unit": unit.name}
            else:
                message = _("“%(name)s” nay thuộc %(unit)s (sắp xếp từ 1/7/2025): hãy dùng địa bàn %(unit)s.") % {
                    "name": self.name,
                    "unit": unit.name,
                }
            raise ValidationError({"name": message})

    def former_name_list(self):
        return [line.strip() for line in self.former_names.splitlines() if line.strip()]

    def known_names(self):
        """The region's name and its former names: every name that finds it."""
        return [self.name, *self.former_name_list()]

    @property
    def label_with_former_names(self):
        """ "Ninh Bình (gồm Hà Nam, Nam Định)": how filters list it, so either name is found."""
        former = self.former_name_list()
        if not former:
            return self.name
        return _("%(name)s (gồm %(former)s)") % {"name": self.name, "former": ", ".join(former)}

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.name), max_length=140)
        super().save(*args, **kwargs)


class OrganizationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """What ``user`` may see on the public side: staff preview unpublished organizations."""
        return self.all() if user.is_staff else self.published()

    def members(self):
        return self.filter(is_member=True)

    def host(self):
        return self.filter(is_host=True).first()


class Organization(TimestampedModel):
    class Kind(models.TextChoices):
        STUDY_PROMOTION = "khuyen_hoc", _("Hội Khuyến học")
        YOUTH_UNION = "doan_thanh_nien", _("Đoàn Thanh niên")
        WOMEN_UNION = "hoi_phu_nu", _("Hội Liên hiệp Phụ nữ")
        FARMERS_UNION = "hoi_nong_dan", _("Hội Nông dân")
        LABOUR_FEDERATION = "lien_doan_lao_dong", _("Liên đoàn Lao động")
        FATHERLAND_FRONT = "mat_tran", _("Ủy ban Mặt trận Tổ quốc")
        POLICE = "cong_an", _("Công an")
        MILITARY = "quan_su", _("Bộ Chỉ huy Quân sự")
        BORDER_GUARD = "bien_phong", _("Bộ đội Biên phòng")
        EDUCATION = "giao_duc", _("Sở/Phòng Giáo dục và Đào tạo")
        SCHOOL = "truong_hoc", _("Trường học")
        ENTERPRISE = "doanh_nghiep", _("Doanh nghiệp")
        OTHER = "khac", _("Khác")

    class Level(models.TextChoices):
        CENTRAL = "trung_uong", _("Trung ương")
        PROVINCE = "tinh", _("Tỉnh / Thành phố")
        DISTRICT = "huyen", _("Quận / Huyện")
        COMMUNE = "xa", _("Xã / Phường")
        UNIT = "co_so", _("Cơ sở / Đơn vị")

    name = models.CharField(
        _("tên đầy đủ"), max_length=255, help_text=_("Tên chính thức, ví dụ: Hội Khuyến học thành phố Hải Phòng.")
    )
    short_name = models.CharField(
        _("tên ngắn"), max_length=120, blank=True, help_text=_("Tên thường dùng, ví dụ: Thành đoàn Hải Phòng.")
    )
    abbreviation = models.CharField(
        _("viết tắt"), max_length=30, blank=True, help_text=_("Ví dụ: HKH, MTTQ, BCHQS, BĐBP, LĐLĐ.")
    )
    slug = models.SlugField(
        _("đường dẫn"), max_length=200, unique=True, help_text=_("Tự sinh từ tên, không dấu; dùng trong địa chỉ trang.")
    )
    kind = models.CharField(_("loại tổ chức"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices, default=Level.PROVINCE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tổ chức cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Để trống nếu không trực thuộc tổ chức nào trong danh bạ."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )
    logo = RenditionImageField(
        _("biểu trưng (logo)"),
        upload_to=UploadPath("logos"),
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        rendition_widths=LOGO_WIDTHS,
        validators=[validate_image_extension, validate_image_upload],
        help_text=_("Ảnh JPEG, PNG, GIF hoặc WebP, tối đa 10 MB."),
    )
    logo_width = models.PositiveIntegerField(_("chiều rộng logo"), null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(_("chiều cao logo"), null=True, blank=True, editable=False)
    website = models.URLField(_("trang web"), blank=True)
    fanpage = models.URLField(_("fanpage"), blank=True, help_text=_("Địa chỉ trang mạng xã hội chính thức."))
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=60, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        help_text=_("Mỗi dòng một tên mà báo chí hay dùng, ví dụ: Hội KH thành phố."),
    )
    is_member = models.BooleanField(
        _("là hội viên / thành viên"), default=False, help_text=_("Hiện trong danh sách tổ chức thành viên.")
    )
    is_published = models.BooleanField(
        _("công bố"),
        default=False,
        help_text=_(
            "Chỉ tổ chức đã công bố mới hiện trong danh bạ, tìm kiếm và trang chủ. Tổ chức mới (kể cả do "
            "“Nhập từ bài viết” tạo) chưa công bố cho đến khi người có quyền xuất bản duyệt."
        ),
    )
    is_host = models.BooleanField(
        _("là cơ quan chủ quản cổng"),
        default=False,
        help_text=_("Chỉ một tổ chức: tên, liên hệ, giấy phép và fanpage của tổ chức này hiện ở đầu và chân trang."),
    )
    managing_body = models.CharField(
        _("cơ quan chủ quản"), max_length=255, blank=True, help_text=_("Chỉ dùng cho tổ chức chủ quản cổng.")
    )
    content_responsible = models.CharField(
        _("người chịu trách nhiệm nội dung"),
        max_length=255,
        blank=True,
        help_text=_("Chỉ dùng cho tổ chức chủ quản cổng."),
    )
    licence = models.CharField(
        _("giấy phép"), max_length=255, blank=True, help_text=_("Dòng giấy phép hiện ở chân trang (tổ chức chủ quản).")
    )

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("lịch sử tổ chức"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        permissions = [
            ("publish_organization", _("Có thể công bố hoặc ngừng công bố tổ chức")),
            ("change_host_organization", _("Có thể sửa đầu trang, liên hệ, giấy phép và fanpage của cơ quan chủ quản")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["is_host"],
                condition=Q(is_host=True),
                name="organization_single_host",
                violation_error_message=_("Đã có một tổ chức là cơ quan chủ quản cổng."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "region"]), models.Index(fields=["is_member", "name"])]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.short_name or self.name))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return stable_url("organizations:organization-detail", pk=self.pk, slug=self.slug)

    @property
    def display_name(self):
        return self.short_name or self.name

    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def known_names(self):
        """Every name this organization goes by, for matching press text."""
        names = [self.name, self.short_name, self.abbreviation, *self.alias_list()]
        return [n for n in names if n]
