"""Vietnamese dates as the portals write them: "Thứ ba, 26/03/2019 15:08" (local time)."""

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def vi_weekday_datetime(value):
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}"


def vi_long_date(value):
    """ "ngày 26 tháng 3 năm 2019", the administrative form."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


register.filter("vi_weekday_datetime", vi_weekday_datetime)
register.filter("vi_long_date", vi_long_date)
