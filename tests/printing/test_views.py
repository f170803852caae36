"""QR images and print views of articles and programmes: who sees them, what they say, how they are cached."""

import datetime
import re
from unittest import mock

import pytest
import qrcode
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from organizations.models import Organization
from printing import versions as print_versions
from tests.factories import (
    VN,
    ArticleFactory,
    ArticleImageFactory,
    CommitmentFactory,
    OrganizationFactory,
    ProgrammeFactory,
    programme_with_parties,
)
from tests.printing.conftest import decode_png, decode_svg, svgs_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("qr_cache")]

SITE = "https://khuyenhoc.example.vn"
NAV_ONLY = ["Bỏ qua đến nội dung chính", "Trang chủ", "Gửi ban biên tập", "Bình luận", "Tin khác", 'type="search"']


def print_url(obj):
    app = "printing:article" if isinstance(obj, Article) else "printing:programme"
    return reverse(f"{app}-print", kwargs={"pk": obj.pk, "slug": obj.slug})


def qr_url(obj):
    app = "printing:article" if isinstance(obj, Article) else "printing:programme"
    return reverse(f"{app}-qr", kwargs={"pk": obj.pk, "slug": obj.slug})


def expected_address(obj):
    fingerprint = print_versions.current_fingerprint(obj)
    return f"{SITE}{obj.get_absolute_url()}?ban-in={fingerprint}"


@pytest.fixture
def article():
    article = ArticleFactory(
        title="Thành đoàn và Hội Khuyến học Hải Phòng ký chương trình phối hợp giai đoạn 2019-2022",
        published_at=datetime.datetime(2019, 3, 26, 15, 8, tzinfo=VN),
        byline="Hoàng Tùng",
        source_name="haiphong.gov.vn",
        source_url="https://haiphong.gov.vn/tin/ky-ket",
        body="<h2>Bốn nội dung</h2><p>Hai bên thống nhất phối hợp.</p>",
    )
    ArticleImageFactory(article=article, caption="Quang cảnh lễ ký kết.")
    return article


@pytest.fixture
def programme():
    host = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng")
    youth = OrganizationFactory(name="Thành đoàn Hải Phòng", kind=Organization.Kind.YOUTH_UNION)
    programme = programme_with_parties(
        [host, youth],
        signatories=[("Nguyễn Văn An", "Chủ tịch Hội", host), ("Trần Thị Bình", "Bí thư Thành đoàn", youth)],
        title="Chương trình phối hợp về công tác khuyến học giai đoạn 2019-2022",
        reference_number="01/CTPH-HKH-TĐ",
    )
    CommitmentFactory(programme=programme, number=1, title="Tuyên truyền về khuyến học, khuyến tài")
    CommitmentFactory(programme=programme, number=2, title="Trao học bổng cho học sinh, sinh viên")
    return programme


