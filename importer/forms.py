"""The forms of "Nhập từ bài viết": the paste form, and the review forms where staff correct what the rules
read before anything is written (``ImportForms``: the article and programme fields, the parties, the
signatories).

A party has two shapes: what the rules read (``rules.PartyProposal``) and what is saved (a ``PartyForm``'s
cleaned data, from which ``ImportForms.is_valid`` makes the organization and the party). There is one
validation, for the wizard and the command line alike: the fields of these forms, then the models' own
``full_clean`` on what they describe, its errors put on the fields they concern."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from agreements.models import Party, Programme
from importer import review as review_marks
from importer import rules, services
from news.models import Article, Category
from organizations.models import Organization


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

    # The key of the reading kept server-side (importer.sessions): the confirmation writes what was reviewed.
    session = forms.CharField(widget=forms.HiddenInput, required=False)

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
    start_year = forms.IntegerField(label=_("Năm bắt đầu"), required=False)
    end_year = forms.IntegerField(label=_("Năm kết thúc"), required=False)
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
            self.add_error("programme_title", _("Chương trình phối hợp cần có tên: hãy nhập tên chương trình."))
        if cleaned.get("start_year") is None and "start_year" not in self.errors:
            self.add_error(
                "start_year", _("Chương trình phối hợp cần có năm bắt đầu. Hãy nhập năm bắt đầu của giai đoạn.")
            )
        # The order of the years and of the signing is the programme's own rule (Programme.clean), checked
        # by ImportForms.is_valid on the programme these fields make.
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

    @staticmethod
    def initial_from(proposal: rules.PartyProposal, organization: Organization | None) -> dict:
        """The row a party read from the text starts as: the directory's organization when it is known."""
        return {
            "name": proposal.name,
            "organization": organization.pk if organization else None,
            "new_name": "" if organization else (proposal.suggested_name or proposal.name)[:255],
            "new_kind": proposal.kind if proposal.kind in Organization.Kind.values else Organization.Kind.OTHER,
            "role": proposal.role if proposal.role in Party.Role.values else Party.Role.PARTNER,
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization") and not (cleaned.get("new_name") or "").strip():
            raise ValidationError(_("Hãy chọn một tổ chức có sẵn hoặc nhập tên tổ chức mới."))
        return cleaned

    def organization_to_save(self) -> Organization:
        """The organization chosen, or a new (unsaved) one named in the row."""
        if self.cleaned_data.get("organization"):
            return self.cleaned_data["organization"]
        name = self.cleaned_data["new_name"].strip()
        return Organization(name=name, kind=self.cleaned_data["new_kind"], level=rules.guess_level(name))


class BasePartyFormSet(forms.BaseFormSet):
    def live_forms(self):
        """Rows that become parties: the proposed ones and any filled-in new row, minus those removed."""
        return [
            f
            for f in self.forms
            if (f in self.initial_forms or f.has_changed()) and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.live_forms():
            organization = form.cleaned_data.get("organization")
            key = organization.pk if organization else (form.cleaned_data.get("new_name") or "").strip().casefold()
            if key in seen:
                form.add_error(
                    "organization",
                    _("Tổ chức này đã là một bên của chương trình. Hãy chọn tổ chức khác: mỗi tổ chức chỉ là một bên."),
                )
            seen.add(key)


PartyFormSet = formset_factory(PartyForm, formset=BasePartyFormSet, extra=1, can_delete=True)


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position = forms.CharField(label=_("Chức vụ"), max_length=200)
    party = forms.TypedChoiceField(
        label=_("Thay mặt bên"),
        coerce=int,
        empty_value=None,
        choices=(),
        error_messages={"invalid_choice": _("Người ký phải thay mặt một trong các bên tham gia.")},
    )

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
            if (f in self.initial_forms or f.has_changed()) and f.cleaned_data and not f.cleaned_data.get("DELETE")
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


ARTICLE_FIELDS = {name: name for name in ("title", "lead", "byline", "source_name", "source_url", "published_at")}
PROGRAMME_FIELDS = {
    "title": "programme_title",
    "start_year": "start_year",
    "end_year": "end_year",
    "signing_date": "signing_date",
    "venue": "venue",
}
ORGANIZATION_FIELDS = {"name": "new_name", "kind": "new_kind"}


def add_model_errors(form: forms.Form, error: ValidationError, fields: dict[str, str]) -> None:
    """Put a model's ``full_clean`` errors on the form fields they concern (the others above the form)."""
    for model_field, messages in getattr(error, "message_dict", {None: error.messages}).items():
        field = fields.get(model_field)
        if field in form.fields and field in form.errors:
            continue  # the form already says what is wrong there, in its own words
        form.add_error(field if field in form.fields else None, messages)


class ImportForms:
    """The review page's forms: the article and programme fields, the parties and the signatories.

    ``proposed`` fills them with what the rules read; ``submitted`` takes them back from the browser;
    ``is_valid`` is the one validation, after which ``article``, ``programme``, ``parties`` (organization,
    role) and ``signatories`` (name, position, index into ``parties``) are ready to save."""

    def __init__(self, review: ReviewForm, parties, signatories):
        self.review, self.parties, self.signatories = review, parties, signatories
        self.article: Article | None = None
        self.programme: Programme | None = None
        self.party_rows: list[tuple[Organization, str]] = []
        self.signatory_rows: list[tuple[str, str, int]] = []

    @classmethod
    def submitted(cls, data) -> ImportForms:
        return cls(
            ReviewForm(data),
            PartyFormSet(data, prefix="ben"),
            SignatoryFormSet(data, prefix="nguoiky", form_kwargs={"party_choices": party_choices(data, [])}),
        )

    @classmethod
    def proposed(
        cls,
        extraction: rules.Extraction,
        *,
        session: str = "",
        source_url: str = "",
        category: Category | None = None,
        start_year_from_published: bool = False,
    ) -> ImportForms:
        """The forms as the rules read the page. ``start_year_from_published``: without a period in the
        text, the year of publication (the command line's choice; the review leaves it for staff)."""
        if category is None:
            category = Category.objects.order_by("order", "name").first()
        published = extraction.published.value
        initial = {
            "session": session,
            "title": (extraction.title.value or services.provisional_title(extraction))[:300],
            "published_at": review_marks.shown_published(published),
            "byline": extraction.author.value[:120],
            "source_name": extraction.source.value[:200],
            "source_url": source_url,
            "lead": extraction.lead.value,
            "category": category.pk if category else None,
            "create_programme": extraction.programme is not None,
        }
        party_initial, signatory_initial = [], []
        proposal = extraction.programme
        if proposal is not None:
            start = proposal.period_start_year.value
            if start is None and start_year_from_published and published:
                start = published.year
            initial |= {
                "programme_title": (proposal.proposed_title or proposal.title.value)[:300],
                "start_year": start,
                "end_year": proposal.period_end_year.value,
                "signing_date": review_marks.shown_date(proposal.signing_date.value),
                "venue": proposal.venue.value[:255],
                "commitments": "\n".join(c.value for c in proposal.commitments),
            }
            known = Organization.objects.in_bulk([p.organization_pk for p in proposal.parties if p.organization_pk])
            party_initial = [PartyForm.initial_from(p, known.get(p.organization_pk)) for p in proposal.parties]
            index = {p.name: i for i, p in enumerate(proposal.parties)}
            signatory_initial = [
                {"name": s.name[:120], "position": s.position[:200], "party": index[s.organization]}
                for s in proposal.signatories
                if s.organization in index
            ]
        return cls(
            ReviewForm(initial=initial),
            PartyFormSet(initial=party_initial, prefix="ben"),
            SignatoryFormSet(
                initial=signatory_initial,
                prefix="nguoiky",
                form_kwargs={"party_choices": party_choices(None, party_initial)},
            ),
        )

    def forms(self) -> list[forms.Form]:
        return [
            self.review,
            self.parties.management_form,
            *self.parties.forms,
            self.signatories.management_form,
            *self.signatories.forms,
        ]

    def as_data(self) -> dict[str, str]:
        """What a browser would post back from these forms unchanged."""
        data = {}
        for form in self.forms():
            for name, field in form.fields.items():
                value = form[name].value()
                if isinstance(field, forms.BooleanField):
                    if value:
                        data[form.add_prefix(name)] = "on"
                    continue
                if isinstance(value, datetime.date):
                    data[form.add_prefix(name)] = field.widget.format_value(value)
                elif value is not None:
                    data[form.add_prefix(name)] = str(value)
        return data

    def error_text(self) -> str:
        """Every error, each after its field's label (for the command line)."""
        lines = []
        for form in self.forms():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                lines += [f"{label}: {e}" if label else str(e) for e in errors]
        lines += [str(e) for e in [*self.parties.non_form_errors(), *self.signatories.non_form_errors()]]
        return " ".join(lines)

    def has_errors(self) -> bool:
        return any(form.errors for form in self.forms())

    def is_valid(self, user=None) -> bool:
        """The one validation: the fields, then the models' ``full_clean``. With ``user``, also what that
        person may create. Errors stay on the forms, for the review page to show again."""
        self.article, self.programme, self.party_rows, self.signatory_rows = None, None, [], []
        if not self.review.is_valid():
            return False
        data = self.review.cleaned_data
        self.article = Article(**{name: data[name] for name in ARTICLE_FIELDS}, category=data["category"])
        self._full_clean(self.review, self.article, ARTICLE_FIELDS, exclude=["slug", "body", "category"])
        if data["create_programme"] and self._programme_valid(user):
            live = self._parties_valid(user)
            if live:
                self._signatories_valid(live)
        return not self.has_errors()

    def _programme_valid(self, user) -> bool:
        if user is not None and not user.has_perm("agreements.add_programme"):
            self.review.add_error("create_programme", _("Bạn không có quyền tạo chương trình phối hợp."))
            return False
        data = self.review.cleaned_data
        self.programme = Programme(
            title=data["programme_title"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            signing_date=data["signing_date"],
            venue=data["venue"],
            is_published=False,
        )
        self._full_clean(self.review, self.programme, PROGRAMME_FIELDS, exclude=["slug"])
        return True

    def _parties_valid(self, user) -> list:
        """The party rows kept, each with the organization it saves as; empty when they hold errors."""
        if not self.parties.is_valid():
            return []
        live = self.parties.live_forms()
        if not live:
            self.review.add_error(None, _("Chương trình phải có ít nhất một bên tham gia."))
            return []
        may_add = user is None or user.has_perm("organizations.add_organization")
        for form in live:
            organization = form.organization_to_save()
            if organization.pk is None and not may_add:
                form.add_error("organization", _("Bạn không có quyền thêm tổ chức mới; hãy chọn tổ chức có sẵn."))
                return []
            if organization.pk is None:
                self._full_clean(form, organization, ORGANIZATION_FIELDS, exclude=["slug"])
            self.party_rows.append((organization, form.cleaned_data["role"]))
        return live

    def _signatories_valid(self, live) -> None:
        position = {self.parties.forms.index(f): i for i, f in enumerate(live)}
        self.signatories.live_party_indexes = set(position)
        if self.signatories.is_valid():
            self.signatory_rows = [
                (f.cleaned_data["name"], f.cleaned_data["position"], position[f.cleaned_data["party"]])
                for f in self.signatories.live_forms()
            ]

    @staticmethod
    def _full_clean(form, instance, fields, *, exclude):
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            add_model_errors(form, exc, fields)
