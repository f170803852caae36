from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import CommitmentProgress, Programme, Review
from core.fulltext import SearchDocument, SearchTextField
from core.models import NormalizedModel, TimestampedModel
from core.renditions import RenditionImageField
from core.stable_urls import stable_url
from core.text import slugify_vi, unique_slug
from core.uploads import UploadPath, validate_image_upload
from news.fields import SanitizedHTMLField
from news.printable import PrintableArticle
from organizations.models import Organization, validate_image_extension

# A source is linked from the public page: only web addresses, never javascript:, data: or ftp:.
# (A code of its own: the model field would replace an "invalid" error by URLField's generic message.)
validate_source_url = URLValidator(
    schemes=["http", "https"],
    message=_("Nhập địa chỉ trang web đầy đủ, bắt đầu bằng http:// hoặc https://."),
    code="not_web_address",
)


class Category(NormalizedModel):
    name = models.CharField(_("tên chuyên mục"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True, help_text=_("Tự sinh từ tên, không dấu."))
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.name), max_length=140)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return stable_url("news:category", slug=self.slug)


class ArticleQuerySet(models.QuerySet):
    """The publication window, written once: published status and a publication time that has come."""

    def published(self, now=None):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def for_page(self):
        """What an article page reads: the folded copies kept for search (the whole text again and
        its tsvector, most of a row) stay in the database."""
        return self.defer(*Article.SEARCH_COLUMNS)

    def for_list(self):
        """What a list, a feed or a box of links reads: no body and no search copies either."""
        return self.defer("body", *Article.SEARCH_COLUMNS)

    def visible_to(self, user, now=None):
        """Staff preview every article; everybody else sees the published ones."""
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.published(now=now)

    def next_publication_time(self, now=None):
        """When the next scheduled article becomes public (None if nothing is scheduled)."""
        return self.scheduled(now=now).order_by("published_at").values_list("published_at", flat=True).first()


ALT_HELP = _(
    "Điều người không xem được ảnh cần biết: ai, đang làm gì, ở đâu. Không lặp lại chú thích "
    "(chú thích vẫn hiện dưới ảnh). Bắt buộc trước khi xuất bản, trừ khi đánh dấu ô bên dưới."
)
DECORATIVE_HELP = _("Đánh dấu khi ảnh chỉ để trang trí, hoặc khi chú thích dưới ảnh đã nói đủ điều ảnh cho thấy.")


def alt_missing_error(what):
    return _(
        "Hãy viết mô tả cho %(what)s trước khi xuất bản (người khiếm thị nghe mô tả này thay cho ảnh), "
        "hoặc đánh dấu ô “không cần mô tả” nếu ảnh chỉ để trang trí hay chú thích đã nói đủ."
    ) % {"what": what}


