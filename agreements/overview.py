"""The programme overview (/chuong-trinh/tong-quan/): counts, and a tile map of the 34 provinces.

The map is a grid of equal tiles, each in its rough geographic place (``TILE_GRID`` of
``organizations.provinces``, north at the top), drawn as SVG on the server by
``templates/agreements/_tile_map.html``: no map tiles, no script. A tile is a link to the
programme list filtered by its province and by status "in force", and shows the number that list
will count; its shade says how many programmes are in force there.
"""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import Party, Programme, Review
from organizations.models import Organization, Region
from organizations.provinces import TILE_GRID

TILE_WIDTH = 100
TILE_HEIGHT = 80
# A province's name on up to two lines, large enough to read on a phone, where a tile is ~70 px wide.
NAME_FONT_SIZE = 18
NAME_LINE_HEIGHT = 20
GAP = 6
COLUMNS = 1 + max(column for column, _ in TILE_GRID.values())
ROWS = 1 + max(row for _, row in TILE_GRID.values())
MAP_WIDTH = COLUMNS * TILE_WIDTH + (COLUMNS - 1) * GAP
MAP_HEIGHT = ROWS * TILE_HEIGHT + (ROWS - 1) * GAP

# Shades from "none in force" to "the most": (fill, text colour). Every pair keeps a contrast of at
# least 4.5:1 (tests/agreements/test_overview.py checks it).
SHADES = [
    ("#f3f4f6", "#1f2937"),
    ("#dbe7f3", "#0b2540"),
    ("#9cc3e6", "#0b2540"),
    ("#2f6db3", "#ffffff"),
    ("#0b4f8a", "#ffffff"),
]


@dataclass(frozen=True)
class Shade:
    level: int
    low: int
    high: int
    fill: str
    text: str

    @property
    def label(self):
        if self.high == self.low:
            return str(self.low)
        return f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Tile:
    region: Region
    count: int
    shade: Shade
    x: int
    y: int
    url: str

    @property
    def label_x(self):
        return self.x + TILE_WIDTH // 2

    @property
    def name_lines(self):
        """The name on one line, or on two with the words split where the lines are most even:
        [("Hồ Chí", y), ("Minh", y)]."""
        lines = name_lines(self.region.name)
        top = self.y + (24 if len(lines) > 1 else 34)
        return [(line, top + index * NAME_LINE_HEIGHT) for index, line in enumerate(lines)]

    @property
    def count_y(self):
        return self.y + 70

    @property
    def description(self):
        return _("%(name)s: %(count)s chương trình đang hiệu lực") % {"name": self.region.name, "count": self.count}


@dataclass(frozen=True)
class TileMap:
    tiles: list
    shades: list
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT
    tile_width: int = TILE_WIDTH
    tile_height: int = TILE_HEIGHT
    name_font_size: int = NAME_FONT_SIZE

    @property
    def description(self):
        shown = [tile for tile in self.tiles if tile.count]
        if not shown:
            return _("Chưa có chương trình nào đang hiệu lực ở tỉnh, thành phố nào.")
        listed = "; ".join(tile.description for tile in sorted(shown, key=lambda t: (-t.count, t.region.name)))
        return _("Số chương trình đang hiệu lực theo tỉnh, thành phố: %(listed)s.") % {"listed": listed}


def name_lines(name: str) -> list[str]:
    words = name.split()
    if len(words) < 2:
        return [name]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return list(min(splits, key=lambda pair: max(len(pair[0]), len(pair[1]))))


def shades_for(highest: int) -> list[Shade]:
    """The legend: "0", then 1..``highest`` in up to four ranges of about equal width."""
    shades = [Shade(0, 0, 0, *SHADES[0])]
    steps = min(len(SHADES) - 1, highest)
    low = 1
    for level in range(1, steps + 1):
        high = math.ceil(highest * level / steps)
        # The highest range always takes the darkest shade, however few ranges there are.
        shades.append(Shade(level, low, high, *SHADES[round(level * (len(SHADES) - 1) / steps)]))
        low = high + 1
    return shades


def shade_of(count: int, shades: list[Shade]) -> Shade:
    return next(shade for shade in shades if shade.low <= count <= shade.high)


def filtered_list_url(region: Region) -> str:
    query = urlencode({"region": region.slug, "status": Programme.Status.ACTIVE})
    return f"{reverse('agreements:programme-list')}?{query}"


def active_counts_by_region(programmes) -> dict[int, int]:
    """{region pk: number of ``programmes`` with a party there}, in one query; a programme with two
    parties in one province counts once there, as the list filtered by that province lists it once."""
    rows = (
        Party.objects.filter(programme__in=programmes.order_by().values("pk"), organization__region__isnull=False)
        .values("organization__region")
        .annotate(programmes=Count("programme", distinct=True))
        .order_by()
    )
    return {row["organization__region"]: row["programmes"] for row in rows}


def build_tile_map(visible, today) -> TileMap:
    """The 34 tiles for the ``visible`` programmes (what the programme list would show this visitor)."""
    counts = active_counts_by_region(visible.active(today=today))
    regions = [region for region in Region.objects.filter(code__in=TILE_GRID) if region.code in TILE_GRID]
    shades = shades_for(max((counts.get(region.pk, 0) for region in regions), default=0))
    tiles = []
    for region in sorted(regions, key=lambda r: (TILE_GRID[r.code][1], TILE_GRID[r.code][0])):
        column, row = TILE_GRID[region.code]
        count = counts.get(region.pk, 0)
        tiles.append(
            Tile(
                region=region,
                count=count,
                shade=shade_of(count, shades),
                x=column * (TILE_WIDTH + GAP),
                y=row * (TILE_HEIGHT + GAP),
                url=filtered_list_url(region),
            )
        )
    return TileMap(tiles=tiles, shades=shades)


def overview_counts(visible, today) -> dict[str, int]:
    """The numbers above the map, over the ``visible`` programmes."""
    return {
        "programmes": visible.count(),
        "active": visible.active(today=today).count(),
        "expired": visible.expired(today=today).count(),
        "upcoming": visible.upcoming(today=today).count(),
        "parties": Organization.objects.filter(programmes__in=visible.order_by().values("pk")).distinct().count(),
        "organizations": Organization.objects.count(),
        "reviews": Review.objects.filter(programme__in=visible.order_by().values("pk")).count(),
    }
