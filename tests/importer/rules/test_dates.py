"""Dates and times: date lines, event days and the year they take."""

import datetime

import pytest

from importer import rules

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
