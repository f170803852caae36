"""Programme and organization pages in real headless Chromium, at a phone and a desktop width.

Screenshots go to the ``artifacts`` folder (test-artifacts/ by default) for a person to look at."""

import datetime
import mimetypes
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile

from agreements.models import Review
from organizations.models import Organization
from tests.factories import (
    VN,
    ArticleFactory,
    CommitmentFactory,
    OrganizationFactory,
    ProgrammeFactory,
    RegionFactory,
    ReviewFactory,
    programme_with_parties,
    uploaded_png,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


@pytest.fixture(autouse=True)
def june_2024():
    """Statuses and the timeline's "today" depend on the date: fix it (the clock keeps ticking for the browser)."""
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)):
        yield


@pytest.fixture
def content():
    hai_phong, ha_nam = RegionFactory(name="Hải Phòng"), RegionFactory(name="Hà Nam")
    hkh = OrganizationFactory(
        name="Hội Khuyến học thành phố Hải Phòng",
        short_name="Hội Khuyến học thành phố",
        abbreviation="HKH",
        region=hai_phong,
        logo=uploaded_png(width=120, height=120, color=(11, 79, 138)),
        is_member=True,
        address="Số 1 đường Lạch Tray, quận Ngô Quyền, thành phố Hải Phòng",
        phone="0225 3 123 456",
        email="khuyenhoc.haiphong@example.vn",
        website="https://khuyenhoc-haiphong.example.vn/mot-duong-dan-rat-dai-de-thu-xuong-dong",
        fanpage="https://facebook.com/hoikhuyenhocthanhphohaiphong",
        description="Tổ chức xã hội làm công tác khuyến học, khuyến tài, xây dựng xã hội học tập trong thành phố.",
    )
    doan = OrganizationFactory(
        name="Thành đoàn Hải Phòng",
        abbreviation="TĐ",
        kind=Organization.Kind.YOUTH_UNION,
        region=hai_phong,
        logo=uploaded_png(width=200, height=100, color=(200, 30, 40)),
    )
    phu_nu = OrganizationFactory(
        name="Hội Liên hiệp Phụ nữ thành phố", kind=Organization.Kind.WOMEN_UNION, region=hai_phong, is_member=True
    )
    bien_phong = OrganizationFactory(
        name="Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng",
        abbreviation="BĐBP",
        kind=Organization.Kind.BORDER_GUARD,
        region=hai_phong,
    )
    ha_nam_hkh = OrganizationFactory(name="Hội Khuyến học tỉnh Hà Nam", region=ha_nam, parent=None)
    OrganizationFactory(name="Hội Khuyến học quận Lê Chân", parent=hkh, region=hai_phong)

    main = programme_with_parties(
        [hkh, doan],
        signatories=[
            ("Nguyễn Văn An", "Chủ tịch Hội Khuyến học thành phố", hkh),
            ("Trần Thị Bình", "Bí thư Thành đoàn Hải Phòng", doan),
        ],
        title="Chương trình phối hợp hoạt động về công tác khuyến học, khuyến tài giai đoạn 2019–2022",
        reference_number="05/CTPH-HKH-TĐ",
        signing_date=datetime.date(2019, 3, 26),
        venue="Trường THPT Ngô Quyền",
        start_year=2019,
        end_year=2022,
        summary="Hai bên thống nhất phối hợp tuyên truyền, vận động đoàn viên thanh niên tham gia học tập suốt đời.",
    )
    for number, title in enumerate(
        [
            "Tuyên truyền sâu rộng về công tác khuyến học, khuyến tài trong đoàn viên, thanh niên",
            "Phối hợp xây dựng mô hình “Gia đình học tập”, “Dòng họ học tập”",
            "Vận động xây dựng quỹ khuyến học, trao học bổng cho học sinh vượt khó",
        ],
        start=1,
    ):
        CommitmentFactory(programme=main, number=number, title=title).responsible.add(doan)
    main.document.save("van-ban-ky-ket.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 150_000))
    midterm = ReviewFactory(programme=main, date=datetime.date(2021, 3, 1), summary="Đạt phần lớn chỉ tiêu đề ra.")
    ReviewFactory(programme=main, kind=Review.Kind.FINAL, date=datetime.date(2023, 1, 10), summary="Tổng kết ba năm.")
    signing = ArticleFactory(title="Ký kết chương trình phối hợp khuyến học giai đoạn 2019–2022")
    signing.programmes.add(main)
    signing.organizations.add(hkh, doan)
    ArticleFactory(title="Sơ kết hai năm phối hợp", review=midterm).programmes.add(main)

    programme_with_parties(
        [hkh, phu_nu], title="Phối hợp xây dựng xã hội học tập giai đoạn 2023–2026", start_year=2023, end_year=2026
    )
    programme_with_parties(
        [bien_phong, hkh],
        title="Nâng bước em tới trường: đỡ đầu học sinh vùng biên giới, hải đảo",
        start_year=2021,
        end_year=None,
    )
    programme_with_parties([ha_nam_hkh, hkh], title="Hợp tác khuyến học liên tỉnh", start_year=2028, end_year=2030)
    ProgrammeFactory(title="Chương trình chưa công bố", is_published=False)
    return {"main": main, "hkh": hkh}


@pytest.fixture
def serve_media(page):
    """Uploaded files come from storage (a proxy or S3 in production), not from Django; serve them here."""
    root = Path(settings.MEDIA_ROOT)

    def fulfil(route):
        relative = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = (root / relative).resolve()
        if root.resolve() in path.parents and path.is_file():
            route.fulfill(status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0])
        else:
            route.fulfill(status=404, body=b"")

    page.route("**/media/**", fulfil)
    return page