class Article(PrintableArticle, TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Xuất bản")

    class State(models.TextChoices):
        """What a reader sees, derived from status and publication time."""

        DRAFT = "draft", _("Bản nháp")
        SCHEDULED = "scheduled", _("Hẹn giờ xuất bản")
        PUBLISHED = "published", _("Đã xuất bản")

    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=200,
        unique=True,
        help_text=_("Tự sinh từ tiêu đề, không dấu; dùng trong địa chỉ trang."),
    )
    lead = models.TextField(_("sapo"), blank=True, help_text=_("Đoạn mở đầu in đậm, một đến ba câu."))
    body = SanitizedHTMLField(_("nội dung"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục"), on_delete=models.PROTECT, related_name="articles"
    )
    cover_image = RenditionImageField(
        _("ảnh đại diện"),
        upload_to=UploadPath("articles"),
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        validators=[validate_image_extension, validate_image_upload],
        help_text=_("Ảnh JPEG, PNG, GIF hoặc WebP, tối đa 10 MB."),
    )
    # Recorded when the picture is saved (core.renditions): pages size pictures without opening files.
    cover_width = models.PositiveIntegerField(_("chiều rộng ảnh đại diện"), null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(_("chiều cao ảnh đại diện"), null=True, blank=True, editable=False)
    cover_caption = models.CharField(_("chú thích ảnh đại diện"), max_length=300, blank=True)
    cover_alt = models.CharField(
        _("mô tả ảnh đại diện (cho người không xem được ảnh)"), max_length=300, blank=True, help_text=ALT_HELP
    )
    cover_decorative = models.BooleanField(_("ảnh đại diện không cần mô tả"), default=False, help_text=DECORATIVE_HELP)
    byline = models.CharField(_("tác giả"), max_length=120, blank=True, help_text=_("Ví dụ: Hoàng Tùng."))
    source_name = models.CharField(_("nguồn"), max_length=200, blank=True, help_text=_("Ví dụ: haiphong.gov.vn."))
    source_url = models.URLField(
        _("địa chỉ nguồn"),
        max_length=500,
        blank=True,
        validators=[validate_source_url],
        help_text=_("Địa chỉ bài gốc, bắt đầu bằng http:// hoặc https://."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Bài “Xuất bản” hiện với bạn đọc từ thời điểm xuất bản; đặt thời điểm trong tương lai để hẹn giờ."),
    )
    published_at = models.DateTimeField(
        _("thời điểm xuất bản"), null=True, blank=True, help_text=_("Giờ Việt Nam. Bắt buộc khi xuất bản.")
    )
    is_featured = models.BooleanField(_("tin nổi bật"), default=False, help_text=_("Hiện ở vị trí lớn trên trang chủ."))
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("chương trình liên quan"), blank=True, related_name="articles"
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("tổ chức được nhắc đến"), blank=True, related_name="articles"
    )
    review = models.ForeignKey(
        Review,
        verbose_name=_("đưa tin về đợt sơ kết / tổng kết"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    SEARCH_COLUMNS = ("search_title", "search_text", "search_vector")
    search_title = SearchTextField(_("tiêu đề không dấu (tìm kiếm)"), sources=["title"])
    search_text = SearchTextField(_("toàn văn không dấu (tìm kiếm)"), sources=["title", "lead", "body", "byline"])
    search_vector = models.GeneratedField(
        expression=SearchDocument(F("search_text")),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("chỉ mục tìm kiếm"),
    )

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("lịch sử bài viết"),
        m2m_fields=[programmes, organizations],
        # Derived from the other fields on every save: nothing to keep in the history.
        excluded_fields=["search_title", "search_text", "search_vector"],
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        permissions = [("publish_article", _("Có thể xuất bản bài viết"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("Bài xuất bản phải có thời điểm xuất bản."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_order"),
            models.Index(fields=["category", "status", "-published_at", "-id"], name="article_category_order"),
            models.Index(fields=["is_featured", "status", "-published_at"], name="article_featured"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.title))
        update_fields = kwargs.get("update_fields")
        if update_fields:
            # A partial save of searchable fields refreshes their folded copies too.
            kwargs["update_fields"] = {*update_fields, "search_title", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return stable_url("news:article-detail", pk=self.pk, slug=self.slug)

    def get_comment_url(self):
        """The page of the comment form (never cached: it holds the reader's CSRF token)."""
        return stable_url("news:article-comment", pk=self.pk, slug=self.slug)

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            raise ValidationError(
                {"published_at": _("Hãy nhập thời điểm xuất bản (có thể là bây giờ hoặc một lúc sau).")}
            )
        if (
            self.status == self.Status.PUBLISHED
            and self.cover_image
            and not self.cover_alt_text
            and not self.cover_decorative
        ):
            raise ValidationError({"cover_alt": alt_missing_error(_("ảnh đại diện"))})

    @property
    def cover_alt_text(self):
        """The cover's alt attribute: empty for a decorative picture or one its caption describes."""
        return "" if self.cover_decorative else self.cover_alt.strip()

    def state(self, now=None):
        if self.status == self.Status.DRAFT or self.published_at is None:
            return self.State.DRAFT
        if self.published_at > (now or timezone.now()):
            return self.State.SCHEDULED
        return self.State.PUBLISHED

    def is_public(self, now=None):
        return self.state(now) == self.State.PUBLISHED

    @property
    def safe_source_url(self):
        """The source address if it may be a link (http or https), else "": templates link this, never
        ``source_url``, which may hold anything that reached the database without the form's validation."""
        try:
            validate_source_url(self.source_url)
        except ValidationError:
            return ""
        return self.source_url


class ArticleImage(NormalizedModel):
    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="images")
    image = RenditionImageField(
        _("ảnh"),
        upload_to=UploadPath("articles"),
        width_field="width",
        height_field="height",
        validators=[validate_image_extension, validate_image_upload],
        help_text=_("Ảnh JPEG, PNG, GIF hoặc WebP, tối đa 10 MB."),
    )
    width = models.PositiveIntegerField(_("chiều rộng"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("chiều cao"), null=True, blank=True, editable=False)
    caption = models.CharField(
        _("chú thích"), max_length=300, blank=True, help_text=_("Hiện dưới ảnh, ví dụ: Đại biểu dự hội nghị.")
    )
    alt = models.CharField(
        _("mô tả ảnh (cho người không xem được ảnh)"), max_length=300, blank=True, help_text=ALT_HELP
    )
    is_decorative = models.BooleanField(_("không cần mô tả"), default=False, help_text=DECORATIVE_HELP)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords(verbose_name=_("lịch sử ảnh trong bài"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("ảnh trong bài")
        verbose_name_plural = _("ảnh trong bài")

    def __str__(self):
        return self.caption or self.image.name

    def clean(self):
        super().clean()
        try:
            article = self.article  # the admin's unsaved parent, with the status being saved
        except Article.DoesNotExist:
            article = None
        if (
            article is not None
            and article.status == Article.Status.PUBLISHED
            and self.image
            and not self.alt_text
            and not self.is_decorative
        ):
            raise ValidationError({"alt": alt_missing_error(_("ảnh trong bài"))})

    @property
    def alt_text(self):
        """The picture's alt attribute: empty for a decorative picture or one its caption describes."""
        return "" if self.is_decorative else self.alt.strip()


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_approved=True)

    def awaiting_approval(self):
        return self.filter(is_approved=False)


class Comment(NormalizedModel):
    """A reader's comment ("Bình luận"), shown under the article once staff approve it."""

    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("họ và tên"), max_length=100)
    email = models.EmailField(
        _("thư điện tử"), blank=True, help_text=_("Không hiện trên trang; để ban biên tập liên hệ.")
    )
    body = models.TextField(_("nội dung"), max_length=3000)
    is_approved = models.BooleanField(
        _("đã duyệt"), default=False, help_text=_("Chỉ bình luận đã duyệt mới hiện dưới bài viết.")
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        permissions = [("approve_comment", _("Có thể duyệt hoặc bỏ duyệt bình luận của bạn đọc"))]
        indexes = [models.Index(fields=["article", "is_approved", "created_at"], name="comment_article_approved")]

    def __str__(self):
        return f"{self.name}: {self.body[:60]}"


class Feedback(NormalizedModel):
    """A message to the editorial board ("Gửi ban biên tập"), read and handled in the admin."""

    name = models.CharField(_("họ và tên"), max_length=100)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    message = models.TextField(_("nội dung"), max_length=5000)
    is_handled = models.BooleanField(
        _("đã xử lý"), default=False, help_text=_("Đánh dấu khi ban biên tập đã xem và trả lời.")
    )
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("góp ý gửi ban biên tập")
        verbose_name_plural = _("góp ý gửi ban biên tập")

    def __str__(self):
        return self.subject


class ProgressEvidence(models.Model):
    """An article of this portal that shows a progress entry of a commitment was carried out.

    It lives in news, not in agreements: agreements never names news. The progress entry's admin
    page edits these rows (news.admin registers that page with their inline)."""

    progress = models.ForeignKey(
        CommitmentProgress, verbose_name=_("tiến độ thực hiện"), on_delete=models.CASCADE, related_name="evidence"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="progress_evidence"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bài viết minh chứng")
        verbose_name_plural = _("bài viết minh chứng")
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "article"],
                name="evidence_article_once_per_progress",
                violation_error_message=_("Bài viết này đã được gắn làm minh chứng cho mục tiến độ."),
            ),
        ]

    def __str__(self):
        return str(self.article)

    def clean(self):
        super().clean()
        if self.article_id and not Article.objects.published().filter(pk=self.article_id).exists():
            raise ValidationError(
                {
                    "article": _(
                        "Bài “%(title)s” chưa được đăng trên cổng: chỉ bài viết đã xuất bản của cổng thông tin "
                        "mới làm minh chứng được. Hãy xuất bản bài trước hoặc chọn bài khác."
                    )
                    % {"title": self.article}
                }
            )
