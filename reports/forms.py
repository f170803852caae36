"""What staff choose for a report: the period (a year, a half-year or two dates), a region, a kind of partner."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, Region
from reports.periods import Period

FIRST_YEAR, LAST_YEAR = 1945, 2100


class PeriodKind:
    YEAR = "nam"
    HALF = "6-thang"
    DATES = "khoang"
    CHOICES = [(YEAR, _("Một năm")), (HALF, _("Sáu tháng")), (DATES, _("Từ ngày … đến ngày …"))]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=PeriodKind.CHOICES, initial=PeriodKind.HALF, widget=forms.RadioSelect
    )
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm không được sau %(limit_value)s."),
            "invalid": _("Năm phải là một số, ví dụ 2026."),
        },
    )
    half = forms.TypedChoiceField(
        label=_("Nửa năm"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(1, _("6 tháng đầu năm")), (2, _("6 tháng cuối năm"))],
    )
    start = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày bắt đầu không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.")},
    )
    end = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày kết thúc không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.")},
    )
    region = forms.ModelChoiceField(
        label=_("Địa bàn"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Tất cả địa bàn"),
        error_messages={"invalid_choice": _("Địa bàn đã chọn không còn; hãy chọn lại.")},
    )
    partner_kind = forms.ChoiceField(
        label=_("Loại đối tác"),
        choices=[("", _("Tất cả các loại")), *list(Organization.Kind.choices)],
        required=False,
        error_messages={"invalid_choice": _("Loại đối tác không hợp lệ; hãy chọn trong danh sách.")},
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (PeriodKind.YEAR, PeriodKind.HALF) and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Hãy nhập năm báo cáo, ví dụ 2026."))
        if kind == PeriodKind.HALF and data.get("half") is None and "half" not in self.errors:
            self.add_error("half", _("Hãy chọn 6 tháng đầu năm hay 6 tháng cuối năm."))
        if kind == PeriodKind.DATES:
            start, end = data.get("start"), data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", _("Hãy nhập ngày bắt đầu kỳ báo cáo."))
            if end is None and "end" not in self.errors:
                self.add_error("end", _("Hãy nhập ngày kết thúc kỳ báo cáo."))
            if start and end and end < start:
                self.add_error(
                    "end",
                    _("Ngày kết thúc (%(end)s) không được trước ngày bắt đầu (%(start)s).")
                    % {
                        "end": f"{end:%d/%m/%Y}",
                        "start": f"{start:%d/%m/%Y}",
                    },
                )
            for name in ("start", "end"):
                value = data.get(name)
                if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
                    self.add_error(
                        name,
                        _("Ngày phải trong khoảng năm %(first)s – %(last)s.")
                        % {
                            "first": FIRST_YEAR,
                            "last": LAST_YEAR,
                        },
                    )
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        if data["kind"] == PeriodKind.YEAR:
            return Period.year(data["year"])
        if data["kind"] == PeriodKind.HALF:
            return Period.half_year(data["year"], data["half"])
        return Period.from_dates(data["start"], data["end"])

    def filters(self) -> dict:
        return {"region": self.cleaned_data.get("region"), "partner_kind": self.cleaned_data.get("partner_kind") or ""}


def default_year(today: datetime.date) -> int:
    return today.year
