"""Organizations: names, abbreviations, places and the directory matcher."""

import pytest

from importer import rules

VN = rules.VN_TZ


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


class PartyNameTests:
    """The kinds of error seen on real articles, on examples of our own."""

    @pytest.mark.parametrize(
        ("chunk", "expected"),
        [
            ("Hội Khuyến học tỉnh lần lượt", "Hội Khuyến học tỉnh"),
            ("Công an tỉnh Điện Biên đã thống nhất các nội dung", "Công an tỉnh Điện Biên"),
            ("Hội Cựu chiến binh huyện Mường Nhé cùng nhau", "Hội Cựu chiến binh huyện Mường Nhé"),
            ("Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),
            ("Hội Người cao tuổi tỉnh", "Hội Người cao tuổi tỉnh"),
        ],
    )
    def test_a_name_stops_where_the_sentence_runs_on(self, chunk, expected):
        assert rules.trim_organization(chunk) == expected

    def test_a_province_written_once_after_a_union_is_shared(self):
        assert rules.distribute_locality(["Hội Khuyến học", "Tỉnh đoàn Gia Lai"]) == [
            "Hội Khuyến học tỉnh Gia Lai",
            "Tỉnh đoàn Gia Lai",
        ]

    def test_a_list_whose_items_carry_their_own_place_shares_nothing(self):
        chunks = ["Liên đoàn Lao động tỉnh", "Sở Giáo dục và Đào tạo", "Hội Phụ nữ tỉnh"]
        assert rules.distribute_locality(chunks) == chunks

    def test_a_bracketed_abbreviation_after_a_bare_head_completes_it(self):
        assert rules.split_organization_list("Liên minh (HTX) và Hội Khuyến học (HKH) tỉnh") == [
            "Liên minh HTX",
            "Hội Khuyến học tỉnh",
        ]

    def test_the_headlines_place_is_the_province_a_bare_tinh_means(self):
        locality = rules.find_locality(["Yên Bái: Hội Khuyến học tỉnh ký kết với Tỉnh đoàn", "Sáng 2/3, ..."])
        assert locality.name_of("tỉnh") == "Yên Bái"

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            # Named both ways: one body, as the text also names it.
            (
                "Ngày 4/5, Trung ương Hội Khuyến học Việt Nam và Ngân hàng Chính sách xã hội ký kết chương trình "
                "phối hợp. Hội Khuyến học Việt Nam sẽ vận động hội viên.",
                "Hội Khuyến học Việt Nam",
            ),
            # Named only by its central office: kept as written.
            (
                "Ngày 4/5, Trung ương Hội Nông dân Việt Nam và Hội Khuyến học Việt Nam ký kết chương trình "
                "phối hợp giai đoạn 2025-2030.",
                "Trung ương Hội Nông dân Việt Nam",
            ),
        ],
    )
    def test_a_central_office_and_its_association_are_one_party_when_the_text_says_so(self, sentence, expected):
        text = f"Hai hội ký kết chương trình phối hợp\n\n{sentence}\n\nMinh Anh"
        parties = [p.name for p in rules.extract_article(text).programme.parties]
        assert parties[0] == expected and len(parties) == 2
