"""The same half-year and year reports in the admin's HTML, in DOCX (read back with python-docx) and
in XLSX (read back with openpyxl): letterhead, motto, date in words, and every table."""

import io

import docx
import docx.table
import lxml.html
import openpyxl
import pytest
from django.urls import reverse
from docx.shared import Pt

from reports import period_document
from reports.docx_writer import write_docx
from reports.periods import Period
from reports.xlsx_writer import write_xlsx
from tests.reports.known_data import HALF_YEAR, HOST_NAME, ISSUED_ON, YEAR, essential, expected_tables

pytestmark = pytest.mark.django_db

PERIODS = pytest.mark.parametrize(
    ("query", "period", "expected"),
    [
        ({"kind": "6-thang", "year": 2026, "half": 1}, Period.half_year(2026, 1), HALF_YEAR),
        ({"kind": "nam", "year": 2026}, Period.year(2026), YEAR),
    ],
    ids=["half-year", "year"],
)
TABLE_KEYS = list(expected_tables(YEAR))


def flat(text: str) -> str:
    return " ".join(text.split())


@PERIODS
@pytest.mark.usefixtures("on_issue_day", "known")
def test_the_admin_page_shows_every_table(client, superuser, query, period, expected):
    client.force_login(superuser)
    response = client.get(reverse("reports:period"), query)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    text = flat(page.text_content())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Hải Phòng, ngày 05 tháng 12 năm 2026" in text
    assert HOST_NAME.upper() in text
    tables = {
        table.get("data-table"): [
            [flat(cell.text_content()) for cell in row.xpath("td")] for row in table.xpath(".//tbody/tr")
        ]
        for table in page.xpath("//table[@data-table]")
    }
    tables = {key: tables.get(key, []) for key in TABLE_KEYS}
    assert essential(tables) == expected_tables(expected)
    assert len(page.xpath("//svg[@role='img']")) == 2
    assert 'href="?kind=' in response.content.decode() and "dinh-dang=docx" in response.content.decode()


def docx_tables(word):
    """Letterhead first, the signature block last; in between the report's tables, each after its caption."""
    letterhead, *_data, closing = word.tables
    tables, caption = {}, None
    for block in word.iter_inner_content():
        if isinstance(block, docx.table.Table):
            if caption:
                tables[caption] = [[cell.text for cell in row.cells] for row in block.rows]
            caption = None
        else:
            caption = block.text if block.text.startswith("Bảng ") else None
    return letterhead, tables, closing


@PERIODS
def test_the_docx_reads_back_in_the_decree_30_form(known, query, period, expected):
    document = period_document.build(period, issued_on=ISSUED_ON)
    word = docx.Document(io.BytesIO(write_docx(document)))

    section = word.sections[0]
    mm = lambda length: round(length.mm, 1)  # noqa: E731 (Word stores twips)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)  # A4
    margins = section.top_margin, section.bottom_margin, section.left_margin, section.right_margin
    assert [mm(margin) for margin in margins] == [20, 20, 30, 15]
    normal = word.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(13))

    letterhead, tables, closing = docx_tables(word)
    issuer, nation = (cell.text.splitlines() for cell in letterhead.rows[0].cells)
    assert issuer == ["HỘI KHUYẾN HỌC VIỆT NAM", HOST_NAME.upper(), "", "Số: …/BC-HKH"]
    assert nation == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "Hải Phòng, ngày 05 tháng 12 năm 2026",
    ]
    body = [p.text for p in word.paragraphs]
    assert "BÁO CÁO" in body and document.subject in body
    assert all(
        run.font.size in (None, Pt(13), Pt(14), Pt(12), Pt(11), Pt(2)) for p in word.paragraphs for run in p.runs
    )

    with_rows = [table for table in document.tables() if table.rows]
    assert list(tables) == [table.title for table in with_rows]
    by_key = {}
    for table in with_rows:
        header, *rows = tables[table.title]
        assert header == table.columns
        by_key[table.key] = rows
    assert essential({key: by_key.get(key, []) for key in TABLE_KEYS}) == expected_tables(expected)
    for table in document.tables():
        if not table.rows:
            assert table.title in body and body[body.index(table.title) + 1] == "Không có."

    recipients, signature = (cell.text.splitlines() for cell in closing.rows[0].cells)
    assert recipients[0] == "Nơi nhận:" and "- Lưu: VT." in recipients
    assert signature[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]


@PERIODS
def test_the_xlsx_has_one_sheet_per_table(known, query, period, expected):
    document = period_document.build(period, issued_on=ISSUED_ON)
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx(document)))

    assert workbook.sheetnames == ["Báo cáo", *TABLE_KEYS]
    cover = [row[0] for row in workbook["Báo cáo"].iter_rows(values_only=True)]
    assert cover[:3] == [HOST_NAME.upper(), "Số: …/BC-HKH", "Hải Phòng, ngày 05 tháng 12 năm 2026"]
    assert document.subject in cover
    tables = {}
    for table in document.tables():
        sheet = workbook[table.key]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == table.title
        assert list(rows[1]) == table.columns
        assert sheet.freeze_panes == "A3"
        tables[table.key] = [list(row) for row in rows[2:]] if table.rows else []
        if not table.rows:
            assert rows[2][0] == "Không có."
    assert essential(tables) == expected_tables(expected)
    # counts are numbers a spreadsheet can add up
    assert all(isinstance(row[2], int) for row in tables["Tổng hợp"])
