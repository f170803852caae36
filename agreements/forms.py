from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import YEAR_VALIDATORS, Commitment, Programme
from organizations.forms import LookupChoiceField, RegionChoiceField
from organizations.models import Organization


class OrganizationChoiceField(LookupChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ProgrammeFilterForm(forms.Form):
    """The GET filters of the programme list. Invalid values are reported and ignored, never fatal."""

    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Tất cả")), *Programme.Status.choices],
        error_messages={"invalid_choice": _("Tình trạng “%(value)s” không có; hãy chọn trong danh sách.")},
    )
    year = forms.IntegerField(
        label=_("Có hiệu lực trong năm"),
        required=False,
        validators=YEAR_VALIDATORS,
        widget=forms.NumberInput(attrs={"placeholder": _("ví dụ 2024"), "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Năm phải là một số có bốn chữ số, ví dụ 2024."),
            "min_value": _("Năm phải từ %(limit_value)s trở về sau."),
            "max_value": _("Năm phải từ %(limit_value)s trở về trước."),
        },
    )
    region = RegionChoiceField(label=_("Địa bàn"), required=False)
    organization = OrganizationChoiceField(
        label=_("Tổ chức tham gia"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("Tất cả tổ chức"),
        error_messages={"invalid_choice": _("Không tìm thấy tổ chức này trong các chương trình.")},
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations

    def filter(self, programmes, *, today):
        """``programmes`` narrowed by every filter that is valid; invalid ones are left out."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("status"):
            programmes = programmes.with_status(data["status"], today=today)
        if data.get("year"):
            programmes = programmes.in_force_in(data["year"])
        if data.get("region"):
            programmes = programmes.in_region(data["region"])
        if data.get("organization"):
            programmes = programmes.involving(data["organization"])
        return programmes

    @property
    def is_filtering(self):
        return any(getattr(self, "cleaned_data", {}).get(name) for name in self.fields)

    @property
    def error_messages_list(self):
        return [message for errors in self.errors.values() for message in errors]


class CommitmentForm(forms.ModelForm):
    """A commitment row of the programme page: the number may be left empty (the next one is given,
    see ``agreements.admin.CommitmentFormSet``) and the title is typed in a box that shows it whole."""

    class Meta:
        model = Commitment
        fields = ["number", "title", "description", "responsible"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Để trống để lấy số tiếp theo.")

    def clean_title(self):
        # The box wraps long titles; a line break typed in it is not part of the title.
        return " ".join(self.cleaned_data["title"].split())

    def has_changed(self):
        # A new row whose only value is the number proposed for it was not filled in.
        if self.instance.pk is None:
            return any(name != "number" for name in self.changed_data)
        return super().has_changed()