def look(page, url, name, artifacts, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name} at {width}px scrolls sideways ({scroll_width} > {inner_width})"
    broken = page.evaluate(
        "Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], broken
    assert page.console_errors == [], page.console_errors


@pytest.mark.parametrize("device", WIDTHS)
def test_programme_and_organization_pages_fit_the_screen(live_server, serve_media, artifacts, content, device):
    page = serve_media
    size = WIDTHS[device]
    main, hkh = content["main"], content["hkh"]

    look(page, f"{live_server.url}/chuong-trinh/", "programme-list", artifacts, size)
    assert page.locator("svg[role=img] > title").text_content() == "Dòng thời gian các chương trình phối hợp"
    assert page.locator(".timeline-bar").count() == 4
    assert page.locator(".timeline-today text").text_content() == "Hôm nay Thứ bảy, 01/06/2024"

    look(
        page,
        f"{live_server.url}/chuong-trinh/?status=xyz&year=abc&page=9",
        "programme-list-bad",
        artifacts,
        size,
    )
    assert page.get_by_text("Một số điều kiện lọc không hợp lệ").is_visible()

    look(page, f"{live_server.url}{main.get_absolute_url()}", "programme-detail", artifacts, size)
    assert page.locator("table.signatories tbody tr").count() == 2
    assert page.get_by_role("heading", name="Nội dung phối hợp").is_visible()
    assert page.get_by_role("link", name="Tải văn bản (PDF, 146,5\xa0KB)").is_visible()

    look(page, f"{live_server.url}/to-chuc/", "organization-list", artifacts, size)
    look(page, f"{live_server.url}{hkh.get_absolute_url()}", "organization-detail", artifacts, size)
    assert page.get_by_text("Ký kết chương trình phối hợp khuyến học").is_visible()


def test_timeline_scrolls_inside_its_own_box_on_a_phone(live_server, serve_media, content):
    page = serve_media
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/chuong-trinh/")

    box = page.locator(".timeline-scroll")
    inner, outer = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert inner > outer
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The labels stay legible: the SVG is drawn at its own size, not shrunk to the phone.
    assert page.locator(".timeline-scroll svg").evaluate("el => el.getBoundingClientRect().width") == 800


def test_filters_fold_away_on_a_phone_and_open_with_a_tap(live_server, serve_media, content):
    page = serve_media
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/chuong-trinh/")
    form = page.locator("#programme-filter")

    assert not form.is_visible()
    page.get_by_role("button", name="Lọc chương trình").click()
    page.locator("#programme-filter.collapse.show").wait_for()  # the opening animation is over
    form.get_by_label("Tình trạng").select_option(label="Đang hiệu lực")
    with page.expect_navigation():
        form.get_by_role("button", name="Lọc", exact=True).click()

    assert "status=dang_hieu_luc" in page.url

    assert form.is_visible()
    assert page.locator(".programme-item").count() == 2
    assert page.console_errors == []


def test_filters_are_always_shown_on_a_desktop(live_server, serve_media, content):
    page = serve_media
    page.goto(f"{live_server.url}/chuong-trinh/")

    assert page.locator("#programme-filter").is_visible()
    assert not page.get_by_role("button", name="Lọc chương trình").is_visible()
