"""A report as the writers see it: letterhead, title, sections of paragraphs and tables, recipients
and signature. The period report and the per-programme report both fill one; the HTML page, the
DOCX and the XLSX writers each render it, so the three always say the same thing."""

import dataclasses
import datetime

from django.utils.translation import gettext as _

from core.templatetags.vi_dates import vi_long_date
from organizations.models import Organization

DEFAULT_ORGANIZATION = "Hội Khuyến học"
# A page lists this many rows of a table; the DOCX and XLSX always hold every row. A table of the
# 3,000-programme bench data has 5,700 rows: on the page they would cost seconds and read as noise.
PAGE_ROW_LIMIT = 500


@dataclasses.dataclass
class Table:
    key: str  # a short name, also the XLSX sheet's name
    title: str
    columns: list[str]
    rows: list[list] = dataclasses.field(default_factory=list)
    empty_text: str = ""
    widths: list[float] = dataclasses.field(default_factory=list)  # relative column widths

    @property
    def page_rows(self) -> list[list]:
        return self.rows[:PAGE_ROW_LIMIT]

    @property
    def rows_not_on_page(self) -> int:
        return max(len(self.rows) - PAGE_ROW_LIMIT, 0)


@dataclasses.dataclass
class Chart:
    title: str
    svg: str  # drawn on the server (reports/charts.py), already safe to insert


@dataclasses.dataclass
class Section:
    heading: str
    paragraphs: list[str] = dataclasses.field(default_factory=list)
    tables: list[Table] = dataclasses.field(default_factory=list)
    charts: list[Chart] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Letterhead:
    """What Decree 30/2020/NĐ-CP puts above a report: who issues it, its number, where and when."""

    organization: str
    managing_body: str
    abbreviation: str
    place: str
    issued_on: datetime.date

    @classmethod
    def of_host(cls, issued_on: datetime.date) -> "Letterhead":
        host = Organization.objects.select_related("region").filter(is_host=True).first()
        if host is None:
            return cls(DEFAULT_ORGANIZATION, "", "HKH", "", issued_on)
        return cls(
            organization=host.name,
            managing_body=host.managing_body,
            abbreviation=host.abbreviation or "HKH",
            place=host.region.name if host.region_id else "",
            issued_on=issued_on,
        )

    @property
    def number_line(self) -> str:
        return _("Số: …/BC-%(abbreviation)s") % {"abbreviation": self.abbreviation}

    @property
    def place_and_date(self) -> str:
        """ "Hải Phòng, ngày 05 tháng 12 năm 2026" (Decree 30 writes days below 10 with a leading zero)."""
        date = vi_long_date(self.issued_on)
        return f"{self.place}, {date}" if self.place else date[:1].upper() + date[1:]


NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclasses.dataclass
class Document:
    letterhead: Letterhead
    title: str  # "BÁO CÁO"
    subject: str  # the line under the title
    sections: list[Section]
    notice: str = ""  # e.g. the period held no data
    recipients: list[str] = dataclasses.field(default_factory=list)
    signer_capacity: str = "TM. BAN THƯỜNG VỤ"
    signer_title: str = "CHỦ TỊCH"
    filename: str = "bao-cao"

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def default_recipients() -> list[str]:
    return [_("Ban Thường vụ Hội;"), _("Các bên phối hợp;"), _("Lưu: VT.")]
