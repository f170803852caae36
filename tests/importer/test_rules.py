"""Each rule of importer.rules on its own: dates, periods, organizations, people, commitments, page parts."""

import datetime
import time

import pytest

from importer import rules
from tests.importer.conftest import CORPUS

VN = rules.VN_TZ


class TimestampTests:
    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            ("Thứ ba, 26/03/2025 15:08", datetime.datetime(2025, 3, 26, 15, 8, tzinfo=VN)),
            ("Print Thứ Sáu, 27/09/2024 10:20 Gốc", datetime.datetime(2024, 9, 27, 10, 20, tzinfo=VN)),
            ("15:06 - 16/05/2024", datetime.datetime(2024, 5, 16, 15, 6, tzinfo=VN)),
            ("31.10.2023", datetime.date(2023, 10, 31)),
            ("Cập nhật: 19:17, 08/09/2023 (GMT+7)", datetime.datetime(2023, 9, 8, 19, 17, tzinfo=VN)),
            ("Chủ nhật, 03/03/2024 20:10", datetime.datetime(2024, 3, 3, 20, 10, tzinfo=VN)),
            ("Thứ 7, 16/03/2024 - 10:15", datetime.datetime(2024, 3, 16, 10, 15, tzinfo=VN)),
            ("Ngày đăng: 06/06/2024 | 14:20", datetime.datetime(2024, 6, 6, 14, 20, tzinfo=VN)),
            ("09/11/2024 10:05", datetime.datetime(2024, 11, 9, 10, 5, tzinfo=VN)),
            ("Thứ bảy, 12/10/2024, 16:40 (GMT+7)", datetime.datetime(2024, 10, 12, 16, 40, tzinfo=VN)),
        ],
    )
    def test_a_timestamp_line_in_a_portal_format_is_read_with_its_time(self, line, expected):
        assert rules.parse_timestamp(line) == expected

    @pytest.mark.parametrize(
        "line",
        [
            "Thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007 của Bộ Chính trị về tăng cường công tác khuyến học",
            "Sáng 26/3, tại Trường THPT Ngô Quyền",
            "31/02/2024 10:00",
            "",
        ],
    )
    def test_a_sentence_or_an_impossible_date_is_not_a_timestamp(self, line):
        assert rules.parse_timestamp(line) is None


class EventDateTests:
    @pytest.mark.parametrize(
        ("sentence", "reference", "expected"),
        [
            ("Sáng 26/3, hai bên ký kết chương trình.", datetime.date(2019, 3, 26), datetime.date(2019, 3, 26)),
            # Without a date line a bare day has no year: the period's or any other year is not the event's.
            ("Sáng 30-3, hội nghị ký kết giai đoạn 2022-2026.", None, None),
            ("Ngày 15/5 năm nay, Hội tổ chức ký kết; năm 2024 Hội đã ký nhiều chương trình.", None, None),
            # The report follows the event: a 30 December event reported on 2 January is last year's.
            ("Chiều 30/12, các bên ký kết.", datetime.date(2025, 1, 2), datetime.date(2024, 12, 30)),
            ("Ngày 5/6/2024, hai đơn vị ký kết.", datetime.date(2024, 6, 6), datetime.date(2024, 6, 5)),
            ("Ngày 5/6/2024, hai đơn vị ký kết.", None, datetime.date(2024, 6, 5)),
            ("Sáng nay, hai đơn vị ký kết.", datetime.date(2024, 6, 6), datetime.date(2024, 6, 6)),
            ("Chiều nay (5/11), hai đơn vị ký kết.", datetime.date(2024, 11, 5), datetime.date(2024, 11, 5)),
            ("Hai đơn vị ký kết chương trình.", None, None),
            ("Sáng 26/3, hai bên ký kết chương trình.", None, None),
        ],
    )  # fmt: skip
    def test_a_bare_day_takes_its_year_from_the_date_line_only(self, sentence, reference, expected):
        assert rules.find_event_date(sentence, reference=reference) == expected


