"""The period a report covers: a year, a half-year or two dates, with its Vietnamese name."""

import dataclasses
import datetime

from django.utils.translation import gettext as _


@dataclasses.dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str  # "năm 2026", "6 tháng đầu năm 2026", "từ ngày 01/02/2026 đến ngày 15/3/2026"

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), _("năm %(year)s") % {"year": year})

    @classmethod
    def half_year(cls, year: int, half: int) -> "Period":
        if half == 1:
            return cls(
                datetime.date(year, 1, 1), datetime.date(year, 6, 30), _("6 tháng đầu năm %(year)s") % {"year": year}
            )
        return cls(
            datetime.date(year, 7, 1), datetime.date(year, 12, 31), _("6 tháng cuối năm %(year)s") % {"year": year}
        )

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> "Period":
        label = _("từ ngày %(start)s đến ngày %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
        return cls(start, end, label)

    @classmethod
    def from_dates(cls, start: datetime.date, end: datetime.date) -> "Period":
        """The named period when the two dates are exactly a year or a half-year, else ``between``."""
        if start.year == end.year and (start.month, start.day) == (1, 1):
            if (end.month, end.day) == (12, 31):
                return cls.year(start.year)
            if (end.month, end.day) == (6, 30):
                return cls.half_year(start.year, 1)
        if start.year == end.year and (start.month, start.day, end.month, end.day) == (7, 1, 12, 31):
            return cls.half_year(start.year, 2)
        return cls.between(start, end)

    @property
    def twelve_months_later(self) -> datetime.date:
        """The end of the "ending within the next twelve months" window."""
        try:
            return self.end.replace(year=self.end.year + 1)
        except ValueError:  # 29 February
            return self.end.replace(year=self.end.year + 1, day=28)
