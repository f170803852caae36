"""The 2019 Hải Phòng signing, printed from headless Chromium to A4 PDFs, read back with poppler.

For each PDF: the page count (pdfinfo), the words on paper (pdftotext) and the QR code in the
rendered page (pdftoppm + zxing-cpp) that must open the item's address at the printed version.
PDFs and page images stay in the ``artifacts`` folder for a person to look at."""

import datetime
import mimetypes
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from agreements.models import Programme, Signatory
from news.models import Article
from operations.demo import load_demo_content
from organizations.models import Organization
from printing import versions as print_versions
from tests.conftest import require_tool
from tests.factories import VN, ArticleFactory, ArticleImageFactory, uploaded_png
from tests.printing.conftest import decode_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITE = "https://khuyenhoc.example.vn"
ARTICLE_TITLE = "Thành đoàn và Hội Khuyến học Hải Phòng ký chương trình phối hợp giai đoạn 2019-2022"
# Words only the site's furniture uses (menu, search, comments, side boxes, screen-only buttons).
FURNITURE = ["Trang chủ", "Gửi ban biên tập", "Tìm kiếm", "Bình luận", "Tin khác", "Bỏ qua đến nội dung", "Quay lại"]


@pytest.fixture(autouse=True)
def june_2024():
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)):
        yield


@pytest.fixture
def poppler():
    for tool in ("pdfinfo", "pdftotext", "pdftoppm"):
        require_tool(shutil.which(tool) is not None, f"{tool} not found (apt-get install poppler-utils)")


@pytest.fixture
def hai_phong_2019():
    """The demo content, with a reference number and two signatories of our own for 2019."""
    load_demo_content()
    article = Article.objects.get(title=ARTICLE_TITLE)
    programme = Programme.objects.get(start_year=2019, signing_date=datetime.date(2019, 3, 26))
    programme.reference_number = "01/CTPH-HKH-TĐ"
    programme.save()
    hkh = Organization.objects.get(name="Hội Khuyến học thành phố Hải Phòng")
    doan = Organization.objects.get(short_name="Thành đoàn Hải Phòng")
    programme.signatories.all().delete()  # the demo's placeholder names give way to these two
    Signatory.objects.create(programme=programme, organization=hkh, name="Nguyễn Văn An", position="Chủ tịch", order=0)
    Signatory.objects.create(programme=programme, organization=doan, name="Trần Thị Bình", position="Bí thư", order=1)
    return article, programme


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


def print_to_pdf(page, url, pdf_path):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length")
    assert broken == 0
    page.pdf(path=str(pdf_path), format="A4", print_background=False)


def page_count(pdf_path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+(.*)", info).group(1)
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), size


