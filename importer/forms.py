"""The two forms of "Nhập từ bài viết": the paste form, and the review form where staff correct what the
rules read before anything is written."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from agreements.models import Party
from importer import services
from news.models import Category
from organizations.models import Organization

YEAR_BOUNDS = [MinValueValidator(1945), MaxValueValidator(2100)]


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung bài viết"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100, "class": "vLargeTextField importer-paste"}),
        help_text=_(
            "Mở bài trên trình duyệt, chọn tất cả (Ctrl+A), sao chép rồi dán vào đây: tiêu đề, ngày đăng, nội dung, "
            "tác giả, nguồn. Phần thừa của trang (Print, QR Code, Tin khác…) sẽ được bỏ đi."
        ),
    )
    upload = forms.FileField(
        label=_("hoặc tải lên tệp"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
        help_text=_("Tệp .txt hoặc .html, tối đa 1 MB."),
    )
    source_url = forms.CharField(
        label=_("Địa chỉ bài gốc"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"class": "vURLField", "placeholder": "https://"}),
        help_text=_("Không bắt buộc. Ví dụ: https://haiphong.gov.vn/..."),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload and upload.size > services.MAX_INPUT_BYTES:
            raise ValidationError(services.TOO_LARGE)
        if not upload and not (cleaned.get("text") or "").strip():
            raise ValidationError(services.EMPTY)
        return cleaned

    def prepare(self) -> services.PreparedImport:
        """Check and read the input; raises ``services.ImportRejected``."""
        upload = self.cleaned_data.get("upload")
        source_url = self.cleaned_data.get("source_url", "")
        if upload:
            return services.prepare_import(data=upload.read(), filename=upload.name, source_url=source_url)
        return services.prepare_import(text=self.cleaned_data["text"], source_url=source_url)


class ReviewForm(forms.Form):
    """The article and programme fields as the rules read them, for staff to correct."""

    # The page as pasted travels with the form, so the confirmation reads exactly what was reviewed.
    payload = forms.CharField(widget=forms.HiddenInput, strip=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)

    title = forms.CharField(label=_("Tiêu đề"), max_length=300, widget=forms.TextInput(attrs={"class": "vTextField"}))
    published_at = forms.DateTimeField(
        label=_("Thời điểm đăng bài gốc"),
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y"],
        widget=forms.DateTimeInput(
            attrs={"class": "vDateField importer-date", "placeholder": "dd/mm/yyyy hh:mm", "inputmode": "numeric"},
            format="%d/%m/%Y %H:%M",
        ),
        help_text=_(
            "Dạng dd/mm/yyyy, thêm giờ hh:mm nếu bài ghi giờ. Bài vẫn là bản nháp; người có quyền xuất bản "
            "sẽ đặt thời điểm xuất bản."
        ),
        error_messages={"invalid": _("Hãy nhập ngày dạng dd/mm/yyyy, có thể kèm giờ hh:mm (ví dụ 05/10/2023 20:48).")},
    )
    byline = forms.CharField(label=_("Tác giả"), max_length=120, required=False)
    source_name = forms.CharField(label=_("Nguồn"), max_length=200, required=False)
    source_url = forms.URLField(
        label=_("Địa chỉ bài gốc"), max_length=500, required=False, assume_scheme="https", widget=forms.URLInput
    )
    lead = forms.CharField(label=_("Sapo"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 90}))
    category = forms.ModelChoiceField(
        label=_("Chuyên mục"),
        queryset=Category.objects.order_by("order", "name"),
        required=False,
        help_text=_("Để trống: chuyên mục đầu tiên, hoặc “Tin hoạt động” nếu chưa có chuyên mục nào."),
    )

    create_programme = forms.BooleanField(
        label=_("Tạo chương trình phối hợp (bản nháp)"),
        required=False,
        help_text=_("Chỉ đánh dấu khi bài đưa tin một lễ ký kết."),
    )
    programme_title = forms.CharField(
        label=_("Tên chương trình"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    start_year = forms.IntegerField(label=_("Năm bắt đầu"), required=False, validators=YEAR_BOUNDS)
    end_year = forms.IntegerField(label=_("Năm kết thúc"), required=False, validators=YEAR_BOUNDS)
    signing_date = forms.DateField(
        label=_("Ngày ký"),
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(
            attrs={"class": "vDateField importer-date", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"},
            format="%d/%m/%Y",
        ),
        help_text=_("Dạng dd/mm/yyyy."),
        error_messages={"invalid": _("Hãy nhập ngày ký dạng dd/mm/yyyy (ví dụ 06/07/2018).")},
    )
    venue = forms.CharField(label=_("Địa điểm ký"), max_length=255, required=False)
    commitments = forms.CharField(
        label=_("Nội dung phối hợp"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 90}),
        help_text=_("Mỗi dòng một nội dung; thứ tự các dòng là số thứ tự."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("create_programme"):
            return cleaned
        if not (cleaned.get("programme_title") or "").strip():
            self.add_error("programme_title", _("Hãy nhập tên chương trình."))
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start is None and "start_year" not in self.errors:
            self.add_error("start_year", _("Hãy nhập năm bắt đầu của giai đoạn."))
        if start and end and end < start:
            self.add_error("end_year", _("Năm kết thúc không được trước năm bắt đầu."))
        signed = cleaned.get("signing_date")
        if signed and end and signed.year > end:
            self.add_error("signing_date", _("Ngày ký phải trước khi giai đoạn kết thúc."))
        return cleaned

    def commitment_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("commitments", "").splitlines() if line.strip()]


class PartyForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput, required=False)
    organization = forms.ModelChoiceField(
        label=_("Tổ chức có sẵn"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("— tạo tổ chức mới —"),
    )
    new_name = forms.CharField(label=_("Tên tổ chức mới"), max_length=255, required=False)
    new_kind = forms.ChoiceField(label=_("Loại"), choices=Organization.Kind.choices, initial=Organization.Kind.OTHER)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Party.Role.choices, initial=Party.Role.PARTNER)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization") and not (cleaned.get("new_name") or "").strip():
            raise ValidationError(_("Hãy chọn một tổ chức có sẵn hoặc nhập tên tổ chức mới."))
        return cleaned

    def label(self) -> str:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        organization = data.get("organization")
        return str(organization) if organization else data.get("new_name") or data.get("name") or ""


class BasePartyFormSet(forms.BaseFormSet):
    def live_forms(self):
        """Rows that become parties: the proposed ones and any filled-in new row, minus those removed."""
        return [
            f
            for f in self.forms
            if (f in self.initial_forms or f.has_changed()) and not self._should_delete_form(f) and f.cleaned_data
        ]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.live_forms():
            organization = form.cleaned_data.get("organization")
            key = organization.pk if organization else (form.cleaned_data.get("new_name") or "").strip().casefold()
            if key in seen:
                form.add_error("organization", _("Tổ chức này đã là một bên của chương trình."))
            seen.add(key)


PartyFormSet = formset_factory(PartyForm, formset=BasePartyFormSet, extra=1, can_delete=True)


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position = forms.CharField(label=_("Chức vụ"), max_length=200)
    party = forms.TypedChoiceField(label=_("Thay mặt bên"), coerce=int, empty_value=None, choices=())

    def __init__(self, *args, party_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # An empty first choice keeps an untouched extra row unchanged, so it is not validated.
        self.fields["party"].choices = [("", _("— chọn bên —")), *party_choices]


class BaseSignatoryFormSet(forms.BaseFormSet):
    live_party_indexes: set[int] | None = None

    def live_forms(self):
        return [
            f
            for f in self.forms
            if (f in self.initial_forms or f.has_changed()) and not self._should_delete_form(f) and f.cleaned_data
        ]

    def clean(self):
        if any(self.errors) or self.live_party_indexes is None:
            return
        for form in self.live_forms():
            if form.cleaned_data.get("party") not in self.live_party_indexes:
                form.add_error("party", _("Người ký phải thay mặt một trong các bên tham gia còn giữ lại."))


SignatoryFormSet = formset_factory(SignatoryForm, formset=BaseSignatoryFormSet, extra=1, can_delete=True)


def party_choices(data, initial: list[dict]) -> list[tuple[int, str]]:
    """Choices for "Thay mặt bên": one per party row, named as the row is currently filled in."""
    prefix = "ben"
    if data is not None:
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        total = min(total, 100)
        labels = []
        for i in range(total):
            name = data.get(f"{prefix}-{i}-name") or data.get(f"{prefix}-{i}-new_name") or ""
            labels.append((i, name or _("Bên thứ %(n)s") % {"n": i + 1}))
        return labels
    return [(i, row.get("name") or row.get("new_name")) for i, row in enumerate(initial)] + [
        (len(initial), _("Bên thêm mới (dòng cuối)"))
    ]
