"""Periods of a programme."""

import pytest

from importer import rules

VN = rules.VN_TZ


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
