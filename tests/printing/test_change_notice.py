"""A reader scans the QR code of an old printout: the page says whether the content changed since."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from printing import versions as print_versions
from tests.factories import (
    VN,
    ArticleFactory,
    ArticleImageFactory,
    CommitmentFactory,
    OrganizationFactory,
    programme_with_parties,
)
from tests.printing.conftest import decode_png, decode_svg, svgs_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("qr_cache")]

NOTICE = "Bài viết đã được cập nhật sau khi bản in này được tạo"
PROGRAMME_NOTICE = "Chương trình đã được cập nhật sau khi bản in này được tạo"
WRITTEN = datetime.datetime(2024, 5, 2, 8, 0, tzinfo=VN)
PRINTED = datetime.datetime(2024, 5, 3, 9, 0, tzinfo=VN)
EDITED = datetime.datetime(2024, 5, 20, 14, 45, tzinfo=VN)  # a Monday


def printed_address(client, obj):
    """What the QR code on the paper opens: printed from the print view and decoded."""
    app = "printing:article" if isinstance(obj, Article) else "printing:programme"
    html = client.get(reverse(f"{app}-print", kwargs={"pk": obj.pk, "slug": obj.slug})).text
    [svg] = svgs_in(html)
    [address] = decode_svg(svg)
    return address.removeprefix("https://khuyenhoc.example.vn")


@pytest.fixture
def article():
    with time_machine.travel(WRITTEN, tick=False):
        article = ArticleFactory(title="Trao học bổng cho học sinh vượt khó", source_name="haiphong.gov.vn")
        ArticleImageFactory(article=article, caption="Các em nhận học bổng.")
    return article


def printout(client, obj):
    with time_machine.travel(PRINTED, tick=False):
        return printed_address(client, obj)


class ArticleChangeNoticeTests:
    def test_no_edit_since_printing_shows_no_notice(self, client, article):
        address = printout(client, article)
        response = client.get(address)
        assert response.status_code == 200
        assert NOTICE not in response.text

    def test_an_edit_after_printing_shows_the_notice_with_the_date_of_the_change(self, client, article):
        address = printout(client, article)
        with time_machine.travel(EDITED, tick=False):
            article.title = "Trao 200 suất học bổng cho học sinh vượt khó"
            article.save()
        html = client.get(address).text
        assert NOTICE in html
        assert "Thứ hai, 20/05/2024 14:45" in html
        assert print_versions.parse(address.rsplit("=", 1)[1]) in html  # the printed version is named
        assert "Trao 200 suất học bổng cho học sinh vượt khó" in html  # the page itself is the new version

    def test_the_notice_is_given_for_a_changed_caption_too(self, client, article):
        address = printout(client, article)
        with time_machine.travel(EDITED, tick=False):
            image = article.images.get()
            image.caption = "Học sinh nhận học bổng tại hội trường."
            image.save()
        assert NOTICE in client.get(address).text

    def test_the_date_is_that_of_the_latest_change(self, client, article):
        address = printout(client, article)
        with time_machine.travel(EDITED, tick=False):
            article.lead = "Sapo thứ hai."
            article.save()
        with time_machine.travel(datetime.datetime(2024, 6, 2, 7, 30, tzinfo=VN), tick=False):
            article.body = "<p>Nội dung sửa lần hai.</p>"
            article.save()
        html = client.get(address).text
        assert NOTICE in html
        assert "Chủ nhật, 02/06/2024 07:30" in html

    def test_a_change_nobody_sees_on_paper_is_not_a_change(self, client, article):
        address = printout(client, article)
        with time_machine.travel(EDITED, tick=False):
            article.is_featured = not article.is_featured
            article.save()
        assert NOTICE not in client.get(address).text

    def test_an_edit_undone_before_the_scan_shows_no_notice(self, client, article):
        address = printout(client, article)
        title = article.title
        with time_machine.travel(EDITED, tick=False):
            article.title = "Tiêu đề tạm"
            article.save()
            article.title = title
            article.save()
        assert NOTICE not in client.get(address).text

    @pytest.mark.parametrize(
        "value",
        ["0123456789ab", "zzzzzzzzzzzz", "", "'; DROP TABLE news_article;--", "A" * 5000, "0123456789abc", "%00"],
    )
    def test_a_tampered_or_garbage_fingerprint_gives_the_normal_page(self, client, article, value):
        with time_machine.travel(EDITED, tick=False):
            article.title = "Tiêu đề đã sửa"
            article.save()
        response = client.get(article.get_absolute_url(), {"ban-in": value})
        assert response.status_code == 200
        assert NOTICE not in response.text
        assert "Tiêu đề đã sửa" in response.text

    def test_the_fingerprint_of_another_article_gives_no_notice(self, client, article):
        other = ArticleFactory(title="Một bài khác hẳn")
        other_address = printout(client, other)
        fingerprint = other_address.rsplit("=", 1)[1]
        with time_machine.travel(EDITED, tick=False):
            article.title = "Tiêu đề đã sửa"
            article.save()
        assert NOTICE not in client.get(article.get_absolute_url(), {"ban-in": fingerprint}).text

    def test_an_old_slug_in_the_printed_address_still_arrives_with_the_notice(self, client, article):
        address = printout(client, article)
        with time_machine.travel(EDITED, tick=False):
            article.title = "Tiêu đề mới"
            article.slug = "tieu-de-moi"
            article.save()
        response = client.get(address, follow=True)
        assert response.redirect_chain[0][1] == 301
        assert response.redirect_chain[-1][0].endswith(f"-tieu-de-moi/?{address.split('?')[1]}")
        assert NOTICE in response.text

    def test_reading_the_current_version_costs_no_history_queries(self, client, article):
        address = printout(client, article)
        with CaptureQueriesContext(connection) as plain:
            client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as scanned:
            client.get(address)
        assert len(scanned) == len(plain)

    def test_a_scanned_old_printout_costs_the_same_queries_after_two_edits_or_twelve(self, client, article):
        address = printout(client, article)

        def queries_after(edits):
            for number in range(edits):
                with time_machine.travel(EDITED + datetime.timedelta(hours=number), tick=False):
                    article.lead = f"Sapo lần {number}."
                    article.save()
            with CaptureQueriesContext(connection) as captured:
                assert NOTICE in client.get(address).text
            return len(captured)

        assert queries_after(2) == queries_after(10)


class CachedPageTests:
    """The anonymous page cache keys pages by their full address: the notice is neither lost nor leaked."""

    @pytest.fixture(autouse=True)
    def cache_on(self, page_cache):
        return page_cache

    def test_notice_and_plain_page_are_cached_apart_and_an_edit_refreshes_both(self, client, article):
        address = printout(client, article)
        plain = article.get_absolute_url()
        first = client.get(address)
        assert NOTICE not in first.text
        assert client.get(address)["X-Page-Cache"] == "hit"  # cached without a notice, rightly

        with time_machine.travel(EDITED, tick=False):
            article.title = "Tiêu đề đã sửa"
            article.save()
        scanned = client.get(address)
        assert scanned.get("X-Page-Cache") != "hit"
        assert NOTICE in scanned.text
        again = client.get(address)
        assert again["X-Page-Cache"] == "hit"
        assert NOTICE in again.text
        assert NOTICE not in client.get(plain).text
        assert NOTICE not in client.get(plain).text  # from the cache now

    def test_the_png_served_from_the_page_cache_still_decodes_and_follows_edits(self, client, article):
        url = reverse("printing:article-qr", kwargs={"pk": article.pk, "slug": article.slug})
        first = client.get(url)
        second = client.get(url)
        assert second["X-Page-Cache"] == "hit"
        assert second["Content-Type"] == "image/png"
        assert (
            decode_png(second.content)
            == decode_png(first.content)
            == [f"https://khuyenhoc.example.vn{printout(client, article)}"]
        )
        with time_machine.travel(EDITED, tick=False):
            article.title = "Tiêu đề đã sửa"
            article.save()
        article.refresh_from_db()
        after = client.get(url)
        assert after.get("X-Page-Cache") != "hit"
        assert decode_png(after.content) == [f"https://khuyenhoc.example.vn{printed_address(client, article)}"]
        assert after["ETag"] != first["ETag"]

    def test_the_print_view_is_never_served_from_the_cache_so_its_time_is_right(self, client, article):
        url = reverse("printing:article-print", kwargs={"pk": article.pk, "slug": article.slug})
        with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 5, tzinfo=VN), tick=False):
            first = client.get(url)
        with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 40, tzinfo=VN), tick=False):
            second = client.get(url)
        assert "In lúc 09:05, ngày 01 tháng 6 năm 2024" in first.text
        assert "In lúc 09:40, ngày 01 tháng 6 năm 2024" in second.text
        assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


class ProgrammeChangeNoticeTests:
    @pytest.fixture
    def programme(self):
        with time_machine.travel(WRITTEN, tick=False):
            lead, partner = OrganizationFactory(name="Hội Khuyến học"), OrganizationFactory(name="Thành đoàn")
            programme = programme_with_parties([lead, partner], signatories=[("Nguyễn Văn An", "Chủ tịch", lead)])
            CommitmentFactory(programme=programme, number=1, title="Tuyên truyền")
        return programme

    def test_no_edit_no_notice(self, client, programme):
        assert PROGRAMME_NOTICE not in client.get(printout(client, programme)).text

    def test_a_new_commitment_after_printing_shows_the_notice_with_its_date(self, client, programme):
        address = printout(client, programme)
        with time_machine.travel(EDITED, tick=False):
            CommitmentFactory(programme=programme, number=2, title="Trao học bổng")
        html = client.get(address).text
        assert PROGRAMME_NOTICE in html
        assert "Thứ hai, 20/05/2024 14:45" in html

    def test_a_tampered_fingerprint_gives_the_normal_page(self, client, programme):
        with time_machine.travel(EDITED, tick=False):
            programme.venue = "Nơi khác"
            programme.save()
        response = client.get(programme.get_absolute_url(), {"ban-in": "abcdefabcdef"})
        assert response.status_code == 200
        assert PROGRAMME_NOTICE not in response.text
