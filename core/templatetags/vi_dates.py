"""The portal's two ways of writing a date, used by every template that shows one.

On screen, as the portals write it: ``vi_date`` gives "Thứ ba, 26/03/2019" for a date and
"Thứ ba, 26/03/2019 15:08" for a moment (in Việt Nam's time). On paper, the administrative form:
``vi_long_date`` gives "ngày 26 tháng 3 năm 2019" ("15:08, ngày 26 tháng 3 năm 2019" with "time").
Machine-readable dates (``<time datetime>``, meta tags) keep Django's ``|date:'c'``.
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def local_time(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def vi_date(value, precision=""):
    """ "Thứ ba, 26/03/2019", and for a moment its time: "15:08", "15:08:42" given "seconds", none given "date"."""
    if not value:
        return ""
    local = local_time(value)
    text = f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y}"
    if isinstance(local, datetime.datetime) and precision != "date":
        text += f" {local:%H:%M:%S}" if precision == "seconds" else f" {local:%H:%M}"
    return text


@register.filter
def vi_long_date(value, precision=""):
    """ "ngày 26 tháng 3 năm 2019", preceded by the time ("15:08, ngày …") given "time" for a moment.

    Decree 30/2020/NĐ-CP on administrative documents writes a day below 10 and the months 1 and 2
    with a leading zero (so that nobody can add a digit in front), every other month without one.
    """
    if not value:
        return ""
    local = local_time(value)
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    text = f"ngày {local.day:02d} tháng {month} năm {local.year}"
    if precision == "time" and isinstance(local, datetime.datetime):
        text = f"{local:%H:%M}, {text}"
    return text


# The earlier name of ``vi_date`` for moments; templates written before the two styles were joined
# keep working.
register.filter("vi_weekday_datetime", vi_date)