class PeriodTests:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("giai đoạn 2019-2022", (2019, 2022)),
            ("giai đoạn 2019 – 2022", (2019, 2022)),
            ("giai đoạn 2023 - 2026, định hướng đến năm 2030", (2023, 2026)),
            ("giai đoạn 2019\n2022.", (2019, 2022)),
            ("giai đoạn 2019 2022", (2019, 2022)),
            ("giai đoạn 2021—2025", (2021, 2025)),
            ("thời gian thực hiện từ năm 2024 đến năm 2026", (2024, 2026)),
            ("(2024-2029)", (2024, 2029)),
            ("chương trình phối hợp khuyến học năm 2024", (2024, 2024)),
            ("chương trình phối hợp giai đoạn từ năm 2024", (2024, None)),
        ],
    )
    def test_a_period_is_read_in_the_ways_the_press_writes_it(self, text, expected):
        assert rules.find_period(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "Đại hội nhiệm kỳ 2024-2029",
            "năm học 2023-2024",
            "vào các năm 2019 2022",  # two years side by side without "giai đoạn" are not a period
            "giai đoạn 2030-2019",
            "nhận 2.000 suất học bổng",
        ],
    )
    def test_a_term_of_office_a_school_year_or_a_backwards_range_is_not_a_period(self, text):
        assert rules.find_period(text) is None


