"""The contents of cooperation."""

from importer import rules

VN = rules.VN_TZ


class CommitmentTests:
    def test_a_numbered_list_after_an_introduction_is_the_commitments(self):
        paragraphs = [
            "Chương trình gồm các nội dung sau:",
            "1. Tuyên truyền về học tập suốt đời.",
            "2. Tổ chức tư vấn hướng nghiệp.",
            "Hai bên cam kết thực hiện nghiêm túc.",
        ]
        assert [c.value for c in rules.find_commitments(paragraphs)] == [
            "Tuyên truyền về học tập suốt đời",
            "Tổ chức tư vấn hướng nghiệp",
        ]

    def test_a_bulleted_list_is_the_commitments(self):
        paragraphs = ["Nội dung phối hợp gồm:", "- Vận động hội viên", "+ Trao học bổng", "• Khen thưởng học sinh"]
        assert [c.value for c in rules.find_commitments(paragraphs)] == [
            "Vận động hội viên",
            "Trao học bổng",
            "Khen thưởng học sinh",
        ]

    def test_n_contents_in_running_text_take_the_next_n_sentences(self):
        paragraph = (
            "Hai bên ký kết 3 nội dung phối hợp trọng tâm: Tuyên truyền về khuyến học. Tổ chức tư vấn. "
            "Trao học bổng cho học sinh. Thời gian qua, các cấp Hội đã làm tốt."
        )
        assert [c.value for c in rules.find_commitments([paragraph])] == [
            "Tuyên truyền về khuyến học",
            "Tổ chức tư vấn",
            "Trao học bổng cho học sinh",
        ]

    def test_inline_numbers_split_the_contents(self):
        paragraph = "Hai bên thống nhất 2 nhóm nhiệm vụ: (1) tuyên truyền về khuyến học; (2) vận động nguồn lực."
        assert [c.value for c in rules.find_commitments([paragraph])] == [
            "Tuyên truyền về khuyến học",
            "Vận động nguồn lực",
        ]

    def test_what_the_parties_agree_is_split_at_semicolons_and_continues_after_a_connector(self):
        paragraphs = [
            "Tại lễ ký kết, các bên thống nhất phối hợp tuyên truyền về học tập suốt đời; vận động hội viên "
            "tham gia quỹ khuyến học. Đồng thời, thống nhất tổ chức tuyên dương học sinh giỏi.",
            "Mặt khác, phối hợp khen thưởng giáo viên dạy giỏi.",
            "Có thể kể đến nhiều mô hình hay.",
        ]
        assert [c.value for c in rules.find_commitments(paragraphs)] == [
            "Tuyên truyền về học tập suốt đời",
            "Vận động hội viên tham gia quỹ khuyến học",
            "Tổ chức tuyên dương học sinh giỏi",
            "Khen thưởng giáo viên dạy giỏi",
        ]

    def test_a_semicolon_inside_one_commitment_does_not_split_it(self):
        paragraph = "Các đơn vị thống nhất động viên kịp thời học sinh đạt thành tích cao; giáo viên vươn lên dạy giỏi."
        assert len(rules.find_commitments([paragraph])) == 1

    def test_each_commitment_keeps_the_sentence_it_came_from(self):
        paragraph = "Hai bên thống nhất tuyên truyền về khuyến học; vận động nguồn lực."
        assert {c.source for c in rules.find_commitments([paragraph])} == {paragraph}

    def test_an_article_without_contents_has_no_commitments(self):
        assert rules.find_commitments(["Hội nghị diễn ra trang trọng.", "Các đại biểu phát biểu ý kiến."]) == []


class AgreedContentTests:
    def test_what_the_sides_cooperate_on_is_listed(self):
        paragraph = "Theo chương trình, các bên phối hợp mở lớp xóa mù chữ; vận động trẻ em đến trường."
        assert [c.value for c in rules.find_commitments([paragraph])] == [
            "Mở lớp xóa mù chữ",
            "Vận động trẻ em đến trường",
        ]

    def test_what_the_signed_text_has_each_side_do_is_listed(self):
        paragraph = (
            "Theo thỏa thuận, Bưu điện tỉnh chuyển sách miễn phí tới các tủ sách xã; "
            "hai bên cùng tổ chức ngày hội đọc sách hằng năm."
        )
        assert [c.value for c in rules.find_commitments([paragraph])] == [
            "Bưu điện tỉnh chuyển sách miễn phí tới các tủ sách xã",
            "Tổ chức ngày hội đọc sách hằng năm",
        ]
