"""Readers' forms: a comment under an article and a message to the editorial board.

Both carry a honeypot: a field people never see (hidden by CSS, skipped by keyboard and screen
readers) that form-filling bots do fill. A filled honeypot is answered like a success and
nothing is stored, so the bot learns nothing."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from news.models import Comment, Feedback

HONEYPOT_FIELD = "website"
PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


class TelInput(forms.TextInput):
    """A phone number field: phones open their number pad, browsers offer the reader's number."""

    input_type = "tel"


# Browsers and assistive tools fill in the reader's own name, e-mail and phone (WCAG 1.3.5).
NAME_INPUT = forms.TextInput(attrs={"autocomplete": "name"})
EMAIL_INPUT = forms.EmailInput(attrs={"autocomplete": "email"})


class HoneypotFormMixin(forms.Form):
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    def honeypot(self):
        return Div(Field(HONEYPOT_FIELD), css_class="kp-honeypot", aria_hidden="true")


def required_message(what):
    return {"required": _("Vui lòng nhập %(what)s.") % {"what": what}}


class CommentForm(HoneypotFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        labels = {
            "name": _("Họ và tên"),
            "email": _("Thư điện tử (không bắt buộc)"),
            "body": _("Ý kiến của bạn"),
        }
        widgets = {"name": NAME_INPUT, "email": EMAIL_INPUT, "body": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": required_message(_("họ và tên")),
            "email": {"invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn.")},
            "body": {
                **required_message(_("nội dung bình luận")),
                "max_length": _("Bình luận dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> holds the one token
        self.helper.layout = Layout("name", "email", "body", self.honeypot(), Submit("submit", _("Gửi bình luận")))

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 5:
            raise forms.ValidationError(_("Bình luận quá ngắn, hãy viết ít nhất 5 ký tự."))
        return body


class FeedbackForm(HoneypotFormMixin, forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["name", "email", "phone", "subject", "message"]
        labels = {
            "name": _("Họ và tên"),
            "email": _("Thư điện tử"),
            "phone": _("Điện thoại"),
            "subject": _("Tiêu đề"),
            "message": _("Nội dung"),
        }
        widgets = {
            "name": NAME_INPUT,
            "email": EMAIL_INPUT,
            "phone": TelInput(attrs={"autocomplete": "tel"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"email": _("Để lại thư điện tử hoặc số điện thoại để ban biên tập trả lời bạn.")}
        error_messages = {
            "name": required_message(_("họ và tên")),
            "email": {"invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn.")},
            "subject": required_message(_("tiêu đề")),
            "message": {
                **required_message(_("nội dung")),
                "max_length": _("Nội dung dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> holds the one token
        self.helper.layout = Layout(
            "name",
            Div(Div("email", css_class="col-md-7"), Div("phone", css_class="col-md-5"), css_class="row"),
            "subject",
            "message",
            self.honeypot(),
            Submit("submit", _("Gửi ban biên tập")),
        )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Số điện thoại chỉ gồm chữ số (8 đến 20 ký tự), ví dụ: 0225 3842 123."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("email"):
            if not self.has_error("phone"):
                self.add_error("email", _("Hãy điền thư điện tử hoặc số điện thoại."))
        return cleaned