class OrganizationMatcherTests:
    KNOWN = [
        rules.KnownOrganization(
            1, "HKH", ("Hội Khuyến học thành phố Hải Phòng", "Hội Khuyến học thành phố", "HKH Hải Phòng")
        ),
        rules.KnownOrganization(
            2, "Thành đoàn", ("Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng", "Thành đoàn Hải Phòng")
        ),
        rules.KnownOrganization(
            3, "MTTQ", ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa", "Ủy ban Mặt trận Tổ quốc tỉnh Thanh Hóa")
        ),
        rules.KnownOrganization(4, "BĐBP", ("Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng", "", "BĐBP")),
        rules.KnownOrganization(5, "LĐLĐ", ("Liên đoàn Lao động tỉnh Nghệ An", "Công đoàn Nghệ An")),
    ]
    HAI_PHONG = rules.Locality((("thành phố", "Hải Phòng"),), ("thành phố", "Hải Phòng"))
    THANH_HOA = rules.Locality((("tỉnh", "Thanh Hóa"),), ("tỉnh", "Thanh Hóa"))
    NGHE_AN = rules.Locality((("tỉnh", "Nghệ An"),), ("tỉnh", "Nghệ An"))

    @pytest.mark.parametrize(
        ("written", "locality", "pk"),
        [
            ("Hội Khuyến học thành phố Hải Phòng", None, 1),  # full name
            ("Thành đoàn Hải Phòng", None, 2),  # short name
            ("BĐBP", None, 4),  # abbreviation
            ("HKH Hải Phòng", None, 1),  # alias
            ("hoi khuyen hoc thanh pho hai phong", None, 1),  # without diacritics
            ("HỘI KHUYẾN HỌC THÀNH PHỐ HẢI PHÒNG", None, 1),  # in capitals
            ("Ủy ban MTTQ tỉnh", "thanh_hoa", 3),  # built-in abbreviation and a bare "tỉnh"
            ("Uỷ ban Mặt trận Tổ quốc tỉnh Thanh Hóa", None, 3),  # the other way to place the accent
            ("LĐLĐ tỉnh", "nghe_an", 5),
            ("Liên đoàn Lao động", "nghe_an", 5),  # a bare type takes the article's place
            ("Công đoàn Nghệ An", None, 5),
            ("Hội Khuyến học tỉnh Nam Định", None, None),
            ("Công an thành phố", "hai_phong", None),
        ],
    )
    def test_a_name_is_matched_by_name_short_name_abbreviation_or_alias(self, written, locality, pk):
        places = {"hai_phong": self.HAI_PHONG, "thanh_hoa": self.THANH_HOA, "nghe_an": self.NGHE_AN}
        assert rules.OrganizationMatcher(self.KNOWN).match(written, places.get(locality)) == pk

    @pytest.mark.parametrize(
        ("abbreviation", "expansion"),
        [
            ("HKH", "Hội Khuyến học"),
            ("MTTQ", "Mặt trận Tổ quốc"),
            ("BCHQS", "Bộ Chỉ huy Quân sự"),
            ("BĐBP", "Bộ đội Biên phòng"),
            ("LĐLĐ", "Liên đoàn Lao động"),
            ("Hội LHPN", "Hội Liên hiệp Phụ nữ"),
            ("UBND", "Ủy ban nhân dân"),
            ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ],
    )
    def test_the_built_in_table_spells_out_common_abbreviations(self, abbreviation, expansion):
        assert rules.expand_abbreviations(f"{abbreviation} tỉnh") == f"{expansion} tỉnh"

    def test_an_abbreviation_inside_a_word_is_left_alone(self):
        assert rules.expand_abbreviations("Hội KHKT") == "Hội KHKT"

    @pytest.mark.parametrize(
        ("written", "locality", "suggested"),
        [
            ("Ủy ban MTTQ tỉnh", ("tỉnh", "Thanh Hóa"), "Ủy ban Mặt trận Tổ quốc tỉnh Thanh Hóa"),
            ("Công an", ("huyện", "Kim Bảng"), "Công an huyện Kim Bảng"),
            ("Quận đoàn", ("quận", "Lê Chân"), "Quận đoàn Lê Chân"),
            ("Hội LHPN huyện Yên Thế", None, "Hội Liên hiệp Phụ nữ huyện Yên Thế"),
        ],
    )
    def test_a_new_organization_is_offered_under_its_full_name(self, written, locality, suggested):
        place = rules.Locality((locality,), locality) if locality else None
        assert rules.suggested_organization_name(written, place) == suggested

    @pytest.mark.parametrize(
        ("name", "kind", "level"),
        [
            ("Hội Khuyến học huyện Kim Bảng", "khuyen_hoc", "huyen"),
            ("Thành đoàn Hải Phòng", "doan_thanh_nien", "tinh"),
            ("Hội LHPN xã Hải Tân", "hoi_phu_nu", "xa"),
            ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Trị", "bien_phong", "tinh"),
            ("BCHQS tỉnh Quảng Trị", "quan_su", "tinh"),
            ("Công an quận Lê Chân", "cong_an", "huyen"),
            ("Ủy ban MTTQ Việt Nam", "mat_tran", "trung_uong"),
            ("Sở GD&ĐT tỉnh Hà Nam", "giao_duc", "tinh"),
            ("Trường THPT Ngô Quyền", "truong_hoc", "co_so"),
            ("Công ty cổ phần Sữa Phương Nam", "doanh_nghiep", "co_so"),
            ("Liên đoàn Lao động tỉnh", "lien_doan_lao_dong", "tinh"),
            ("Hội Nông dân tỉnh", "hoi_nong_dan", "tinh"),
        ],
    )
    def test_kind_and_level_of_a_new_organization_are_guessed_from_its_name(self, name, kind, level):
        assert (rules.guess_kind(name), rules.guess_level(name)) == (kind, level)

    def test_the_guessed_kinds_and_levels_are_the_directorys_choices(self):
        from organizations.models import Organization

        assert {kind for kind, _needles in rules.KIND_RULES} <= set(Organization.Kind.values)
        assert {level for level, _regex in rules.LEVEL_RULES} | {"co_so", "tinh"} <= set(Organization.Level.values)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Hội Khuyến học, Bộ Chỉ huy Quân sự, Công an và Bộ Chỉ huy Bộ đội biên phòng thành phố",
             ["Hội Khuyến học thành phố", "Bộ Chỉ huy Quân sự thành phố", "Công an thành phố",
              "Bộ Chỉ huy Bộ đội biên phòng thành phố"]),
            ("Công an, Hội Nông dân của tỉnh Nam Định", ["Công an tỉnh Nam Định", "Hội Nông dân tỉnh Nam Định"]),
            ("Thành đoàn Hải Phòng và Hội Khuyến học thành phố", ["Thành đoàn Hải Phòng", "Hội Khuyến học thành phố"]),
            ("Quận đoàn và Hội Khuyến học quận Ngô Quyền", ["Quận đoàn Ngô Quyền", "Hội Khuyến học quận Ngô Quyền"]),
            ("Sở Giáo dục và Đào tạo và Hội Khuyến học tỉnh", ["Sở Giáo dục và Đào tạo tỉnh", "Hội Khuyến học tỉnh"]),
            ("Sở Văn hóa, Thể thao và Du lịch, Hội Khuyến học", ["Sở Văn hóa, Thể thao và Du lịch", "Hội Khuyến học"]),
        ],
    )  # fmt: skip
    def test_a_list_of_organizations_is_split_and_shares_its_closing_locality(self, text, expected):
        assert rules.distribute_locality(rules.split_organization_list(text)) == expected

    @pytest.mark.parametrize(
        ("chunk", "expected"),
        [
            ("Hội Khuyến học tỉnh Hà Nam", True),
            ("Công an", True),
            ("BCHQS tỉnh", True),
            ("Trung ương Hội Sinh viên Việt Nam", True),
            ("các tổ chức chính trị - xã hội cấp tỉnh", False),
            ("7 cơ quan", False),
            ("đơn vị của tỉnh Hà Nam", False),
            ("Hội", False),
        ],
    )
    def test_groups_and_counts_are_not_organizations(self, chunk, expected):
        assert rules.looks_like_organization(chunk) is expected


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


