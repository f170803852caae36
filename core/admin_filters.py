"""Admin list filters and the date hierarchy take any value in the address bar.

Staff follow links the admin made, but an address can be edited, bookmarked from an older version or
pasted with a typo. A filter value the admin cannot use is ignored (custom filters) or sends the
reader back to the whole list (Django's own filters and the date hierarchy, through
``IncorrectLookupParameters``), never a 500.
"""

import datetime

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.utils import timezone

# The largest primary key either database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1
DIGITS = frozenset("0123456789")


def whole_number(value, *, maximum):
    """``value`` as an int when it is written in ASCII digits (``str.isdigit`` also accepts "²")
    and is at most ``maximum``; otherwise None."""
    if not value or not DIGITS.issuperset(value) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if number <= maximum else None


def check_date_hierarchy(params, field):
    """Raise ``IncorrectLookupParameters`` unless the date hierarchy's year/month/day in ``params``
    give a period Django can bound and the database can compare.

    Django turns them into a ``[start, end)`` range, but only a ValueError from building the start
    date is caught there: a year past 9998, or one that overflows a C long, escaped as a 500.
    """
    year = params.get(f"{field}__year")
    if year is None:
        return
    month = params.get(f"{field}__month")
    day = params.get(f"{field}__day")
    try:
        start = datetime.datetime(int(year), int(month if month is not None else 1), int(day if day is not None else 1))
        if day is not None:
            end = start + datetime.timedelta(days=1)
        elif month is not None:
            end = (start + datetime.timedelta(days=32)).replace(day=1)
        else:
            end = start.replace(year=start.year + 1)
        for moment in (start, end):
            # The databases store UTC: a local time on 1 January of year 1 falls before it.
            timezone.make_aware(moment).astimezone(datetime.UTC)
    except (ValueError, OverflowError) as error:
        raise IncorrectLookupParameters(error) from error


class CheckedDateHierarchyChangeList(ChangeList):
    def get_filters(self, request):
        if self.date_hierarchy:
            check_date_hierarchy(request.GET, self.date_hierarchy)
        return super().get_filters(request)


class CheckedDateHierarchyMixin:
    """For every ModelAdmin with a ``date_hierarchy``: an impossible year, month or day in the address
    shows the whole list again instead of a 500."""

    def get_changelist(self, request, **kwargs):
        return CheckedDateHierarchyChangeList
