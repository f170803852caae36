"""Programme periods as a picture: the geometry of a timeline drawn on the server as inline SVG.

Years run left to right. A programme's bar covers its period from 1 January of the start year to
31 December of the end year; a period without an end runs to the right edge. Today is a vertical
line. Nothing here reads the database, the request or the clock: the caller passes the programmes
and today's date, so the geometry is tested with plain values.

Each bar carries its period and status as text ("2019–2022 · Đang hiệu lực"), and the three
statuses differ by fill pattern as well as tone, so the picture reads on a phone and in black and
white.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import Truncator, capfirst

from core.templatetags.vi_dates import vi_date

WIDTH = 800
PAD_LEFT = 8
PAD_RIGHT = 28  # room for the arrow head of open-ended periods
TOP = 30  # the "today" label sits above the first row
ROW_HEIGHT = 46
LABEL_OFFSET = 17  # baseline of a row's text, from the row's top
BAR_OFFSET = 24
BAR_HEIGHT = 14
AXIS_HEIGHT = 30
FONT_SIZE = 13
# A conservative average advance of a 13 px sans-serif Vietnamese letter, to keep labels inside the picture.
CHAR_WIDTH = 7.0
MIN_LABELLED_YEAR_WIDTH = 42
LABEL_STEPS = (1, 2, 5, 10, 20, 50)


@dataclass(frozen=True)
class Tick:
    year: int
    x: float  # 1 January of ``year``
    label_x: float  # middle of the year
    labelled: bool


@dataclass(frozen=True)
class Bar:
    programme: object
    x: float
    width: float
    y: float
    height: float
    label_y: float
    caption: str  # period and status, always shown in full
    label: str  # the title, shortened to fit
    title: str  # the full title
    status: str
    open_ended: bool

    @property
    def end_x(self):
        return round(self.x + self.width, 2)

    @property
    def arrow_points(self):
        """A small arrow head at the right end of an open-ended bar."""
        tip = self.end_x + 12
        middle = self.y + self.height / 2
        return f"{self.end_x},{self.y - 3} {tip},{middle} {self.end_x},{self.y + self.height + 3}"


@dataclass(frozen=True)
class Timeline:
    width: int
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    axis_label_y: float
    first_year: int
    last_year: int  # inclusive: the axis ends on 31 December of this year
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    today: datetime.date
    today_x: float
    today_label_anchor: str  # "start" or "end", whichever keeps the label inside the picture
    today_label_x: float

    @property
    def description(self):
        return (
            f"{len(self.bars)} chương trình trên trục thời gian từ năm {self.first_year} đến năm {self.last_year}; "
            f"vạch dọc là hôm nay, {vi_date(self.today)}."
        )


def year_fraction(day: datetime.date) -> float:
    """``day`` as a fractional year: 1 January 2024 -> 2024.0, 2 July 2024 -> about 2024.5."""
    first = datetime.date(day.year, 1, 1)
    days_in_year = (datetime.date(day.year + 1, 1, 1) - first).days
    return day.year + (day - first).days / days_in_year


def label_step(year_width: float) -> int:
    for step in LABEL_STEPS:
        if year_width * step >= MIN_LABELLED_YEAR_WIDTH:
            return step
    return LABEL_STEPS[-1]


def build_timeline(programmes: Iterable, today: datetime.date, *, width: int = WIDTH) -> Timeline | None:
    """Lay out one bar per programme (in the order given) over a shared axis of years.

    ``programmes`` are objects with ``title``, ``start_year``, ``end_year`` (None when open),
    ``status(today)`` and ``period_display``. Returns None when there is nothing to draw.
    """
    programmes = list(programmes)
    if not programmes:
        return None

    open_ended = any(p.end_year is None for p in programmes)
    first_year = min([today.year, *(p.start_year for p in programmes)])
    last_year = max([today.year, *(p.end_year or p.start_year for p in programmes)])
    if open_ended:
        # One more year on the right so an open period visibly runs on past its start.
        last_year += 1

    plot_left, plot_right = float(PAD_LEFT), float(width - PAD_RIGHT)
    span = last_year + 1 - first_year
    year_width = (plot_right - plot_left) / span

    def x_for(year: float) -> float:
        return round(plot_left + (year - first_year) * year_width, 2)

    bars = []
    max_chars = int((width - 2 * PAD_LEFT) / CHAR_WIDTH)
    for row, programme in enumerate(programmes):
        row_top = TOP + row * ROW_HEIGHT
        start = x_for(programme.start_year)
        end = plot_right if programme.end_year is None else x_for(programme.end_year + 1)
        status = programme.status(today)
        caption = capfirst(f"{programme.period_display} · {status.label}")
        room = max(max_chars - len(caption) - 3, 10)
        bars.append(
            Bar(
                programme=programme,
                x=start,
                width=round(end - start, 2),
                y=row_top + BAR_OFFSET,
                height=BAR_HEIGHT,
                label_y=row_top + LABEL_OFFSET,
                caption=caption,
                label=Truncator(programme.title).chars(room),
                title=programme.title,
                status=str(status.value),
                open_ended=programme.end_year is None,
            )
        )

    plot_bottom = TOP + len(programmes) * ROW_HEIGHT + 4
    step = label_step(year_width)
    ticks = tuple(
        Tick(year=year, x=x_for(year), label_x=x_for(year + 0.5), labelled=(year - first_year) % step == 0)
        for year in range(first_year, last_year + 1)
    )
    today_x = x_for(year_fraction(today))
    label_on_left = today_x > plot_left + (plot_right - plot_left) * 0.7
    return Timeline(
        width=width,
        height=plot_bottom + AXIS_HEIGHT,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=TOP - 8,
        plot_bottom=plot_bottom,
        axis_label_y=plot_bottom + 19,
        first_year=first_year,
        last_year=last_year,
        ticks=ticks,
        bars=tuple(bars),
        today=today,
        today_x=today_x,
        today_label_anchor="end" if label_on_left else "start",
        today_label_x=round(today_x - 4, 2) if label_on_left else round(today_x + 4, 2),
    )
