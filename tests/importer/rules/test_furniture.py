"""importer.rules.furniture: the page's menus, widgets and links that are not the article."""

import pytest

from importer import rules
from tests.importer.conftest import CORPUS


class PageFurnitureTests:
    @pytest.mark.parametrize(
        "line",
        [
            "Print", "Gốc", "Tiện ích thông tin", "Nguồn tin", "QR Code", "QR Code Fanpage",
            "Chúng tôi trên Mạng Xã hội", "Tin khác", "Tin mới", "Bình luận", "Bình luận của bạn", "Xem thêm",
            "Gửi ban biên tập", "Chia sẻ", "Tìm kiếm văn bản", "QR CODE: Một tiêu đề bất kỳ",
            "Mã QR Code truy cập vào Fanpage Cổng tin tức Thành phố Hải Phòng", "Từ khóa: khuyến học",
        ],
    )  # fmt: skip
    def test_page_furniture_is_recognized(self, line):
        assert rules.is_furniture(line)

    def test_furniture_never_reaches_the_article(self):
        text = (CORPUS / "01_lechan_quan_doan.txt").read_text(encoding="utf-8")
        found = rules.extract_article(text)
        article_text = " ".join(
            [found.title.value, found.lead.value, *found.paragraphs, *(c.value for c in found.captions)]
        )
        for furniture in ["Print", "Gốc", "Tiện ích thông tin", "QR Code", "Mạng Xã hội", "Tin khác", "Fanpage"]:
            assert furniture not in article_text

    def test_print_and_original_link_are_stripped_from_the_date_line(self):
        assert rules.strip_inline_furniture("Print Thứ ba, 26/03/2019 15:08 Gốc") == "Thứ ba, 26/03/2019 15:08"


class MenuLineTests:
    @pytest.mark.parametrize(
        ("line", "furniture"),
        [
            ("Tiếng Việt | English", True),
            ("Trang chủ | Tin tức | Liên hệ", True),
            ("12/03/2025 | 09:40", False),
            ("Hội Khuyến học tỉnh ký kết chương trình phối hợp", False),
        ],
    )
    def test_a_language_switcher_or_a_menu_is_page_furniture(self, line, furniture):
        assert rules.is_furniture(line) is furniture
