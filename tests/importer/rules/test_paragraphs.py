"""importer.rules.paragraphs: lines to paragraphs, and sentences."""

import pytest

from importer import rules


class ParagraphTests:
    def test_lines_hard_wrapped_by_the_copy_are_joined_into_one_paragraph(self):
        lines = [
            "Sáng 12/10, tại Hội trường Quận ủy, Quận đoàn và Hội Khuyến học quận tổ chức Lễ",
            "ký kết Chương trình phối hợp về công tác khuyến học trong đoàn viên, thanh niên",
            "giai đoạn 2024",
            "2027.",
            "",
            "Đoạn thứ hai.",
        ]
        assert rules.lines_to_paragraphs(lines) == [
            "Sáng 12/10, tại Hội trường Quận ủy, Quận đoàn và Hội Khuyến học quận tổ chức Lễ ký kết Chương trình "
            "phối hợp về công tác khuyến học trong đoàn viên, thanh niên giai đoạn 2024-2027.",
            "Đoạn thứ hai.",
        ]

    def test_a_wrapped_line_that_happens_to_end_a_sentence_at_the_margin_does_not_end_the_paragraph(self):
        lines = [
            "Hai bên thống nhất 3 nội dung phối hợp: Tuyên truyền về học tập suốt đời trong đoàn viên, thanh niên.",
            "Vận động thanh niên tham gia quỹ khuyến học. Tổ chức trao học bổng cho học sinh vượt khó học giỏi.",
        ]
        assert rules.lines_to_paragraphs(lines) == [" ".join(lines)]

    def test_one_paragraph_per_line_is_not_mistaken_for_a_wrapped_copy(self):
        lines = [
            "Trong 6 tháng đầu năm, các cấp Hội Khuyến học trên địa bàn thành phố tiếp tục đẩy mạnh các hình thức "
            "tuyên truyền nâng cao nhận thức cán bộ, đảng viên về chủ trương của Đảng đối với khuyến học.",
            "Để hoàn thành nhiệm vụ 6 tháng cuối năm, Hội đẩy mạnh công tác tuyên truyền về khuyến học.",
        ]
        assert rules.lines_to_paragraphs(lines) == lines

    def test_short_caption_lines_in_one_block_stay_apart(self):
        lines = ["Hội nghị sơ kết công tác khuyến học.", "Các đại biểu tham gia ý kiến.", "Các đại biểu dự hội nghị."]
        assert rules.lines_to_paragraphs(lines) == lines

    def test_list_items_are_not_joined(self):
        lines = [
            "Nội dung gồm:",
            "- Tuyên truyền về khuyến học cho đoàn viên thanh niên ở các xã phường",
            "- Trao học bổng",
        ]
        assert rules.lines_to_paragraphs(lines) == lines

    @pytest.mark.parametrize(
        ("text", "count"),
        [
            ("Hội phát triển mới 1.100 hội viên. Các cấp Hội trao học bổng.", 2),
            ("Thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007. Kể từ đó đến nay, phong trào phát triển.", 2),
            ("Tại TP. Hải Phòng, Hội tổ chức lễ. Đại biểu dự đông đủ.", 2),
            ("Đồng chí P.S tham dự hội nghị.", 1),
        ],
    )
    def test_sentences_split_at_full_stops_but_not_inside_numbers_or_abbreviations(self, text, count):
        assert len(rules.split_sentences(text)) == count