class SigningEventTests:
    @pytest.mark.parametrize(
        "sentence",
        [
            "Thành đoàn và Hội Khuyến học tổ chức Lễ ký kết Chương trình phối hợp giai đoạn 2024-2027.",
            "Hội Khuyến học tỉnh ký chương trình phối hợp với 7 cơ quan, đơn vị.",
            "Hội Khuyến học tỉnh Hà Nam ký phối hợp công tác khuyến học với 7 đơn vị",
            "Hai đơn vị ký kết quy chế phối hợp trong công tác khuyến học.",
            "Ngân hàng và Hội Khuyến học tỉnh ký thỏa thuận hợp tác về cho vay vốn học sinh.",
            "Hội Khuyến học và Sở Giáo dục đã ký kết chương trình phối hợp giai đoạn 2024-2026.",
            "Hội nghị tổng kết giai đoạn 2020-2024 và ký kết chương trình phối hợp giai đoạn 2025-2029.",
            "HKH tỉnh đã tổ chức hội nghị ký kết chương trình phối hợp đẩy mạnh hoạt động khuyến học.",
        ],
    )
    def test_a_sentence_reporting_a_signing_is_recognized_in_its_variants(self, sentence):
        assert rules.signing_match(sentence) is not None

    @pytest.mark.parametrize(
        "sentence",
        [
            "Năm 2022, hai đơn vị đã ký kết chương trình phối hợp với nhiều mục tiêu.",
            "Hội nghị sơ kết 2 năm thực hiện chương trình phối hợp đã ký kết giữa hai đơn vị.",
            "Trong năm, Hội dự kiến tiếp tục ký kết chương trình phối hợp với một số sở, ngành.",
            "Hai bên sẽ ký kết chương trình phối hợp vào quý IV.",
            "Các chi hội đã ký kết giao ước thi đua thực hiện nghị quyết Đại hội.",
            "Sau khi ký kết chương trình phối hợp, hai bên đã triển khai nhiều hoạt động.",
        ],
    )
    def test_an_earlier_a_planned_or_another_kind_of_signing_is_not_the_news(self, sentence):
        assert rules.signing_match(sentence) is None

    @pytest.mark.parametrize(
        ("title", "lead", "reason_word"),
        [
            ("Sơ kết công tác khuyến học 6 tháng đầu năm", "Hội Khuyến học vừa tổ chức hội nghị sơ kết.", "sơ kết"),
            ("Trao 200 suất học bổng cho học sinh nghèo", "Hội Khuyến học trao học bổng cho học sinh.", "học bổng"),
            ("Triển khai nhiệm vụ năm 2025", "Hội tổ chức hội nghị triển khai kế hoạch năm 2025.", "triển khai"),
            ("Đại hội Hội Khuyến học huyện lần thứ V", "Hội tổ chức Đại hội đại biểu.", "đại hội"),
            ("Gương sáng hiếu học", "Em Nguyễn Văn A đạt giải nhất quốc gia.", "Không thấy"),
        ],
    )
    def test_an_article_without_a_signing_says_why(self, title, lead, reason_word):
        is_signing, reason, reporting = rules.signing_decision(title, [lead])
        assert (is_signing, reporting) == (False, [])
        assert reason_word.lower() in reason.lower()


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