def pdf_text(pdf_path) -> str:
    # -raw: the order in which the page was drawn, so each signature block of the two-column grid stays
    # together and an address broken at one of its hyphens keeps the hyphen.
    return subprocess.run(["pdftotext", "-raw", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def render_pages(pdf_path, artifacts, name) -> list[Path]:
    prefix = artifacts / f"{name}-pdf"
    for old in artifacts.glob(f"{name}-pdf-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf_path), str(prefix)], check=True)
    return sorted(artifacts.glob(f"{name}-pdf-*.png"))


def codes_on(pages) -> list[str]:
    return [text for png in pages for text in decode_image(png)]


def test_the_article_print_view_prints_to_one_clean_a4_page_with_its_qr_code(
    serve_media, live_server, hai_phong_2019, artifacts, poppler
):
    page = serve_media
    article, _programme = hai_phong_2019
    expected = f"{SITE}{article.get_absolute_url()}?ban-in={print_versions.current_fingerprint(article)}"
    url = f"{live_server.url}{reverse('printing:article-print', kwargs={'pk': article.pk, 'slug': article.slug})}"

    # The button prints through static/js/portal.js (no inline script under the CSP): count the calls.
    page.add_init_script("window.printCalls = 0; window.print = () => { window.printCalls += 1; };")
    page.goto(url)
    button = page.get_by_role("button", name="In bài viết")
    assert button.is_visible()  # on screen, never on paper
    button.click()
    assert page.evaluate("window.printCalls") == 1
    assert page.url == url
    page.screenshot(path=str(artifacts / "print-screen-article.png"), full_page=True)
    pdf = artifacts / "print-article.pdf"
    print_to_pdf(page, url, pdf)
    assert page.console_errors == []

    pages, size = page_count(pdf)
    assert pages == 1
    assert size.endswith("(A4)"), size

    text = flat(pdf_text(pdf))
    assert ARTICLE_TITLE in text
    assert "Đăng lúc 15:08, ngày 26 tháng 3 năm 2019" in text
    assert "Nguồn: haiphong.gov.vn" in text
    assert "Quang cảnh lễ ký kết tại Trường THPT Ngô Quyền." in text
    assert "Hội Khuyến học thành phố Hải Phòng".upper() in text.upper()
    assert SITE in text
    assert f"{SITE}{article.get_absolute_url()}" in text.replace(" ", "")
    assert re.search(r"In lúc \d\d:\d\d, ngày 01 tháng 6 năm 2024", text)
    assert print_versions.current_fingerprint(article) in text
    for word in [*FURNITURE, "In bài viết"]:
        assert word not in text, word

    assert codes_on(render_pages(pdf, artifacts, "print-article")) == [expected]


def test_the_programme_sheet_prints_to_one_a4_page_with_signatures_and_its_qr_code(
    serve_media, live_server, hai_phong_2019, artifacts, poppler
):
    page = serve_media
    _article, programme = hai_phong_2019
    expected = f"{SITE}{programme.get_absolute_url()}?ban-in={print_versions.current_fingerprint(programme)}"
    url = f"{live_server.url}{reverse('printing:programme-print', kwargs={'pk': programme.pk, 'slug': programme.slug})}"

    page.goto(url)
    assert page.get_by_role("button", name="In trang chương trình").is_visible()
    page.screenshot(path=str(artifacts / "print-screen-programme.png"), full_page=True)
    pdf = artifacts / "print-programme.pdf"
    print_to_pdf(page, url, pdf)
    assert page.console_errors == []

    pages, size = page_count(pdf)
    assert pages == 1
    assert size.endswith("(A4)"), size

    text = flat(pdf_text(pdf))
    assert "khuyến học, khuyến tài và xây dựng xã hội học tập" in text
    assert "01/CTPH-HKH-TĐ" in text
    assert "2019–2022" in text
    assert "Ngày 26 tháng 3 năm 2019" in text
    assert "Trường THPT Ngô Quyền, Hải Phòng" in text
    assert "Biểu dương và trao học bổng cho học sinh, sinh viên" in text
    assert "TM. HỘI KHUYẾN HỌC THÀNH PHỐ HẢI PHÒNG" in text
    assert "Nguyễn Văn An" in text and "Trần Thị Bình" in text and "BÍ THƯ" in text
    assert f"{SITE}{programme.get_absolute_url()}" in text.replace(" ", "")
    for word in [*FURNITURE, "In trang chương trình"]:
        assert word not in text, word

    assert codes_on(render_pages(pdf, artifacts, "print-programme")) == [expected]


def test_the_ordinary_article_page_prints_without_the_site_furniture_but_with_its_qr_code(
    serve_media, live_server, hai_phong_2019, artifacts, poppler
):
    page = serve_media
    article, _programme = hai_phong_2019
    expected = f"{SITE}{article.get_absolute_url()}?ban-in={print_versions.current_fingerprint(article)}"
    page.goto(f"{live_server.url}{article.get_absolute_url()}")

    # The inline SVG as Chromium draws it on screen decodes too (and so does the fanpage code).
    qr = page.locator(".article-qr svg")
    qr.screenshot(path=str(artifacts / "print-qr-article-page.png"))
    assert decode_image(artifacts / "print-qr-article-page.png") == [expected]
    page.locator(".fanpage-box svg").screenshot(path=str(artifacts / "print-qr-fanpage.png"))
    assert decode_image(artifacts / "print-qr-fanpage.png") == ["https://www.facebook.com/khuyenhoc.example"]

    page.screenshot(path=str(artifacts / "print-screen-article-page.png"), full_page=True)
    pdf = artifacts / "print-article-page.pdf"
    print_to_pdf(page, f"{live_server.url}{article.get_absolute_url()}", pdf)
    text = flat(pdf_text(pdf))
    assert ARTICLE_TITLE in text
    assert "QR CODE:" in text
    for word in ["Gửi ban biên tập", "Tìm kiếm", "Bình luận", "Tin khác", "Chia sẻ lên Facebook", "Tải mã QR"]:
        assert word not in text, word
    assert codes_on(render_pages(pdf, artifacts, "print-article-page")) == [expected]


def test_a_long_article_runs_over_several_pages_and_ends_with_the_footer_and_its_qr_code(
    serve_media, live_server, artifacts, poppler
):
    paragraph = (
        "<p>Các cấp Hội cùng tổ chức Đoàn vận động gia đình, dòng họ và cộng đồng tham gia xây dựng xã hội học "
        "tập; mỗi chi hội đăng ký ít nhất một mô hình học tập và báo cáo kết quả vào cuối năm học.</p>"
    )
    body = "".join(f"<h2>Phần {number}: kết quả phối hợp</h2>{paragraph * 3}" for number in range(1, 7))
    article = ArticleFactory(title="Tổng kết năm năm phối hợp khuyến học", body=body, source_name="khuyenhoc.vn")
    for number in range(3):
        picture = uploaded_png(name=f"anh-{number}.png", width=800, height=600, color=(40 * number, 90, 160))
        ArticleImageFactory(article=article, image=picture, caption=f"Ảnh số {number + 1} của hội nghị.")
    article = Article.objects.prefetch_related("images").get(pk=article.pk)
    expected = f"{SITE}{article.get_absolute_url()}?ban-in={print_versions.current_fingerprint(article)}"

    pdf = artifacts / "print-long-article.pdf"
    page = serve_media
    print_to_pdf(page, f"{live_server.url}{article.get_absolute_url()}in/", pdf)
    pages, size = page_count(pdf)
    assert pages >= 3 and size.endswith("(A4)")

    rendered = render_pages(pdf, artifacts, "print-long-article")
    assert [decode_image(png) for png in rendered] == [[]] * (pages - 1) + [[expected]]
    text = flat(pdf_text(pdf))
    for number in range(1, 4):
        assert f"Ảnh số {number} của hội nghị." in text
    assert "In lúc" in text


def test_the_ordinary_programme_page_prints_without_the_site_furniture_but_with_its_qr_code(
    serve_media, live_server, hai_phong_2019, artifacts, poppler
):
    page = serve_media
    _article, programme = hai_phong_2019
    expected = f"{SITE}{programme.get_absolute_url()}?ban-in={print_versions.current_fingerprint(programme)}"
    pdf = artifacts / "print-programme-page.pdf"
    print_to_pdf(page, f"{live_server.url}{programme.get_absolute_url()}", pdf)
    text = flat(pdf_text(pdf))
    assert "Nội dung phối hợp" in text
    for word in ["Gửi ban biên tập", "Tìm kiếm", "In trang chương trình", "Tải mã QR"]:
        assert word not in text, word
    assert codes_on(render_pages(pdf, artifacts, "print-programme-page")) == [expected]
