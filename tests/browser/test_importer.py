"""Staff paste an article page into "Nhập từ bài viết", check what was read (two signatories, the
programme's title with its period, dates as dd/mm/yyyy), correct a party and find the drafts, in a real
Chromium."""

import pytest

from agreements.models import Programme
from news.models import Article
from organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A page as a browser copies it from a city portal, in our own words: date line with Print/Gốc, a lead
# whose period lost its dash at a line break, a caption, the byline, the source and the page furniture.
PAGE = """Print Thứ năm, 21/03/2024 16:05 Gốc


Sáng 20/3, tại Trung tâm Văn hóa huyện An Lão, Hội Khuyến học huyện An Lão và Đoàn Thanh niên
huyện tổ chức Lễ ký kết Chương trình phối hợp đẩy mạnh học tập suốt đời trong thanh niên giai đoạn 2024
2027.

Lãnh đạo hai đơn vị ký kết chương trình phối hợp.

Chương trình nhằm phát huy vai trò xung kích của đoàn viên trong việc xây dựng gia đình học tập, dòng
họ học tập và hỗ trợ học sinh có hoàn cảnh khó khăn ở các xã, thị trấn trong huyện.

Hai bên thống nhất 3 nội dung phối hợp: Tuyên truyền về học tập suốt đời trong đoàn viên, thanh niên.
Vận động thanh niên tham gia quỹ khuyến học. Tổ chức trao học bổng cho học sinh vượt khó học giỏi.

Thay mặt hai bên ký kết chương trình có bà Đoàn Thị Mai, Chủ tịch Hội Khuyến học huyện An Lão và anh
Phạm Văn Hùng, Bí thư Đoàn Thanh niên huyện. Bà Mai mong muốn các chi đoàn đồng hành cùng các chi hội
khuyến học ở thôn, tổ dân phố.

Lan Chi

Nguồn. anlao.haiphong.gov.vn

Tiện ích thông tin
Nguồn tin
QR Code
QR CODE: Hội Khuyến học và Đoàn Thanh niên huyện An Lão ký kết chương trình phối hợp
Chúng tôi trên Mạng Xã hội
QR Code Fanpage
Tin khác
"""
TITLE = "Hội Khuyến học và Đoàn Thanh niên huyện An Lão ký kết chương trình phối hợp"


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")


def test_staff_import_an_article_correct_a_party_and_find_the_drafts(page, live_server, superuser, artifacts):
    association = OrganizationFactory(name="Hội Khuyến học huyện An Lão", kind=Organization.Kind.STUDY_PROMOTION)
    youth_union = OrganizationFactory(name="Huyện đoàn An Lão", kind=Organization.Kind.YOUTH_UNION)
    log_in(page, live_server, "quantri", "mat-khau-quan-tri")

    page.click('tr.model-importrecord th a:has-text("Nhập từ bài viết")')
    page.fill("#id_text", PAGE)
    page.fill("#id_source_url", "https://anlao.haiphong.gov.vn/tin-tuc/ky-ket-phoi-hop")
    page.click("input[name=_doc_bai]")

    # The review shows what was read, each with its source sentence.
    page.wait_for_selector("#importer-review-form")
    assert page.input_value("#id_title") == TITLE
    assert page.input_value("#id_start_year") == "2024" and page.input_value("#id_end_year") == "2027"
    assert page.input_value("#id_published_at") == "21/03/2024 16:05"
    assert page.input_value("#id_signing_date") == "20/03/2024"
    assert page.input_value("#id_programme_title") == (
        "Chương trình phối hợp đẩy mạnh học tập suốt đời trong thanh niên giai đoạn 2024-2027"
    )
    assert page.input_value("#id_venue") == "Trung tâm Văn hóa huyện An Lão"
    assert "Câu gốc" in page.inner_text("#importer-programme")
    assert page.input_value("#id_commitments").splitlines() == [
        "Tuyên truyền về học tập suốt đời trong đoàn viên, thanh niên",
        "Vận động thanh niên tham gia quỹ khuyến học",
        "Tổ chức trao học bổng cho học sinh vượt khó học giỏi",
    ]
    rows = page.locator("tr.importer-party")
    assert rows.nth(0).locator("strong").inner_text() == "Hội Khuyến học huyện An Lão"
    assert page.input_value("#id_ben-0-organization") == str(association.pk)
    assert rows.nth(1).locator("strong").inner_text() == "Đoàn Thanh niên huyện"
    assert page.input_value("#id_ben-1-organization") == ""

    # Both people who signed are offered, each for the party they signed for, and one empty row.
    signatories = page.locator("tr.importer-signatory")
    assert signatories.count() == 3
    assert [page.input_value(f"#id_nguoiky-{i}-name") for i in range(3)] == ["Đoàn Thị Mai", "Phạm Văn Hùng", ""]
    assert page.input_value("#id_nguoiky-1-position") == "Bí thư Đoàn Thanh niên huyện"
    assert [page.input_value(f"#id_nguoiky-{i}-party") for i in range(2)] == ["0", "1"]

    # The youth union is in the directory under another name: staff pick it instead of creating one.
    page.select_option("#id_ben-1-organization", label="Huyện đoàn An Lão")
    page.screenshot(path=str(artifacts / "importer_review.png"), full_page=True)
    page.click("input[name=_xac_nhan]")

    # The programme opens as a draft with its two parties.
    page.wait_for_selector("#programme_form")
    assert "Đã tạo bài viết nháp" in page.inner_text(".messagelist")
    parties = page.inner_text("#parties-group")
    assert "Hội Khuyến học huyện An Lão" in parties and "Huyện đoàn An Lão" in parties
    assert page.is_checked("#id_is_published") is False
    page.screenshot(path=str(artifacts / "importer_programme.png"), full_page=True)

    # The draft article is in the article list, not published.
    page.goto(f"{live_server.url}/quan-tri/news/article/")
    row = page.locator("#result_list tr", has_text=TITLE)
    assert row.count() == 1 and "Bản nháp" in row.inner_text()

    programme = Programme.objects.get()
    assert [p.organization for p in programme.parties.order_by("order")] == [association, youth_union]
    assert programme.commitments.count() == 3
    assert [(s.name, s.organization) for s in programme.signatories.order_by("order")] == [
        ("Đoàn Thị Mai", association),
        ("Phạm Văn Hùng", youth_union),
    ]
    assert programme.signing_date.isoformat() == "2024-03-20"
    assert programme.title == "Chương trình phối hợp đẩy mạnh học tập suốt đời trong thanh niên giai đoạn 2024-2027"
    assert Organization.objects.count() == 2
    article = Article.objects.get()
    assert (article.status, article.source_url) == (
        Article.Status.DRAFT,
        "https://anlao.haiphong.gov.vn/tin-tuc/ky-ket-phoi-hop",
    )
    assert page.console_errors == []