class ArticleStructureTests:
    def test_title_comes_from_the_qr_code_caption_when_the_page_copy_has_no_headline(self):
        text = (CORPUS / "01_lechan_quan_doan.txt").read_text(encoding="utf-8")
        found = rules.extract_article(text)
        assert found.title.value == "Quận đoàn và Hội Khuyến học quận Lê Chân ký kết chương trình phối hợp"
        assert found.title.source.startswith("QR CODE:")

    @pytest.mark.parametrize(
        ("name", "source"),
        [
            ("01_lechan_quan_doan.txt", "Cổng thông tin điện tử quận Lê Chân"),  # "Nguồn: ..."
            ("02_nghean_lao_dong.txt", "Báo Nghệ An"),  # "Theo ..."
            ("03_kimbang_cdkh.txt", "Công dân & Khuyến học"),  # masthead "... trên"
            ("04_quangninh_mattran.txt", "Mặt trận"),  # "(Mặt trận) -" before the lead
            ("16_haitan_xa.txt", "Đài truyền thanh xã Hải Tân"),  # after the byline
            ("17_gdtd_trung_uong.txt", "GD&TĐ"),  # "GD&TĐ -" before the lead
        ],
    )
    def test_the_source_is_read_wherever_the_portal_prints_it(self, name, source):
        assert rules.extract_article((CORPUS / name).read_text(encoding="utf-8")).source.value == source

    def test_the_dot_after_nguon_names_the_source(self):
        text = (CORPUS / "19_hoi_thao.txt").read_text(encoding="utf-8")
        assert rules.extract_article(text).source.value == "haiphong.gov.vn"

    def test_the_lead_is_the_first_paragraph_without_the_publication_prefix(self):
        found = rules.extract_article((CORPUS / "04_quangninh_mattran.txt").read_text(encoding="utf-8"))
        assert found.lead.value.startswith("Chiều 18-4, Ủy ban MTTQ tỉnh Quảng Ninh")

    def test_headlines_of_other_articles_between_paragraphs_are_dropped(self):
        found = rules.extract_article((CORPUS / "04_quangninh_mattran.txt").read_text(encoding="utf-8"))
        body = " ".join(found.paragraphs)
        assert "Cửa Nam" not in body and "khóa XVII" not in body

    def test_what_follows_the_byline_is_not_the_article(self):
        found = rules.extract_article((CORPUS / "04_quangninh_mattran.txt").read_text(encoding="utf-8"))
        assert not any("thăm và làm việc" in p for p in found.paragraphs)
        assert found.author.value == "H.T"

    def test_captions_are_kept_apart_from_the_body_paragraphs_in_reading_order(self):
        found = rules.extract_article((CORPUS / "09_cantho_hoc_bong.txt").read_text(encoding="utf-8"))
        kinds = [kind for kind, _text in found.blocks]
        assert kinds == ["caption", "p", "caption", "p"]
        assert "- Ảnh" not in " ".join(found.paragraphs)

    def test_a_page_without_any_timestamp_is_left_undated_with_a_warning(self):
        found = rules.extract_article((CORPUS / "07_yenthe_no_timestamp.txt").read_text(encoding="utf-8"))
        assert found.published.value is None and found.programme.signing_date.value is None
        assert any("không ghi ngày đăng" in w for w in found.warnings)

    def test_every_extracted_field_keeps_the_line_or_sentence_it_came_from(self):
        found = rules.extract_article((CORPUS / "01_lechan_quan_doan.txt").read_text(encoding="utf-8"))
        programme = found.programme
        assert found.published.source == "Thứ hai, 14/10/2024 09:42"
        assert found.author.source == "Minh Khôi"
        assert "giai đoạn 2024 – 2027" in programme.period_start_year.source
        assert programme.signing_date.source.startswith("Sáng 12/10")
        assert "Hội trường Quận ủy Lê Chân" in programme.venue.source
        assert all(p.source for p in programme.parties) and all(s.source for s in programme.signatories)

    def test_the_same_article_copied_with_other_furniture_and_line_breaks_has_the_same_fingerprint(self):
        text = (CORPUS / "03_kimbang_cdkh.txt").read_text(encoding="utf-8")
        other_copy = "Tin mới\n\n" + text.replace("\n\n", "\n\n\n").replace("Bình luận", "Xem thêm")
        assert rules.extract_article(text).fingerprint == rules.extract_article(other_copy).fingerprint

    def test_a_different_article_has_a_different_fingerprint(self):
        first = rules.extract_article((CORPUS / "03_kimbang_cdkh.txt").read_text(encoding="utf-8"))
        second = rules.extract_article((CORPUS / "05_vinhphuc_dotted_date.txt").read_text(encoding="utf-8"))
        assert first.fingerprint != second.fingerprint

    def test_parties_say_who_leads(self):
        found = rules.extract_article((CORPUS / "04_quangninh_mattran.txt").read_text(encoding="utf-8"))
        roles = {p.name: p.role for p in found.programme.parties}
        assert roles == {"Ủy ban MTTQ tỉnh Quảng Ninh": "phoi_hop", "Hội Khuyến học tỉnh": "chu_tri"}

    def test_a_party_written_after_phoi_hop_voi_is_a_partner_of_the_one_before(self):
        found = rules.extract_article((CORPUS / "14_lucnam_ngay_dang.txt").read_text(encoding="utf-8"))
        assert [(p.name, p.role) for p in found.programme.parties] == [
            ("Hội Khuyến học huyện Lục Nam", "chu_tri"),
            ("Ban CHQS huyện", "phoi_hop"),
        ]

    def test_known_organizations_are_proposed_by_their_directory_entry(self):
        known = [rules.KnownOrganization(7, "Công an tỉnh Bắc Giang", ("Công an tỉnh Bắc Giang",))]
        found = rules.extract_page((CORPUS / "12_bacgiang_html.html").read_text(encoding="utf-8"), known=known)
        assert {p.name: p.organization_pk for p in found.programme.parties} == {
            "Hội Khuyến học tỉnh Bắc Giang": None,
            "Công an tỉnh": 7,
        }

    def test_a_headline_shortening_a_party_adds_no_party_even_if_it_matches_a_known_organization(self):
        known = [rules.KnownOrganization(1, "HKH", ("Hội Khuyến học thành phố Hải Phòng", "Hội Khuyến học"))]
        found = rules.extract_page((CORPUS / "21_kienthuy_huyen_doan.txt").read_text(encoding="utf-8"), known=known)
        assert [p.name for p in found.programme.parties] == ["Hội Khuyến học huyện Kiến Thụy", "Huyện đoàn Kiến Thụy"]


