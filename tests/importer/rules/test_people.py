"""People with positions, signatories and the venue."""

import pytest

from importer import rules

VN = rules.VN_TZ


class PeopleTests:
    @pytest.mark.parametrize(
        ("sentence", "people"),
        [
            ("Đồng chí Hoàng Văn Đạt, Chủ tịch Hội Khuyến học thành phố phát biểu.",
             [("Hoàng Văn Đạt", "Chủ tịch Hội Khuyến học thành phố")]),
            ("Giám đốc Sở Giáo dục và Đào tạo Bùi Văn Khang cùng đại diện các sở dự lễ.",
             [("Bùi Văn Khang", "Giám đốc Sở Giáo dục và Đào tạo")]),
            ("Đại tá Nguyễn Hữu Tâm, Chỉ huy trưởng BCHQS tỉnh khẳng định sẽ triển khai.",
             [("Nguyễn Hữu Tâm", "Chỉ huy trưởng BCHQS tỉnh")]),
            ("bà Lê Thị Cúc (Chủ tịch Hội LHPN huyện) trao quà.", [("Lê Thị Cúc", "Chủ tịch Hội LHPN huyện")]),
            ("Ký kết có: ông Vũ Đình Lực, Chủ tịch UBMTTQ xã; bà Đỗ Thị Nga, Phó Chủ tịch Thường trực Hội "
             "Khuyến học xã.",
             [("Vũ Đình Lực", "Chủ tịch UBMTTQ xã"), ("Đỗ Thị Nga", "Phó Chủ tịch Thường trực Hội Khuyến học xã")]),
            ("Bí thư Quận đoàn Lê Chân Phạm Thị Hồng Vân cho biết đơn vị sẽ hưởng ứng.",
             [("Phạm Thị Hồng Vân", "Bí thư Quận đoàn Lê Chân")]),
            ("GS.TS Nguyễn Văn Bình, Chủ tịch Hội Khuyến học Việt Nam đánh giá cao kết quả.",
             [("Nguyễn Văn Bình", "Chủ tịch Hội Khuyến học Việt Nam")]),
        ],
    )  # fmt: skip
    def test_a_person_is_read_with_the_position_written_before_or_after_the_name(self, sentence, people):
        assert rules.find_people(sentence) == people

    @pytest.mark.parametrize(
        "sentence",
        [
            "Hiệu trưởng Trường THPT Ngô Quyền cho biết nhà trường sẽ hưởng ứng.",
            "Hội Khuyến học tỉnh Hà Nam ký chương trình phối hợp.",
            "Tại Trường THPT Ngô Quyền, hai bên ký kết.",
        ],
    )
    def test_a_school_named_after_a_person_or_a_province_is_not_a_person(self, sentence):
        assert rules.find_people(sentence) == []

    @pytest.mark.parametrize(
        ("position", "organization"),
        [
            ("Chủ tịch Hội Khuyến học thành phố", "Hội Khuyến học thành phố"),
            ("Phó Chủ tịch Thường trực Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh"),
            ("Bí thư Thành đoàn", "Thành đoàn"),
            ("Trưởng Công an xã Thủy Triều", "Công an xã Thủy Triều"),
            ("Chủ tịch", ""),
        ],
    )
    def test_the_organization_of_a_position_follows_its_title(self, position, organization):
        assert rules.position_organization(position) == organization


class VenueTests:
    @pytest.mark.parametrize(
        ("sentence", "venue"),
        [
            ("Sáng 26/3, tại Trường THPT Ngô Quyền, Thành đoàn ký kết.", "Trường THPT Ngô Quyền"),
            ("Sáng 30/10, tại trụ sở Hội Khuyến học tỉnh, hai bên ký kết.", "Trụ sở Hội Khuyến học tỉnh"),
            ("Chiều 1/3, tại UBND huyện Tiên Lữ đã diễn ra lễ ký kết.", "UBND huyện Tiên Lữ"),
            ("Lễ ký kết diễn ra tại Hội trường Quận ủy Lê Chân.", "Hội trường Quận ủy Lê Chân"),
            ("Tại Hội nghị ký kết, các cơ quan thống nhất phối hợp.", ""),
            ("Theo đó tại Hải Phòng, chương trình đã được triển khai.", ""),
        ],
    )
    def test_a_venue_is_a_place_after_tai_not_an_event_or_a_city(self, sentence, venue):
        assert rules.find_venue(sentence) == venue


class SignatoryTests:
    def test_former_posts_are_skipped_for_the_one_held_in_a_party(self):
        sentence = "Ký chương trình có ông Lò Văn Hải, nguyên Bí thư Huyện ủy, Chủ tịch Hội Khuyến học huyện."
        assert rules.people_with_positions(sentence) == [("Lò Văn Hải", ["Chủ tịch Hội Khuyến học huyện"])]

    def test_a_position_is_not_taken_for_a_name(self):
        people = rules.people_with_positions("bà Hà Thị Thu, Trưởng Công an xã Nậm Pồ")
        assert [name for name, _positions in people] == ["Hà Thị Thu"]

    def test_every_person_tied_to_the_signing_is_a_signatory_and_a_speaker_is_not(self):
        text = (
            "Hội Khuyến học và Hội Nông dân huyện Đắk Mil ký kết phối hợp\n\n"
            "Sáng 3/4, Hội Khuyến học huyện Đắk Mil và Hội Nông dân huyện Đắk Mil ký kết chương trình phối hợp "
            "giai đoạn 2025-2027.\n\n"
            "Ký kết chương trình: ông Y Bhin Niê, Chủ tịch Hội Khuyến học huyện Đắk Mil; bà Trần Thị Vân, "
            "Chủ tịch Hội Nông dân huyện Đắk Mil.\n\n"
            "Ông Lê Văn Tám, Phó Chủ tịch Hội Khuyến học huyện Đắk Mil phát biểu tại buổi lễ.\n\nThu Hà"
        )
        signatories = rules.extract_article(text).programme.signatories
        assert [(s.name, s.organization) for s in signatories] == [
            ("Y Bhin Niê", "Hội Khuyến học huyện Đắk Mil"),
            ("Trần Thị Vân", "Hội Nông dân huyện Đắk Mil"),
        ]

    def test_a_place_right_after_the_day_is_the_venue(self):
        assert rules.find_venue("Chiều 14-6, tại Buôn Ma Thuột, hai hội ký kết chương trình.") == "Buôn Ma Thuột"
        assert rules.find_venue("Vừa qua tại Buôn Ma Thuột, hội đã trao quà.") == ""
