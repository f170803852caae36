"""Provinces named in a search: "hội khuyến học hà nam" finds the association of today's Ninh Bình.

Since July 2025 several former provinces are parts of one new unit; readers and the press go on
using the former names. A search naming a province, by its name or a former name (``Region.
known_names()``), finds what is in that province and holds the query's other words, besides what
holds every word (``core.fulltext._with_place``)."""

import functools
from dataclasses import dataclass

from core.fulltext import Query
from core.text import folded_words
from organizations.provinces import units


@dataclass(frozen=True)
class Place:
    """A province named in the query ("hội khuyến học hà nam"): the regions known by that name
    (today's Ninh Bình, for "Hà Nam" merged into it in 2025), the name as the region has it today,
    and the rest of the query ("hoi khuyen hoc")."""

    region_pks: tuple[int, ...]
    named: str
    region_names: tuple[str, ...]
    rest: Query


def _phrase_at(terms, words):
    """Where ``words`` stand one after the other in ``terms``, or -1."""
    for start in range(len(terms) - len(words) + 1):
        if tuple(terms[start : start + len(words)]) == tuple(words):
            return start
    return -1


@functools.cache
def official_names() -> frozenset[tuple[str, ...]]:
    """The folded words of every name of the 34 units, current and former ("ha", "nam")."""
    return frozenset(tuple(folded_words(name)) for unit in units() for name in unit.known_names)


def may_name_a_place(query: Query) -> bool:
    """Whether some words of ``query``, one after the other, are the name of a province of today
    or of before 2025: only then are the regions read (a search naming none costs no query more)."""
    return any(_phrase_at(query.terms, words) >= 0 for words in official_names())


def place_named(query: Query, regions) -> Place | None:
    """The province that ``query`` names by a region's name or one of its former names (the
    longest such name wins), or None. ``regions``: objects with ``pk``, ``name`` and
    ``known_names()``, organizations' Region (a few dozen rows), read only when the query holds
    one of the official names, current or former (``may_name_a_place``)."""
    if not query or not may_name_a_place(query):
        return None
    best = None
    for region in regions:
        for name in region.known_names():
            words = folded_words(name)
            start = _phrase_at(query.terms, words) if words else -1
            if start < 0:
                continue
            span = (start, start + len(words))
            if best is None or span[1] - span[0] > best[0][1] - best[0][0]:
                best = (span, name, [region])
            elif span == best[0] and region not in best[2]:
                best[2].append(region)
    if best is None:
        return None
    (start, end), name, found = best
    rest = query.terms[:start] + query.terms[end:]
    return Place(
        region_pks=tuple(region.pk for region in found),
        named=name,
        region_names=tuple(region.name for region in found),
        rest=Query(" ".join(rest), tuple(rest)),
    )