class ArticleQrTests:
    def test_the_article_page_shows_the_qr_code_of_its_address_and_version_with_its_caption(self, client, article):
        html = client.get(article.get_absolute_url()).text
        tools = html[html.index('class="article-tools') :]
        tools = tools[: tools.index("</section>")]
        assert f"QR CODE: {article.title}</figcaption>" in tools
        [svg] = svgs_in(tools)
        assert decode_svg(svg) == [expected_address(article)]

    def test_the_png_decodes_to_the_articles_address_and_version(self, client, article):
        response = client.get(qr_url(article))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert decode_png(response.content) == [expected_address(article)]

    def test_the_png_is_cached_publicly_and_revalidated_by_its_etag(self, client, article):
        response = client.get(qr_url(article))
        assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
        again = client.get(qr_url(article), HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        assert again.content == b""

    def test_an_edit_of_the_printed_content_gives_a_new_etag_and_code(self, client, article):
        before = client.get(qr_url(article))
        article.lead = "Sapo mới sau khi biên tập."
        article.save()
        after = client.get(qr_url(article), HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]
        assert decode_png(after.content) == [expected_address(article)]

    def test_a_second_request_does_no_qr_generation_work(self, client, article):
        with mock.patch("printing.qrcodes.qrcode.QRCode", wraps=qrcode.QRCode) as generator:
            client.get(article.get_absolute_url())
            client.get(qr_url(article))
            client.get(print_url(article))
            assert generator.call_count == 1  # page, PNG and print view share one code
            client.get(article.get_absolute_url())
            client.get(qr_url(article))
            client.get(print_url(article))
            assert generator.call_count == 1

    def test_the_download_link_points_to_the_png(self, client, article):
        html = client.get(article.get_absolute_url()).text
        assert f'href="{qr_url(article)}" download' in html

    def test_the_qr_address_comes_from_site_url_never_from_the_host_header(self, client, article):
        response = client.get(qr_url(article), HTTP_HOST="evil.example.com")
        assert decode_png(response.content) == [expected_address(article)]
        html = client.get(print_url(article), HTTP_HOST="evil.example.com").text
        assert "evil.example.com" not in html

    def test_a_wrong_slug_on_the_png_address_redirects_permanently(self, client, article):
        response = client.get(reverse("printing:article-qr", kwargs={"pk": article.pk, "slug": "ten-cu"}))
        assert response.status_code == 301
        assert response["Location"] == qr_url(article)


class NotFoundTests:
    def test_unknown_article_has_no_page_print_view_or_qr(self, client):
        for name in ("news:article-detail", "printing:article-print", "printing:article-qr"):
            assert client.get(reverse(name, kwargs={"pk": 999999, "slug": "khong-co"})).status_code == 404

    @pytest.mark.parametrize("state", ["draft", "scheduled"])
    def test_an_unpublished_article_has_no_public_page_print_view_or_qr(self, client, state):
        if state == "draft":
            article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        else:
            article = ArticleFactory(published_at=datetime.datetime(2099, 1, 1, tzinfo=VN))
        for url in (article.get_absolute_url(), print_url(article), qr_url(article)):
            assert client.get(url).status_code == 404, url

    def test_unknown_or_unpublished_programme_has_no_print_sheet_or_qr(self, client):
        hidden = ProgrammeFactory(is_published=False)
        for url in (print_url(hidden), qr_url(hidden)):
            assert client.get(url).status_code == 404
        for name in ("printing:programme-print", "printing:programme-qr"):
            assert client.get(reverse(name, kwargs={"pk": 999999, "slug": "khong-co"})).status_code == 404

    def test_staff_preview_the_print_view_and_qr_of_a_draft_which_no_cache_keeps(self, client, editor):
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        client.force_login(editor)
        page = client.get(print_url(article))
        assert page.status_code == 200
        assert "CHƯA XUẤT BẢN" in page.text
        image = client.get(qr_url(article))
        assert image.status_code == 200
        assert "private" in image["Cache-Control"] and "no-store" in image["Cache-Control"]
        assert decode_png(image.content) == [expected_address(article)]


class ArticlePrintViewTests:
    @time_machine.travel(datetime.datetime(2024, 6, 1, 9, 5, tzinfo=VN), tick=False)
    def test_the_print_view_holds_what_the_paper_needs(self, client, article):
        html = client.get(print_url(article)).text
        assert f'<h1 class="print-title">{article.title}</h1>' in html
        assert "Đăng lúc 15:08, ngày 26 tháng 3 năm 2019" in html
        assert "Hoàng Tùng" in html
        assert "Nguồn: haiphong.gov.vn (https://haiphong.gov.vn/tin/ky-ket)" in html
        assert "<figcaption>Quang cảnh lễ ký kết.</figcaption>" in html
        assert "<h2>Bốn nội dung</h2>" in html
        assert f'<p class="print-portal-address">{SITE}</p>' in html
        assert f'<span class="print-url">{SITE}{article.get_absolute_url()}</span>' in html
        assert "In lúc 09:05, ngày 01 tháng 6 năm 2024" in html
        assert f'<span class="print-fingerprint">{print_versions.current_fingerprint(article)}</span>' in html
        assert "Cập nhật lần cuối lúc " in html

    def test_last_modified_on_paper_is_the_last_change_of_what_is_printed(self, client):
        with time_machine.travel(datetime.datetime(2024, 5, 2, 8, 0, tzinfo=VN), tick=False):
            article = ArticleFactory()
            image = ArticleImageFactory(article=article, caption="Chú thích cũ.")
        with time_machine.travel(datetime.datetime(2024, 5, 6, 16, 20, tzinfo=VN), tick=False):
            image.caption = "Chú thích mới."
            image.save()  # the article row itself is not saved
        with time_machine.travel(datetime.datetime(2024, 5, 9, 10, 0, tzinfo=VN), tick=False):
            article.is_featured = True
            article.save()  # nothing on paper changes
        html = client.get(print_url(article)).text
        assert "Cập nhật lần cuối lúc 16:20, ngày 06 tháng 5 năm 2024" in html

    def test_the_printed_qr_code_opens_the_article_at_the_printed_version(self, client, article):
        html = client.get(print_url(article)).text
        [svg] = svgs_in(html)
        assert decode_svg(svg) == [expected_address(article)]

    def test_the_print_time_is_vietnams_time_whatever_the_servers_clock_zone(self, client, article, settings):
        settings.TIME_ZONE = "UTC"
        with time_machine.travel(datetime.datetime(2024, 6, 1, 17, 30, tzinfo=datetime.UTC), tick=False):
            html = client.get(print_url(article)).text
        assert "In lúc 00:30, ngày 02 tháng 6 năm 2024" in html

    def test_the_paper_has_no_navigation_forms_or_comments_and_the_button_is_screen_only(self, client, article):
        html = client.get(print_url(article)).text
        for text in NAV_ONLY:
            assert text not in html
        assert "<form" not in html and "<nav" not in html
        assert '<section class="print-toolbar screen-only" aria-label="Công cụ bản in">' in html
        assert '<button class="print-button" type="button" data-kp-print>In bài viết</button>' in html
        assert "<script>" not in html  # the CSP allows no inline script: portal.js does the printing

    def test_the_article_page_links_to_the_print_view(self, client, article):
        html = client.get(article.get_absolute_url()).text
        assert f'<a href="{print_url(article)}">In bài viết</a>' in html

    def test_a_wrong_slug_redirects_permanently_to_the_canonical_print_address(self, client, article):
        old = reverse("printing:article-print", kwargs={"pk": article.pk, "slug": "ten-cu-cua-bai"})
        response = client.get(f"{old}?utm=zalo")
        assert response.status_code == 301
        assert response["Location"] == f"{print_url(article)}?utm=zalo"

    def test_the_print_view_is_never_stored_by_a_cache(self, client, article):
        response = client.get(print_url(article))
        assert "no-store" in response["Cache-Control"]

    def test_the_print_view_is_not_indexed_and_points_to_the_article(self, client, article):
        html = client.get(print_url(article)).text
        assert '<meta name="robots" content="noindex, follow">' in html
        assert f'<link rel="canonical" href="{SITE}{article.get_absolute_url()}">' in html

    def test_the_print_view_needs_the_same_number_of_queries_for_one_image_or_ten(self, client, article):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(print_url(article)).status_code == 200
            return len(captured)

        few = queries()
        for _ in range(9):
            ArticleImageFactory(article=article)
        assert queries() == few
        assert few <= 7


class ProgrammePrintSheetTests:
    @time_machine.travel(datetime.datetime(2024, 6, 1, 9, 5, tzinfo=VN), tick=False)
    def test_the_sheet_holds_the_programme_record(self, client, programme):
        html = client.get(print_url(programme)).text
        assert programme.title in html
        assert "01/CTPH-HKH-TĐ" in html
        assert "2019–2022" in html
        assert "Ngày 26 tháng 3 năm 2019" in html
        assert "Trường THPT Ngô Quyền" in html
        parties = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", html)
        assert parties == [
            ("1", "Hội Khuyến học thành phố Hải Phòng", "Chủ trì"),
            ("2", "Thành đoàn Hải Phòng", "Phối hợp"),
        ]
        assert '<li value="1"><span class="commitment-title">Tuyên truyền về khuyến học, khuyến tài</span>' in html
        assert '<li value="2"><span class="commitment-title">Trao học bổng cho học sinh, sinh viên</span>' in html
        assert "In lúc 09:05, ngày 01 tháng 6 năm 2024" in html

    def test_each_party_signs_in_the_administrative_form(self, client, programme):
        html = client.get(print_url(programme)).text
        blocks = re.findall(r'<div class="signature-block">(.*?)</div>', html, flags=re.S)
        texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip() for block in blocks]
        assert texts == [
            "TM. HỘI KHUYẾN HỌC THÀNH PHỐ HẢI PHÒNG CHỦ TỊCH HỘI (Đã ký) Nguyễn Văn An",
            "TM. THÀNH ĐOÀN HẢI PHÒNG BÍ THƯ THÀNH ĐOÀN (Đã ký) Trần Thị Bình",
        ]

    def test_a_party_without_a_recorded_signatory_still_has_its_block(self, client):
        programme = programme_with_parties([OrganizationFactory(name="Hội Khuyến học huyện An Lão")])
        html = client.get(print_url(programme)).text
        assert "TM. HỘI KHUYẾN HỌC HUYỆN AN LÃO" in html
        assert "(Chưa cập nhật người ký)" in html

    def test_the_sheet_and_the_programme_page_carry_the_programmes_qr_code(self, client, programme):
        [printed] = svgs_in(client.get(print_url(programme)).text)
        assert decode_svg(printed) == [expected_address(programme)]
        html = client.get(programme.get_absolute_url()).text
        tools = html[html.index('class="programme-tools') :]
        [on_page] = svgs_in(tools[: tools.index("</section>")])
        assert decode_svg(on_page) == [expected_address(programme)]
        assert f"QR CODE: {programme.title}</figcaption>" in html
        assert f'href="{print_url(programme)}"' in html
        assert decode_png(client.get(qr_url(programme)).content) == [expected_address(programme)]

    def test_the_sheet_needs_the_same_number_of_queries_for_two_parties_or_eight(self, client, programme):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(print_url(programme)).status_code == 200
            return len(captured)

        few = queries()
        for number in range(3, 9):
            organization = OrganizationFactory()
            programme.parties.create(organization=organization, order=number)
            programme.signatories.create(name=f"Người ký {number}", position="Chủ tịch", organization=organization)
            CommitmentFactory(programme=programme, number=number)
        assert queries() == few


class FanpageQrTests:
    def test_the_hosts_fanpage_qr_code_is_in_the_site_furniture(self, client, article):
        OrganizationFactory(
            name="Hội Khuyến học thành phố Hải Phòng", is_host=True, fanpage="https://facebook.com/khuyenhochp"
        )
        html = client.get(article.get_absolute_url()).text
        box = html[html.index('class="fanpage-box') :]
        box = box[: box.index("</section>")]
        assert "QR Code Fanpage" in box
        [svg] = svgs_in(box)
        assert decode_svg(svg) == ["https://facebook.com/khuyenhochp"]
        home = client.get("/").text
        assert "https://facebook.com/khuyenhochp" in [t for s in svgs_in(home) for t in decode_svg(s)]

    def test_no_fanpage_no_box(self, client, article):
        OrganizationFactory(is_host=True, fanpage="")
        assert "fanpage-box" not in client.get(article.get_absolute_url()).text
