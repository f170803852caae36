"""The admin's search box and autocompletes, with diacritics and case optional.

Staff type "thanh doan" or "khuyen hoc hai phong" and expect "Thành đoàn" and "Hội Khuyến học
Hải Phòng". ``FoldedSearchAdminMixin.get_search_results`` compares the folded column with the
folded words (``core.text.fold``; in SQL ``core.fulltext.SearchFold``, the folding the public
search uses), keeping Django's rules otherwise: every word must be found, in any of the
``search_fields``; "^name" matches the start, "=name" the whole text, a quoted phrase its words
in order. The autocompletes (the party and signatory pickers, ...) call the same method on the
admin of the model they offer, so they fold too. ``PortalAdminSite.register`` gives the mixin to
every admin, those of Django and of other packages included.

An autocomplete asked with ``truoc=<id>,<id>`` lists those objects first: the programme page sends
the organizations entered as parties (static/admin/js/parties_first.js), so that the signatory
picker offers them before all others.
"""

import re

from django.contrib.admin.utils import NotRelationField, get_fields_from_path, lookup_spawns_duplicates
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Case, Lookup, Q, Value, When
from django.utils.text import smart_split, unescape_string_literal

from core.fulltext import SearchFold
from core.text import folded_words

FIRST_PARAMETER = "truoc"
MAX_FIRST = 100
_ID = re.compile(r"[0-9]{1,9}")


class FoldedLookup(Lookup):
    """The folded text of the column (" doan thanh nien ") holds the folded words given, as
    ``pattern`` places them. The right-hand side is already folded (a-z, 0-9 and single spaces:
    nothing ``LIKE`` would read as a wildcard)."""

    prepare_rhs = False
    pattern = "%{}%"

    def as_sql(self, compiler, connection):
        whole_words = self.pattern != "%{}%" or " " in self.rhs
        folded_sql, folded_params = compiler.compile(AdminFold(self.lhs, whole_words=whole_words))
        return f"{folded_sql} LIKE %s", [*folded_params, self.pattern.format(self.rhs)]


class AdminFold(SearchFold):
    """``SearchFold`` for a search nothing indexes. On PostgreSQL it calls ``unaccent`` itself
    (the immutable ``kp_unaccent`` wrapper, needed in indexed expressions, costs twice as much per
    row), and to find one word (a-z and 0-9 only) it leaves out the regular expression that makes
    words of the text: every row of a change list search pays for both."""

    def __init__(self, *fields, whole_words=True):
        self.whole_words = whole_words
        super().__init__(*fields)

    def as_postgresql(self, compiler, connection, **extra_context):
        joined, params = self.joined(compiler)
        letters = f"lower(unaccent({joined}))"
        if not self.whole_words:
            return letters, params
        return f"(' ' || regexp_replace({letters}, '[^a-z0-9]+', ' ', 'g') || ' ')", params


class FoldedContains(FoldedLookup):
    lookup_name = "kp_folded_contains"


class FoldedStartsWith(FoldedLookup):
    lookup_name = "kp_folded_startswith"
    pattern = " {}%"


class FoldedExact(FoldedLookup):
    lookup_name = "kp_folded_exact"
    pattern = " {} "


for text_field in (models.CharField, models.TextField):
    for lookup in (FoldedContains, FoldedStartsWith, FoldedExact):
        text_field.register_lookup(lookup)

# search_fields prefix -> (folded lookup, Django's own lookup)
_PREFIXES = {
    "^": (FoldedStartsWith.lookup_name, "istartswith"),
    "=": (FoldedExact.lookup_name, "iexact"),
    "": (FoldedContains.lookup_name, "icontains"),
}


def first_ids(request) -> list[int]:
    """The ids an autocomplete request asks to list first (anything else in the parameter is ignored)."""
    raw = request.GET.get(FIRST_PARAMETER, "")
    return [int(part) for part in raw.split(",")[:MAX_FIRST] if _ID.fullmatch(part)]


class FoldedSearchAdminMixin:
    def search_lookups(self, search_field):
        """(lookup for folded words or None, Django's lookup for the words as typed) of one search field."""
        if search_field.startswith("@"):
            return None, f"{search_field[1:]}__search"
        prefix = search_field[0] if search_field[0] in "^=" else ""
        path = search_field.removeprefix(prefix)
        folded, plain = _PREFIXES[prefix]
        try:
            field = get_fields_from_path(self.model, path)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return None, path  # the name carries its own lookup ("name__exact")
        if isinstance(field, (models.CharField, models.TextField)):
            return f"{path}__{folded}", f"{path}__{plain}"
        return None, f"{path}__{plain}"

    def get_search_results(self, request, queryset, search_term):
        search_fields = [str(field) for field in self.get_search_fields(request)]
        may_have_duplicates = False
        lookups = [self.search_lookups(field) for field in search_fields]
        if lookups and search_term:
            term_queries = []
            for bit in smart_split(search_term):
                typed = unescape_string_literal(bit) if bit.startswith(('"', "'")) and bit[0] == bit[-1] else bit
                words = " ".join(folded_words(typed))
                term_queries.append(
                    Q.create(
                        [(folded, words) if folded and words else (plain, typed) for folded, plain in lookups],
                        connector=Q.OR,
                    )
                )
            queryset = queryset.filter(Q.create(term_queries))
            may_have_duplicates = any(
                lookup_spawns_duplicates(self.opts, lookup) for pair in lookups for lookup in pair if lookup
            )
        if getattr(request.resolver_match, "url_name", None) == "autocomplete":
            queryset = self.autocomplete_order(request, queryset, search_term, lookups)
        return queryset, may_have_duplicates

    def autocomplete_order(self, request, queryset, search_term, lookups):
        """A picker lists first the objects the page asked for (``truoc``), then those holding the
        words typed one after the other ("thanh doan": "Thành đoàn Hải Phòng" before "Liên đoàn
        ... thành phố"), then the rest in the admin's order. The change list sorts by its columns."""
        first = first_ids(request)
        phrase = " ".join(folded_words(search_term))
        in_order = [(folded, phrase) for folded, _ in lookups if folded] if " " in phrase else []
        if not first and not in_order:
            return queryset
        ordering = [*(self.get_ordering(request) or self.opts.ordering or ()), "pk"]
        if in_order:
            ordering.insert(0, Case(When(Q.create(in_order, connector=Q.OR), then=Value(0)), default=Value(1)))
        if first:
            ordering.insert(0, Case(When(pk__in=first, then=Value(0)), default=Value(1)))
        return queryset.order_by(*ordering)
