"""The half-year and year reports from known data: every count and table, the filters, the charts,
an empty period, and a commitment's status at a date."""

import datetime

import pytest

from agreements.models import ProgressStatus
from organizations.models import Organization
from reports import period_document
from reports.commitment_status import status_at
from reports.periods import Period
from tests.reports.known_data import HALF_YEAR, ISSUED_ON, TITLES, YEAR, essential, expected_tables

pytestmark = pytest.mark.django_db


def tables_of(document):
    return {table.key: table.rows for table in document.tables()}


@pytest.mark.parametrize(
    ("period", "expected"),
    [(Period.half_year(2026, 1), HALF_YEAR), (Period.year(2026), YEAR)],
    ids=["half-year", "year"],
)
def test_every_count_and_table_is_what_a_person_counts(known, period, expected):
    document = period_document.build(period, issued_on=ISSUED_ON)

    assert essential(tables_of(document)) == expected_tables(expected)
    assert document.notice == ""


def test_the_labels_name_the_period_and_the_date_of_the_statuses(known):
    half = period_document.build(Period.half_year(2026, 1), issued_on=ISSUED_ON)
    assert half.subject == "Kết quả thực hiện các chương trình phối hợp 6 tháng đầu năm 2026"
    titles = [table.title for table in half.tables()]
    assert "Bảng 7. Tình trạng các nội dung phối hợp đến ngày 30/06/2026" in titles
    assert "Bảng 5. Chương trình sẽ kết thúc trong 12 tháng tới (đến ngày 30/06/2027)" in titles
    year = period_document.build(Period.year(2026), issued_on=ISSUED_ON)
    assert year.subject == "Kết quả thực hiện các chương trình phối hợp năm 2026"
    assert year.letterhead.place_and_date == "Hải Phòng, ngày 05 tháng 12 năm 2026"
    assert year.letterhead.number_line == "Số: …/BC-HKH"
    assert year.sections[0].paragraphs[1] == (
        "Trong kỳ có 2 chương trình được ký kết, 4 chương trình đang thực hiện, "
        "2 hội nghị sơ kết, tổng kết và 2 bài viết về các chương trình."
    )


def test_a_region_keeps_the_programmes_with_a_party_there(known):
    document = period_document.build(Period.year(2026), region=known["regions"]["ha_nam"], issued_on=ISSUED_ON)
    tables = tables_of(document)
    assert [row[1] for row in tables["Ký kết"]] == [TITLES["E"]]
    assert tables["Đang thực hiện"] == []
    assert "địa bàn Hà Nam" in document.sections[0].paragraphs[0]


def test_a_kind_of_partner_keeps_the_programmes_with_such_a_partner(known):
    document = period_document.build(
        Period.half_year(2026, 1), partner_kind=Organization.Kind.WOMEN_UNION, issued_on=ISSUED_ON
    )
    tables = tables_of(document)
    assert [row[1] for row in tables["Đang thực hiện"]] == sorted([TITLES["B"], TITLES["G"]])
    assert tables["Ký kết"] == []
    assert "đối tác là Hội Liên hiệp Phụ nữ" in document.sections[0].paragraphs[0]


def test_the_signed_per_year_chart_counts_by_kind_of_partner(known):
    document = period_document.build(Period.year(2026), issued_on=ISSUED_ON)
    signed_chart, status_chart = document.sections[0].charts
    svg = signed_chart.svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    # the years 2017–2026, and the numbers in words for screen readers
    assert ">2017</text>" in svg and ">2026</text>" in svg
    assert "2022: 1 (Công an 1)" in svg
    assert "2023: 1 (Hội Liên hiệp Phụ nữ 1)" in svg
    assert "2026: 2 (Đoàn Thanh niên 1; Công an 1)" in svg.replace("1, Công an", "1; Công an")
    assert "2018: 0" in svg
    assert svg.count('<rect x="') == 6 + 3  # six bars of programmes, three kinds in the legend
    assert "Chưa triển khai: 1; Đang thực hiện: 3; Hoàn thành: 4; Không thực hiện được: 0" in status_chart.svg


def test_an_empty_period_says_so_in_vietnamese(known):
    document = period_document.build(Period.year(2010), issued_on=ISSUED_ON)
    assert document.notice.startswith("Kỳ báo cáo năm 2010 không có số liệu")
    assert all(not rows for key, rows in tables_of(document).items() if key != "Tổng hợp")
    assert [row[2] for row in tables_of(document)["Tổng hợp"]] == [0] * 15


def test_a_commitment_status_is_the_latest_word_at_that_date(known):
    c = known["commitments"]
    S = ProgressStatus
    d = datetime.date
    assert status_at(c["A", 1], d(2026, 6, 29)) == S.NOT_STARTED  # the half-year entry speaks from 30/06
    assert status_at(c["A", 1], d(2026, 6, 30)) == S.IN_PROGRESS
    assert status_at(c["A", 1], d(2026, 12, 31)) == S.DONE
    assert status_at(c["B", 2], d(2026, 3, 1)) == S.NOT_ACHIEVED  # a dated entry speaks from its date
    assert status_at(c["B", 2], d(2026, 11, 20)) == S.IN_PROGRESS  # then the tổng kết
    assert status_at(c["G", 2], d(2026, 4, 15)) == S.IN_PROGRESS  # same day: the review's word
    assert status_at(c["G", 1], d(2026, 4, 15)) == S.IN_PROGRESS
    assert status_at(c["G", 1], d(2026, 6, 30)) == S.DONE
