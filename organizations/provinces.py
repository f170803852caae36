"""Vietnam's 34 provinces and centrally-run cities after the reorganisation of 1 July 2025.

The official list (GSO codes and names) comes from the ``vietnam-provinces`` package, which tracks
the General Statistics Office's list of administrative units. The package has no province-level
record of which former provinces each new unit absorbed, so that is kept here as our own data
(names only, from Resolution 202/2025/QH15): an organization of "Hà Nam" belongs to today's Ninh
Bình and is found by either name.

``TILE_GRID`` is our own tile map: each unit's column and row on a grid of equal tiles in its rough
geographic place, north at the top (``agreements.overview`` draws it).
"""

from dataclasses import dataclass

from vietnam_provinces import Province

from core.text import fold

CITY_PREFIX = "Thành phố "

# Official code -> the former provinces merged into that unit (the unit's own former name excluded).
FORMER_PROVINCES = {
    8: ("Hà Giang",),
    15: ("Yên Bái",),
    19: ("Bắc Kạn",),
    24: ("Bắc Giang",),
    25: ("Vĩnh Phúc", "Hòa Bình"),
    31: ("Hải Dương",),
    33: ("Thái Bình",),
    37: ("Hà Nam", "Nam Định"),
    44: ("Quảng Bình",),
    46: ("Thừa Thiên Huế",),
    48: ("Quảng Nam",),
    51: ("Kon Tum",),
    52: ("Bình Định",),
    56: ("Ninh Thuận",),
    66: ("Phú Yên",),
    68: ("Đắk Nông", "Bình Thuận"),
    75: ("Bình Phước",),
    79: ("Bình Dương", "Bà Rịa - Vũng Tàu"),
    80: ("Long An",),
    82: ("Tiền Giang",),
    86: ("Bến Tre", "Trà Vinh"),
    91: ("Kiên Giang",),
    92: ("Sóc Trăng", "Hậu Giang"),
    96: ("Bạc Liêu",),
}

# Official code -> (column, row): five columns, north at the top.
TILE_GRID = {
    12: (1, 0),  # Lai Châu
    15: (2, 0),  # Lào Cai
    8: (3, 0),  # Tuyên Quang
    4: (4, 0),  # Cao Bằng
    11: (0, 1),  # Điện Biên
    14: (1, 1),  # Sơn La
    25: (2, 1),  # Phú Thọ
    19: (3, 1),  # Thái Nguyên
    20: (4, 1),  # Lạng Sơn
    1: (2, 2),  # Hà Nội
    24: (3, 2),  # Bắc Ninh
    22: (4, 2),  # Quảng Ninh
    37: (2, 3),  # Ninh Bình
    33: (3, 3),  # Hưng Yên
    31: (4, 3),  # Hải Phòng
    38: (2, 4),  # Thanh Hóa
    40: (2, 5),  # Nghệ An
    42: (3, 6),  # Hà Tĩnh
    44: (3, 7),  # Quảng Trị
    46: (3, 8),  # Huế
    48: (4, 9),  # Đà Nẵng
    51: (4, 10),  # Quảng Ngãi
    52: (4, 11),  # Gia Lai
    66: (4, 12),  # Đắk Lắk
    75: (2, 13),  # Đồng Nai
    68: (3, 13),  # Lâm Đồng
    56: (4, 13),  # Khánh Hòa
    80: (1, 14),  # Tây Ninh
    79: (2, 14),  # Hồ Chí Minh
    91: (0, 15),  # An Giang
    82: (1, 15),  # Đồng Tháp
    86: (2, 15),  # Vĩnh Long
    96: (0, 16),  # Cà Mau
    92: (1, 16),  # Cần Thơ
}


@dataclass(frozen=True)
class Unit:
    """One of the 34: its official code, the name a region carries ("Hải Phòng", without "Thành
    phố"), the official full name and the former provinces it absorbed."""

    code: int
    name: str
    official_name: str
    former_names: tuple[str, ...]

    @property
    def known_names(self) -> tuple[str, ...]:
        names = [self.name, self.official_name, *self.former_names]
        return tuple(dict.fromkeys(names))


def short_name(official_name: str) -> str:
    return official_name.removeprefix(CITY_PREFIX)


def units() -> list[Unit]:
    """The 34 units, in the order of their official codes (north to south)."""
    return sorted(
        (
            Unit(
                code=int(province.code),
                name=short_name(province.name),
                official_name=province.name,
                former_names=FORMER_PROVINCES.get(int(province.code), ()),
            )
            for province in Province.iter_all()
        ),
        key=lambda unit: unit.code,
    )


# "Tỉnh Hà Nam", "TP. Hải Phòng", "thành phố Huế": what may precede a province's name.
_NAME_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp.", "tp ")


def folded_place_name(name: str) -> str:
    """The comparison form of a province's name: folded, without "tỉnh"/"thành phố"/"TP",
    with "-" and "–" as spaces: "TP. Hồ Chí Minh" -> "ho chi minh"."""
    folded = fold(name.replace("-", " ").replace("–", " "))
    for prefix in _NAME_PREFIXES:
        if folded.startswith(prefix):
            folded = folded.removeprefix(prefix).strip()
            break
    return " ".join(folded.split())


def unit_named(name: str, all_units=None) -> Unit | None:
    """The unit that ``name`` (its current or a former name, any spelling of case and diacritics)
    stands for today, or None."""
    wanted = folded_place_name(name)
    for unit in all_units or units():
        if wanted in {folded_place_name(known) for known in unit.known_names}:
            return unit
    return None


ODD_REGION_ORDER = 100


def _unique_slug(base, taken):
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def map_regions_to_units(region_model, organization_model):
    """Tie the regions to the 34 units; used by organizations migration 0009, so it takes the models
    as arguments. A region named after a unit (current or former name, "Tỉnh Hà Nam", "ha nam"…)
    becomes that unit or is merged into it: its organizations move there and its name stays as a
    former name, so nothing is lost. Missing units are created; other regions keep their place,
    after the 34."""
    from core.text import slugify_vi

    all_units = units()
    regions = list(region_model.objects.order_by("pk"))
    taken_slugs = {region.slug for region in regions}
    matching = {}
    for region in regions:
        unit = next((u for u in all_units if u.code == region.code), None) or unit_named(region.name, all_units)
        if unit:
            matching.setdefault(unit.code, []).append(region)
        elif region.order < ODD_REGION_ORDER:
            region.order += ODD_REGION_ORDER
            region.save(update_fields=["order"])
    for order, unit in enumerate(all_units, start=1):
        found = matching.get(unit.code, [])
        keeper = next((r for r in found if r.code == unit.code), None) or next(
            (r for r in found if folded_place_name(r.name) == folded_place_name(unit.name)), None
        )
        keeper = keeper or (found[0] if found else None)
        former = list(unit.former_names)
        if keeper is None:
            keeper = region_model(slug=_unique_slug(slugify_vi(unit.name), taken_slugs))
        else:
            former += [keeper.name, *keeper.former_names.splitlines()]
        for other in found:
            if other is not keeper:
                organization_model.objects.filter(region=other).update(region=keeper)
                former += [other.name, *other.former_names.splitlines()]
                other.delete()
        own = {folded_place_name(name) for name in (unit.name, unit.official_name)}
        kept, seen = [], set()
        for name in (name.strip() for name in former):
            if name and folded_place_name(name) not in own | seen:
                kept.append(name)
                seen.add(folded_place_name(name))
        keeper.name, keeper.code, keeper.order = unit.name, unit.code, order
        keeper.former_names = "\n".join(kept)
        keeper.save()