class HTMLTests:
    def test_scripts_styles_and_navigation_are_dropped_with_their_content(self):
        converted = rules.html_to_text(
            "<html><head><title>Tin - Báo X</title><script>var a=1;</script><style>p{}</style></head>"
            "<body><nav>Trang chủ</nav><h1>Tin</h1><p onclick='x()'>Đoạn <b>một</b>.</p>"
            "<script>document.write('quảng cáo')</script><p>Đoạn hai.</p></body></html>"
        )
        assert converted.text == "Tin\n\nĐoạn một.\n\nĐoạn hai."
        assert (converted.title, converted.site_name, converted.had_script) == ("Tin", "Báo X", True)

    def test_html_without_scripts_is_not_flagged(self):
        assert rules.html_to_text("<p>Đoạn văn.</p>").had_script is False

    def test_a_javascript_link_counts_as_script(self):
        assert rules.html_to_text('<p><a href="javascript:alert(1)">x</a></p>').had_script is True

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("<p>Đoạn</p>", True), ("<div>Đoạn</div>", True), ("Hội Khuyến học <3 học sinh", False), ("a < b", False)],
    )
    def test_html_is_told_from_plain_text(self, text, expected):
        assert rules.looks_like_html(text) is expected


class SpeedTests:
    def test_an_article_is_read_in_under_50_ms_even_with_a_large_directory(self):
        known = [
            rules.KnownOrganization(i, f"Tổ chức {i}", (f"Hội Khuyến học xã Số {i}", f"Chi hội {i}", f"HKH{i}"))
            for i in range(1000)
        ]
        texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
        rules.extract_article(texts[0], known=known)  # the directory's keys are computed once per process
        slowest = 0.0
        for text in texts:
            # The best of three: other work on a shared machine must not fail the test, slow rules must.
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                rules.extract_article(text, known=known)
                runs.append(time.perf_counter() - start)
            slowest = max(slowest, min(runs))
        assert slowest < 0.050


class PathologicalPasteTests:
    """bench/importer_speed.py measures; this only catches a return of the quadratic cases (tens of
    seconds at 20,000 characters), with room for a busy shared machine."""

    @pytest.mark.parametrize(
        "paste",
        [
            ("Hội Khuyến học tỉnh ký kết chương trình phối hợp với " * 400)[:20_000],
            "Sáng 5/6, Hội Khuyến học tỉnh ký kết chương trình phối hợp với "
            + ", ".join(f"Hội Khuyến học xã Số {i} huyện Kim Bảng" for i in range(400))[:19_000]
            + ".",
        ],
        ids=["one-phrase-repeated", "four-hundred-parties"],
    )
    def test_a_pathological_paste_of_twenty_thousand_characters_is_read_in_seconds(self, paste):
        start = time.perf_counter()
        found = rules.extract_page(paste)
        assert time.perf_counter() - start < 5
        assert found.is_signing_event and len(found.programme.parties) <= 40
