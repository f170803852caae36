"""The programme change list read by staff on a 1366 px laptop screen: every column in view, the
parties readable (not one word per line)."""

import datetime

import pytest

from agreements.models import Party
from tests.browser.test_admin_programme_entry import log_in
from tests.factories import OrganizationFactory, PartyFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANIZATIONS = [
    ("Hội Khuyến học thành phố Hải Phòng", "Hội Khuyến học thành phố"),
    ("Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng", "Thành đoàn Hải Phòng"),
    ("Hội Liên hiệp Phụ nữ thành phố Hải Phòng", ""),
    ("Sở Giáo dục và Đào tạo thành phố Hải Phòng", "Sở Giáo dục và Đào tạo Hải Phòng"),
]
TITLES = [
    "Chương trình phối hợp hoạt động về công tác khuyến học, khuyến tài và xây dựng xã hội học tập, "
    "giai đoạn 2019-2022",
    "Chương trình phối hợp thực hiện Đề án xây dựng xã hội học tập giai đoạn 2021-2030 trên địa bàn thành phố",
    "Kế hoạch liên tịch về phát triển mô hình gia đình học tập, dòng họ học tập, cộng đồng học tập",
]

# Per cell: its width, its number of text lines and words (line boxes counted
# from the rectangles of its text).
MEASURE_CELLS = """cells => cells.map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
    return {width: cell.getBoundingClientRect().width, lines: tops.size,
            words: cell.innerText.trim().split(/\\s+/).length};
})"""


@pytest.fixture
def programmes():
    organizations = [OrganizationFactory(name=name, short_name=short) for name, short in ORGANIZATIONS]
    for index, title in enumerate(TITLES):
        programme = ProgrammeFactory(title=title, signing_date=datetime.date(2019 + index, 3, 26))
        for order, organization in enumerate(organizations):
            role = Party.Role.LEAD if order == 0 else Party.Role.PARTNER
            PartyFactory(programme=programme, organization=organization, role=role, order=order)


@pytest.mark.usefixtures("programmes")
def test_the_programme_list_fits_a_1366_px_screen_with_readable_parties(page, live_server, superuser, artifacts):
    assert page.viewport_size["width"] == 1366
    log_in(page, live_server, "quantri", "mat-khau-quan-tri")
    page.goto(f"{live_server.url}/quan-tri/agreements/programme/")
    page.wait_for_selector("#result_list")
    page.screenshot(path=artifacts / "admin-programme-list-1366.png", full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    results = page.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth"), "the table scrolls sideways"
    table = page.locator("#result_list").bounding_box()
    last_header = page.locator("#result_list thead th").last.bounding_box()
    assert last_header["x"] + last_header["width"] <= table["x"] + table["width"] + 1 <= 1366

    cells = page.locator("#result_list td.field-party_names").evaluate_all(MEASURE_CELLS)
    assert len(cells) == len(TITLES)
    for cell in cells:
        # Four parties of four to six words each: a few words a line, never one word a line.
        assert cell["width"] >= 150, cell
        assert cell["words"] >= 3 * cell["lines"], cell

    # The short cells: the period above its status, the weekday above the date.
    for column, most in (("field-period_and_status", 2), ("field-signed_on", 2)):
        for cell in page.locator(f"#result_list td.{column}").evaluate_all(MEASURE_CELLS):
            assert cell["lines"] <= most, (column, cell)
    assert page.console_errors == []
