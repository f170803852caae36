"""Captions, bylines and sources."""

import datetime

import pytest

from importer import rules

VN = rules.VN_TZ


class CaptionAndBylineTests:
    @pytest.mark.parametrize(
        "paragraph",
        [
            "Đại biểu dự Hội nghị.",
            "Lãnh đạo các cơ quan, đơn vị ký kết chương trình phối hợp.",
            "Đồng chí Hoàng Văn Đạt, Chủ tịch Hội Khuyến học thành phố phát biểu.",
            "Hội Khuyến học tỉnh ký phối hợp với 7 đơn vị- Ảnh 1.",
            "Quang cảnh lễ ký kết (Ảnh: Hoài Nam)",
            "Các tập thể được biểu dương tại hội nghị.",
        ],
    )
    def test_a_short_line_standing_under_a_picture_is_a_caption(self, paragraph):
        assert rules.is_caption(paragraph)

    @pytest.mark.parametrize(
        "paragraph",
        [
            "Hội nghị đã biểu dương 25 tập thể và 40 cá nhân có thành tích xuất sắc trong thực hiện chương trình.",
            "Tham dự Hội nghị có Giám đốc Sở Giáo dục và Đào tạo cùng đại diện lãnh đạo các Sở, ban, ngành, đơn vị "
            "liên quan đến công tác khuyến học của thành phố.",
            "Chương trình gồm các nội dung sau:",
            "- Trao học bổng",
            "Theo đó, hai bên ký kết.",
            "Hai bên thống nhất 3 nội dung phối hợp: Tuyên truyền về học tập suốt đời trong đoàn viên.",
            "Các bên thống nhất vận động hội viên tham gia quỹ khuyến học.",
            # A caption ends in "phát biểu tại …", not a sentence that only begins with it.
            "Phát biểu tại buổi lễ, lãnh đạo Hội Khuyến học tỉnh mong các em tiếp tục nỗ lực vươn lên trong học tập.",
        ],
    )
    def test_a_statement_an_introduction_or_a_list_item_is_not_a_caption(self, paragraph):
        assert not rules.is_caption(paragraph)

    @pytest.mark.parametrize(
        "line", ["Hoàng Tùng", "P.S", "H.T", "Nguyễn Thị Thu", "Minh Anh (TTXVN)", "Hồng Nhung - Lan Hương"]
    )
    def test_an_author_line_is_a_name_or_initials(self, line):
        assert rules.is_name_like(line)

    @pytest.mark.parametrize("line", ["Tin khác", "Đại biểu dự hội nghị", "Nguồn tin", "Hội nghị năm 2024", "Xem thêm"])
    def test_furniture_and_captions_are_not_author_lines(self, line):
        assert not rules.is_name_like(line)


class HeaderTests:
    def test_an_iso_date_glued_before_the_headline_dates_the_page(self):
        found = rules.extract_article(
            "date 2025-02-03 Hội Khuyến học huyện trao quà Tết cho học sinh\n\n"
            "Chiều 2/2, Hội Khuyến học huyện trao 120 suất quà Tết cho học sinh có hoàn cảnh khó khăn ở các xã "
            "vùng cao của huyện.\n\nMai Hoa"
        )
        assert found.title.value == "Hội Khuyến học huyện trao quà Tết cho học sinh"
        assert found.published.value == datetime.date(2025, 2, 3)

    def test_the_browsers_site_and_headline_line_gives_way_to_the_headline(self):
        found = rules.extract_article(
            "Cổng tin Khuyến học - Hai hội ký kết phối hợp\nCổng tin Khuyến học\n\nHai hội ký kết phối hợp\n"
            "03.04.2025\n\nSáng 2/4, Hội Khuyến học và Hội Cựu giáo chức tỉnh ký kết chương trình phối hợp giai "
            "đoạn 2025-2030.\n\nPV"
        )
        assert found.title.value == "Hai hội ký kết phối hợp"

    def test_a_source_line_with_the_address_names_the_paper(self):
        found = rules.extract_article(
            "Trao học bổng cho học sinh nghèo\n\nSáng 2/4, Hội Khuyến học tỉnh trao 80 suất học bổng cho học sinh "
            "nghèo vượt khó ở các huyện miền núi của tỉnh.\n\nMINH TÂM\n\n"
            "Nguồn Báo Tin Tức: https://example.vn/trao-hoc-bong-cho-hoc-sinh-ngheo-vuot-kho-o-cac-huyen-mien-nui.html"
        )
        assert (found.author.value, found.source.value) == ("MINH TÂM", "Báo Tin Tức")
