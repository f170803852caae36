"""A staff member enters the 2019-2022 Hải Phòng programme through the admin, in a real Chromium."""

import pytest

from agreements.models import Programme
from core.text import slugify_vi
from organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = (
    "Chương trình phối hợp hoạt động về công tác khuyến học, khuyến tài và xây dựng xã hội học tập, giai đoạn 2019-2022"
)
COMMITMENTS = [
    "Tuyên truyền nâng cao nhận thức của người dân về khuyến học, khuyến tài",
    "Tổ chức hoạt động tư vấn, hỗ trợ",
    "Biểu dương, trao học bổng cho học sinh, sinh viên",
    "Nâng cao chất lượng hoạt động của tổ chức Hội và Đoàn các cấp",
]


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#dashboard")


def choose_autocomplete(page, select_id, text):
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-container--open .select2-results__option:has-text('{text}')")


def test_staff_enter_the_hai_phong_programme_and_find_it_in_the_list(page, live_server, superuser, artifacts):
    OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", short_name="Hội Khuyến học thành phố")
    OrganizationFactory(
        name="Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng", short_name="Thành đoàn Hải Phòng"
    )
    log_in(page, live_server, "quantri", "mat-khau-quan-tri")

    page.goto(f"{live_server.url}/quan-tri/agreements/programme/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    # The live slug field follows the server's Vietnamese rule (đ -> d), not the admin's URLify.
    assert page.input_value("#id_slug") == slugify_vi(TITLE)
    page.fill("#id_signing_date", "26/03/2019")
    page.fill("#id_venue", "Trường THPT Ngô Quyền")
    page.fill("#id_start_year", "2019")
    page.fill("#id_end_year", "2022")

    choose_autocomplete(page, "id_parties-0-organization", "Hội Khuyến học thành phố")
    page.select_option("#id_parties-0-role", "chu_tri")
    choose_autocomplete(page, "id_parties-1-organization", "Thành đoàn Hải Phòng")
    page.select_option("#id_parties-1-role", "phoi_hop")
    page.fill("#id_parties-1-order", "1")

    page.fill("#id_signatories-0-name", "Nguyễn Văn An")
    page.fill("#id_signatories-0-position", "Chủ tịch Hội Khuyến học thành phố")
    choose_autocomplete(page, "id_signatories-0-organization", "Hội Khuyến học thành phố")
    page.fill("#id_signatories-1-name", "Trần Thị Bình")
    page.fill("#id_signatories-1-position", "Bí thư Thành đoàn")
    choose_autocomplete(page, "id_signatories-1-organization", "Thành đoàn Hải Phòng")
    page.fill("#id_signatories-1-order", "1")

    for index, text in enumerate(COMMITMENTS):
        if index > 0:
            page.click("#commitments-group .add-row a")
        page.fill(f"#id_commitments-{index}-number", str(index + 1))
        page.fill(f"#id_commitments-{index}-title", text)

    page.screenshot(path=artifacts / "admin-programme-form-filled.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector("#result_list")

    programme = Programme.objects.get(title=TITLE)
    assert programme.parties.count() == 2
    assert programme.signatories.count() == 2
    assert programme.commitments.count() == 4
    assert set(programme.signatories.values_list("organization__short_name", flat=True)) == {
        "Hội Khuyến học thành phố",
        "Thành đoàn Hải Phòng",
    }

    row = page.locator("#result_list tr", has_text="giai đoạn 2019-2022")
    expected_status = str(programme.status().label)  # expired from 2023 on, by today's date
    assert expected_status in row.inner_text()
    assert "2019–2022" in row.inner_text()
    page.screenshot(path=artifacts / "admin-programme-list.png", full_page=True)
    assert page.console_errors == []
    assert Organization.objects.count() == 2
