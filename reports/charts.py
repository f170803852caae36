"""Charts drawn on the server as SVG: no JavaScript, so they show the same on screen, on paper and
with scripts off. Each chart has a <title> and a <desc> that says its numbers in words, for screen
readers, and every bar carries its value as text."""

from django.utils.html import escape

# Distinct on screen and in grey print; the order kinds appear in the legend.
PALETTE = ["#1f5fa8", "#d9822b", "#2e8b57", "#b03a48", "#6a4c93", "#8c6d1f", "#1c7c8c", "#7a7a7a", "#c0509c",
           "#4d6b2f", "#a0522d", "#345", "#999"]  # fmt: skip
STATUS_COLOURS = {
    "chua_trien_khai": "#9aa0a6",
    "dang_thuc_hien": "#1f5fa8",
    "hoan_thanh": "#2e8b57",
    "khong_thuc_hien": "#b03a48",
}
FONT = "font-family=\"'Times New Roman', 'Liberation Serif', serif\""


def stacked_columns(title: str, categories: list, series: list[tuple[str, list[int]]], *, width=640, height=300):
    """One column per category (a year), stacked by series (label, values per category)."""
    left, right, top, bottom = 36, 12, 12, 28
    legend_rows = (len(series) + 2) // 3
    legend_height = 18 * legend_rows + 6
    plot_height = height - top - bottom
    total_height = height + legend_height
    totals = [sum(values[index] for _label, values in series) for index in range(len(categories))]
    peak = max([*totals, 1])
    step = nice_step(peak)
    scale_top = ((peak + step - 1) // step) * step
    plot_width = width - left - right
    slot = plot_width / max(len(categories), 1)
    bar = min(40, slot * 0.7)
    parts = [svg_open(title, describe_columns(categories, series, totals), width, total_height)]
    for tick in range(0, scale_top + 1, step):
        y = top + plot_height - plot_height * tick / scale_top
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>')
    for index, category in enumerate(categories):
        x = left + slot * index + (slot - bar) / 2
        y = top + plot_height
        for colour_index, (label, values) in enumerate(series):
            value = values[index]
            if not value:
                continue
            h = plot_height * value / scale_top
            y -= h
            colour = PALETTE[colour_index % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(label)}, {escape(category)}: {value}</title></rect>"
            )
        if totals[index]:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="11">'
                f"{totals[index]}</text>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_height + 16}" text-anchor="middle" font-size="11">'
            f"{escape(category)}</text>"
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_height}" y2="{top + plot_height}" stroke="#333"/>'
    )
    for index, (label, _values) in enumerate(series):
        column, row = index % 3, index // 3
        x, y = left + column * (plot_width / 3), height + 4 + row * 18
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="{y + 10}" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def horizontal_bars(title: str, bars: list[tuple[str, int, str]], *, width=640):
    """One bar per (label, value, colour), longest value the full width."""
    label_width, right, row = 170, 50, 26
    height = row * len(bars) + 8
    peak = max([value for _label, value, _colour in bars] + [1])
    plot_width = width - label_width - right
    description = "; ".join(f"{label}: {value}" for label, value, _colour in bars)
    parts = [svg_open(title, description, width, height)]
    for index, (label, value, colour) in enumerate(bars):
        y = 4 + index * row
        length = plot_width * value / peak
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 8}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 15}" font-size="12">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_open(title, description, width, height):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" {FONT}>'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    )


def describe_columns(categories, series, totals):
    parts = []
    for index, category in enumerate(categories):
        detail = ", ".join(f"{label} {values[index]}" for label, values in series if values[index])
        parts.append(f"{category}: {totals[index]}" + (f" ({detail})" if detail else ""))
    return "; ".join(parts)


def nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / step <= 6:
            return step
    return 10000
