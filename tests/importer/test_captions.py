"""Captions, bylines and sources."""

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
