"""The half-year report opened in Chromium by a logged-in staff member, printed to A4 PDF and read
back with pdftotext: letterhead, motto, date in words, the counts and the tables on paper, no
screen-only tools. The PDF and its first page as PNG stay in the artifacts."""

import datetime
import re
import shutil
import subprocess

import pytest
import time_machine

from tests.browser.test_admin_programme_entry import log_in
from tests.conftest import require_tool
from tests.factories import VN
from tests.reports.known_data import HOST_NAME, TITLES, build_known_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def poppler():
    for tool in ("pdfinfo", "pdftotext", "pdftoppm"):
        require_tool(shutil.which(tool) is not None, f"{tool} not found (apt-get install poppler-utils)")


def test_the_half_year_report_prints_on_a4_from_chromium(page, live_server, superuser, artifacts, poppler):
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=VN), tick=True):
        build_known_data()
        log_in(page, live_server, "quantri", "mat-khau-quan-tri")
        page.click("#dashboard-reports a")
        page.check("input[name=kind][value='6-thang']")
        page.fill("#id_year", "2026")
        page.select_option("#id_half", "1")
        page.click("input[type=submit][value='Lập báo cáo']")
        page.wait_for_selector(".report-document")
        assert page.locator("svg.report-chart").count() == 2
        page.screenshot(path=str(artifacts / "report-admin.png"), full_page=False)
        with page.expect_popup() as popup:
            page.click("text=Xem bản in (A4)")
        sheet = popup.value
        sheet.wait_for_load_state("networkidle")
        assert sheet.get_by_role("button", name="In báo cáo").is_visible()
        pdf = artifacts / "report-print.pdf"
        sheet.pdf(path=str(pdf), format="A4", print_background=False, prefer_css_page_size=True)
        assert page.console_errors == []

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:.*\(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 5, pages
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    first_page = " ".join(
        subprocess.run(
            ["pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_page
    assert "Độc lập - Tự do - Hạnh phúc" in first_page
    assert HOST_NAME.upper() in first_page
    assert "Hải Phòng, ngày 05 tháng 12 năm 2026" in first_page
    assert "BÁO CÁO Kết quả thực hiện các chương trình phối hợp 6 tháng đầu năm 2026" in first_page
    assert "1 Chương trình ký kết trong kỳ 1" in flat
    assert "2 Chương trình đang thực hiện trong kỳ 4" in flat
    assert "4 Chương trình sẽ kết thúc trong 12 tháng tới 2" in flat
    assert "Bảng 7. Tình trạng các nội dung phối hợp đến ngày 30/06/2026" in flat
    squeezed = re.sub(r"[\s-]", "", text)
    for key in "ABDG":
        assert re.sub(r"[\s-]", "", TITLES[key]) in squeezed, key
    assert re.sub(r"[\s-]", "", TITLES["F"]) not in squeezed
    assert "Nơi nhận:" in flat and "TM. BAN THƯỜNG VỤ" in flat
    for screen_only in ("In báo cáo", "Quay lại báo cáo", "Lập báo cáo"):
        assert screen_only not in flat
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "70",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(artifacts / "report-print"),
        ],
        check=True,
    )
