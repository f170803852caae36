"""The timeline's geometry, from unsaved programmes and a fixed "today": no database, no clock."""

import datetime
import itertools

import pytest

from agreements.models import Programme
from agreements.timeline import LABEL_STEPS, build_timeline, year_fraction

TODAY = datetime.date(2024, 6, 1)


def programme(start, end, title="Chương trình phối hợp khuyến học"):
    return Programme(title=title, start_year=start, end_year=end)


def x_of_year(timeline, year):
    return next(tick.x for tick in timeline.ticks if tick.year == year)


class TimelineGeometryTests:
    def test_nothing_to_draw_gives_no_timeline(self):
        assert build_timeline([], TODAY) is None

    def test_axis_spans_every_period_and_today(self):
        timeline = build_timeline([programme(2019, 2022), programme(2025, 2027)], TODAY)

        assert (timeline.first_year, timeline.last_year) == (2019, 2027)
        assert [tick.year for tick in timeline.ticks] == list(range(2019, 2028))

    def test_axis_reaches_back_or_forward_to_today(self):
        assert build_timeline([programme(2026, 2028)], TODAY).first_year == 2024
        assert build_timeline([programme(2015, 2018)], TODAY).last_year == 2024

    def test_bar_positions_and_lengths_are_proportional_to_years(self):
        early, late, short = programme(2019, 2022), programme(2023, 2026), programme(2021, 2022)
        timeline = build_timeline([early, late, short], TODAY)
        first, second, third = timeline.bars
        year_width = (timeline.plot_right - timeline.plot_left) / (2026 + 1 - 2019)

        assert first.x == pytest.approx(timeline.plot_left)
        assert second.x - first.x == pytest.approx(4 * year_width, abs=0.02)
        assert first.width == pytest.approx(4 * year_width, abs=0.02)
        assert third.width == pytest.approx(first.width / 2, abs=0.02)
        assert second.end_x == pytest.approx(timeline.plot_right, abs=0.02)
        assert third.x == pytest.approx(x_of_year(timeline, 2021))

    def test_bars_take_one_row_each_in_the_given_order(self):
        titles = ["Thứ nhất", "Thứ hai", "Thứ ba"]
        timeline = build_timeline([programme(2019, 2022, t) for t in titles], TODAY)

        assert [bar.title for bar in timeline.bars] == titles
        ys = [bar.y for bar in timeline.bars]
        assert ys == sorted(ys) and len(set(ys)) == 3
        assert timeline.plot_bottom > ys[-1] + timeline.bars[-1].height
        assert timeline.height > timeline.plot_bottom

    def test_today_is_marked_at_its_place_within_the_year(self):
        # 2 July 2024 is day 183 of 366: the middle of the year.
        timeline = build_timeline([programme(2019, 2026)], datetime.date(2024, 7, 2))

        middle = (x_of_year(timeline, 2024) + x_of_year(timeline, 2025)) / 2
        assert timeline.today_x == pytest.approx(middle, abs=0.02)

    def test_today_on_new_years_day_sits_on_the_year_line(self):
        timeline = build_timeline([programme(2019, 2026)], datetime.date(2024, 1, 1))

        assert timeline.today_x == pytest.approx(x_of_year(timeline, 2024))

    def test_today_label_stays_inside_the_picture(self):
        near_right = build_timeline([programme(2015, 2024)], datetime.date(2024, 12, 1))
        near_left = build_timeline([programme(2024, 2034)], datetime.date(2024, 2, 1))

        assert near_right.today_label_anchor == "end" and near_right.today_label_x < near_right.today_x
        assert near_left.today_label_anchor == "start" and near_left.today_label_x > near_left.today_x

    def test_open_ended_period_runs_to_the_right_edge_with_a_year_to_spare(self):
        timeline = build_timeline([programme(2019, 2022), programme(2020, None)], TODAY)
        closed, open_ended = timeline.bars

        assert not closed.open_ended
        assert open_ended.open_ended
        assert open_ended.end_x == pytest.approx(timeline.plot_right)
        # The axis goes one year past the last year any period or today needs, so the open bar visibly goes on.
        assert timeline.last_year == 2025
        assert open_ended.caption == "Từ 2020 · Đang hiệu lực"

    def test_open_ended_bar_has_an_arrow_head_beyond_its_end(self):
        bar = build_timeline([programme(2020, None)], TODAY).bars[0]
        tip_x = float(bar.arrow_points.split()[1].split(",")[0])

        assert tip_x > bar.end_x

    def test_each_bar_says_its_period_and_status_in_words(self):
        timeline = build_timeline([programme(2019, 2022), programme(2023, 2026), programme(2025, 2027)], TODAY)

        assert [bar.caption for bar in timeline.bars] == [
            "2019–2022 · Đã hết hiệu lực",
            "2023–2026 · Đang hiệu lực",
            "2025–2027 · Sắp hiệu lực",
        ]
        assert [bar.status for bar in timeline.bars] == ["het_hieu_luc", "dang_hieu_luc", "sap_dien_ra"]

    def test_status_follows_the_today_passed_in_not_the_clock(self):
        bar = build_timeline([programme(2019, 2022)], datetime.date(2021, 1, 1)).bars[0]

        assert bar.status == "dang_hieu_luc"

    def test_long_titles_are_shortened_to_fit_but_kept_whole_in_the_tooltip(self):
        title = "Chương trình phối hợp hoạt động về công tác khuyến học, khuyến tài, " * 4
        bar = build_timeline([programme(2019, 2022, title)], TODAY).bars[0]

        assert bar.label.endswith("…")
        assert len(bar.caption) + len(bar.label) < len(title)
        assert bar.title == title

    def test_year_labels_thin_out_when_years_are_narrow(self):
        timeline = build_timeline([programme(1975, 2030)], TODAY)
        labelled = [tick.year for tick in timeline.ticks if tick.labelled]

        step = labelled[1] - labelled[0]
        assert step in LABEL_STEPS and step > 1
        assert labelled[0] == 1975
        assert all(b - a == step for a, b in itertools.pairwise(labelled))

    def test_every_year_is_labelled_when_there_is_room(self):
        timeline = build_timeline([programme(2019, 2026)], TODAY)

        assert all(tick.labelled for tick in timeline.ticks)

    def test_description_names_the_span_and_today(self):
        timeline = build_timeline([programme(2019, 2022)], TODAY)

        assert timeline.description == (
            "1 chương trình trên trục thời gian từ năm 2019 đến năm 2024; vạch dọc là hôm nay, Thứ bảy, 01/06/2024."
        )


class YearFractionTests:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (datetime.date(2024, 1, 1), 2024.0),
            (datetime.date(2024, 7, 2), 2024.5),
            (datetime.date(2023, 12, 31), 2023 + 364 / 365),
        ],
    )
    def test_a_date_is_its_year_plus_the_part_that_has_passed(self, day, expected):
        assert year_fraction(day) == pytest.approx(expected)
