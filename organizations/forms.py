from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.text import slugify_vi
from organizations.models import Organization, Region


class LookupChoiceField(forms.ModelChoiceField):
    """A filter's model choice: whatever is wrong with the value (even a NUL byte, whose built-in
    message has no Vietnamese translation), the visitor reads the field's own "not found" message."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class RegionChoiceField(LookupChoiceField):
    """A region by its slug; the slug of a former province ("ha-nam", in addresses made before the
    2025 merger) chooses the region it belongs to today."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("Tất cả địa bàn"))
        kwargs.setdefault("error_messages", {"invalid_choice": _("Không tìm thấy địa bàn này.")})
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            slug = slugify_vi(str(value))
            if slug:
                for region in self.queryset.exclude(former_names=""):
                    if slug in {slugify_vi(name) for name in region.former_name_list()}:
                        return region
            raise


class OrganizationFilterForm(forms.Form):
    """The GET filters of the directory. Invalid values are reported and ignored, never fatal."""

    kind = forms.ChoiceField(
        label=_("Loại tổ chức"),
        required=False,
        choices=[("", _("Tất cả các loại")), *Organization.Kind.choices],
        error_messages={"invalid_choice": _("Loại tổ chức “%(value)s” không có; hãy chọn trong danh sách.")},
    )
    region = RegionChoiceField(label=_("Địa bàn"), required=False)

    def filter(self, organizations):
        """``organizations`` narrowed by every filter that is valid; invalid ones are left out."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("kind"):
            organizations = organizations.filter(kind=data["kind"])
        if data.get("region"):
            organizations = organizations.filter(region=data["region"])
        return organizations

    @property
    def error_messages_list(self):
        return [message for errors in self.errors.values() for message in errors]
