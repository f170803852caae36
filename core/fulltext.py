"""Site search over articles, programmes and organizations, with diacritics and case optional.

A reader types "khuyen hoc hai phong" or "Đoàn"; both sides are folded to lowercase ASCII words
("khuyến học" -> "khuyen hoc", "Đoàn" -> "doan", by ``core.text.fold``) and every word of the
query must appear as a whole word in the document. A query typed with diacritics ranks first what
has the words as typed ("Đoàn" puts "Thành đoàn" above "giai đoạn"); then title matches rank above
matches elsewhere, then newest first.

Articles carry their folded text in two stored columns (``SearchTextField``, maintained on save,
``bulk_create`` included). On PostgreSQL the article filter is a full-text match on a generated
tsvector column with a GIN index (news migrations 0006-0007), and titles have a GIN index of their
own (0008); on SQLite it is a ``LIKE`` on the folded text. Only a bounded set of candidates is
ranked and at most ``MAX_RESULTS`` are counted, so a word found in most of 100,000 articles costs
about what a rare one does.
Programmes and organizations have no stored folded columns (their tables belong to other apps):
on PostgreSQL GIN indexes on the folded expressions (agreements 0005, organizations 0004) find
them and rank their titles; on SQLite they are folded at query time by a registered Python function.
A programme is found by its commitments' texts too (each word in the programme or in one of its
commitments; on PostgreSQL through the GIN index of agreements 0007).

The functions take querysets (the caller decides visibility with ``published()``) and import no
models, so ``news.models`` can use ``SearchTextField`` from here without an import cycle.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections, models
from django.db.backends.signals import connection_created
from django.db.models import Case, F, Func, Q, Value, When
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.text import fold, folded_words, html_to_text, nfc

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# Results ranked and paged per kind; beyond this the page says "more than 1,000".
MAX_RESULTS = 1000
# A title holding the whole query ranks above any title holding only some of its words.
PHRASE_WEIGHT = MAX_TERMS + 1
SNIPPET_LENGTH = 240

# Letters as Vietnamese writes them (ASCII, Latin with diacritics up to "ỹ"): what a word is not next to.
_LETTER_CLASS = "0-9A-Za-zÀ-ỹ"


def search_words(text) -> str:
    """``fold``'s words padded with spaces: "Đoàn Thanh niên, Hải Phòng" -> " doan thanh nien hai phong ".

    The padding lets ``LIKE '% doan %'`` match whole words at either end."""
    words = folded_words(text)
    return f" {' '.join(words)} " if words else " "


class SearchTextField(models.TextField):
    """A derived, diacritics-folded copy of other fields, for search: " doan thanh nien hai phong ".

    Computed in ``pre_save``, so every write path that saves whole rows keeps it current,
    ``bulk_create`` included; ``QuerySet.update()`` and ``bulk_update()`` bypass it, as they
    bypass every ``pre_save``. Never edited by hand."""

    def __init__(self, *args, sources=(), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        kwargs.pop("editable", None)
        if kwargs.get("default") == "":
            kwargs.pop("default")
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = search_words(" ".join(html_to_text(getattr(model_instance, source)) for source in self.sources))
        setattr(model_instance, self.attname, value)
        return value


@dataclass(frozen=True)
class Query:
    """What the reader typed, made safe to search with."""

    text: str
    terms: tuple[str, ...]
    truncated: bool = False
    too_many_terms: bool = False
    # The words typed with diacritics, lowercase ("đoàn"): matches holding them as typed rank first.
    accented: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw) -> "Query":
        text = " ".join(str(raw or "").replace("\x00", " ").split())
        truncated = len(text) > MAX_QUERY_LENGTH
        if truncated:
            # Cut between words, so the last word searched is one the reader typed whole.
            text = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0] if " " in text[:MAX_QUERY_LENGTH] else text
            text = text[:MAX_QUERY_LENGTH]
        terms = list(dict.fromkeys(search_words(text).split()))
        kept = terms[:MAX_TERMS]
        typed = re.findall(r"[^\W_]+", nfc(text).lower())
        accented = [word for word in dict.fromkeys(typed) if fold(word) != word and fold(word) in kept]
        return cls(text, tuple(kept), truncated, len(terms) > MAX_TERMS, tuple(accented[:MAX_TERMS]))

    def __bool__(self):
        return bool(self.terms)

    @property
    def phrase(self) -> str:
        return f" {' '.join(self.terms)} "


class SearchFold(Func):
    """``search_words()`` in SQL of one or more text columns joined by spaces, for tables without a stored
    folded column: ``SearchFold("title", "reference_number")``.

    Written as one expression (not Django's ``Concat``, whose nested pairs of ``COALESCE`` cost
    about a millisecond to compile each time a search names them)."""

    output_field = models.TextField()

    def __init__(self, *fields):
        super().__init__(*(F(field) if isinstance(field, str) else field for field in fields))

    def joined(self, compiler):
        """The columns as one text: ``COALESCE(a, '') || ' ' || COALESCE(b, '')``."""
        parts, params = [], []
        for expression in self.source_expressions:
            sql, expression_params = compiler.compile(expression)
            parts.append(f"COALESCE({sql}, '')")
            params += expression_params
        return " || ' ' || ".join(parts), params

    def as_sql(self, compiler, connection, **extra_context):
        # SQLite: search_words() itself, registered on every connection (register_sqlite_functions).
        joined, params = self.joined(compiler)
        return f"kp_search_fold({joined})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        # unaccent before lower: lower() leaves "Đ" alone under the C locale; unaccent maps it to "D".
        # kp_unaccent is unaccent declared IMMUTABLE (organizations migration 0004), so that the
        # programme and organization documents built from this expression can be indexed.
        joined, params = self.joined(compiler)
        return f"(' ' || regexp_replace(lower(kp_unaccent({joined})), '[^a-z0-9]+', ' ', 'g') || ' ')", params


class SearchDocument(Func):
    """``to_tsvector('simple', text)`` of folded text: the stored, indexed ``Article.search_vector``
    column, and the indexed expressions of titles and of programme and organization texts.

    The text is already folded, so the 'simple' configuration (no stemming, no stop words) keeps
    exactly its words. SQLite has no text search: there the column is a plain copy of the text,
    which nothing reads."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def _sqlite_fold(value):
    return search_words(value)


def register_sqlite_functions(sender, connection, **kwargs):
    # SQLite has no unaccent: give every new connection the same folding Python uses.
    if connection.vendor == "sqlite":
        connection.connection.create_function("kp_search_fold", 1, _sqlite_fold, deterministic=True)


connection_created.connect(register_sqlite_functions, dispatch_uid="core.fulltext.sqlite_fold")


# What is searched in each table, and the part of it that counts as the title. The PostgreSQL GIN
# indexes on these expressions (the article title; the programme and organization texts) are made
# by migrations of news, agreements and organizations: an expression changed here must be indexed
# again there, or the search stops using the index (tests/search/test_search.py checks it).
PROGRAMME_TITLE_FIELDS = ("title", "reference_number")
PROGRAMME_TEXT_FIELDS = (*PROGRAMME_TITLE_FIELDS, "venue", "summary", "objectives")
# A programme's commitments (its related ``commitments``), searched with the programme; indexed by
# agreements 0007.
PROGRAMME_RELATED_TEXT = {"commitments": ("title", "description")}
ORGANIZATION_TITLE_FIELDS = ("name", "short_name", "abbreviation", "aliases")
ORGANIZATION_TEXT_FIELDS = (*ORGANIZATION_TITLE_FIELDS, "description", "address")


def article_title_document():
    """The indexed search document of an article's title (its folded title is stored)."""
    return SearchDocument(F("search_title"))


def folded_document(fields):
    """The indexed search document of ``fields``: ``to_tsvector('simple', search_words(f1 || ' ' || f2 ...))``."""
    return SearchDocument(SearchFold(*fields))


def _on_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _tsquery(terms, search_type="plain"):
    """Every word of ``terms`` ("plain": in any order; "phrase": one after the other)."""
    return SearchQuery(" ".join(terms), config="simple", search_type=search_type)


def _words_in(field, terms):
    return [Q(**{f"{field}__contains": f" {term} "}) for term in terms]


class TitleRank(Func):
    """How well a folded title (a stored column, or ``SearchFold``) answers the query: the whole
    query in it counts above any number of its words (``phrase * (MAX_TERMS + 1) + words``), so
    one descending sort orders by both."""

    output_field = models.IntegerField()

    def __init__(self, title, query: Query):
        self.query = query
        super().__init__(title)

    def as_sql(self, compiler, connection, **extra_context):
        title_sql, title_params = compiler.compile(self.source_expressions[0])
        patterns = [self.query.phrase, *(f" {term} " for term in self.query.terms)]
        weights = [PHRASE_WEIGHT, *([1] * len(self.query.terms))]
        cases, params = [], []
        for weight, pattern in zip(weights, patterns, strict=True):
            cases.append(f"CASE WHEN {title_sql} LIKE %s THEN {weight} ELSE 0 END")
            params += [*title_params, f"%{pattern}%"]
        return f"({' + '.join(cases)})", params


def _typed_forms(word):
    """``word`` in lower, capitalized and upper case, spelled out: PostgreSQL's case folding of
    "Đ" depends on the database's locale."""
    return list(dict.fromkeys((word, word.capitalize(), word.upper())))


def _as_typed(word):
    """A regular expression (the same in Python's ``re``, which Django gives SQLite, and in
    PostgreSQL) for ``word`` as a whole word with its diacritics, in any of ``_typed_forms``."""
    forms = "|".join(re.escape(form) for form in _typed_forms(word))
    return f"(^|[^{_LETTER_CLASS}])({forms})([^{_LETTER_CLASS}]|$)"


def _accent_rank(query, title_fields):
    """How many of the words typed with diacritics one of ``title_fields`` holds as typed."""
    rank = Value(0)
    for word in query.accented:
        holds = Q.create(
            [
                # A plain substring test first: the regular expression, slower, only reads the titles it passes.
                Q.create([(f"{field}__contains", form) for form in _typed_forms(word)], connector=Q.OR)
                & Q(**{f"{field}__regex": _as_typed(word)})
                for field in title_fields
            ],
            connector=Q.OR,
        )
        rank += Case(When(holds, then=Value(1)), default=Value(0))
    return rank


def _ordered(queryset, title_rank, query, title_fields, order):
    """Order by: the words typed with diacritics as typed in the title (when there are any), then
    ``title_rank`` (the whole query in the folded title, then how many query words it holds), then ``order``."""
    queryset = queryset.annotate(title_rank=title_rank)
    if not query.accented:
        return queryset.order_by("-title_rank", *order)
    queryset = queryset.annotate(accent_rank=_accent_rank(query, title_fields))
    return queryset.order_by("-accent_rank", "-title_rank", *order)


def _ranked(queryset, title, query, order, title_fields):
    return _ordered(queryset, TitleRank(title, query), query, title_fields, order)


class TitleIndexRank(Func):
    """PostgreSQL, tables without a stored folded title: ``TitleRank``'s number, from the GIN index
    of the folded title (``folded_document(title_fields)``). "The title holds this word" is one
    index scan per word, hashed once per query; only titles holding every word are read again,
    to look for the phrase (a regular expression on the unaccented lowercase title that treats
    everything but a-z and 0-9 as a separator, as ``search_words()`` does). Folding the title of every
    match once per word is what made these searches slow; building the same SQL from ORM
    subqueries cost a dozen milliseconds of compiling, so it is written out here."""

    output_field = models.IntegerField()

    def __init__(self, model, title_fields, query: Query):
        self.model, self.title_fields, self.query = model, title_fields, query
        super().__init__(F("pk"), *(F(field) for field in title_fields))

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        joined, joined_params = SearchFold(*self.source_expressions[1:]).joined(compiler)
        quote = connection.ops.quote_name
        meta = self.model._meta
        inner_title = " || ' ' || ".join(
            f"COALESCE(kp_titles.{quote(meta.get_field(field).column)}, '')" for field in self.title_fields
        )
        # Exactly the indexed expression, folded_document(title_fields), over the subquery's table.
        document = (
            "to_tsvector('simple'::regconfig, "
            f"(' ' || regexp_replace(lower(kp_unaccent({inner_title})), '[^a-z0-9]+', ' ', 'g') || ' '))"
        )
        in_title = (
            f"{pk_sql} IN (SELECT kp_titles.{quote(meta.pk.column)} FROM {quote(meta.db_table)} kp_titles "
            f"WHERE {document} @@ plainto_tsquery('simple'::regconfig, %s))"
        )
        sql = f"CASE WHEN {in_title} THEN "
        params = [*pk_params, " ".join(self.query.terms)]
        if len(self.query.terms) > 1:
            sql += f"(CASE WHEN lower(unaccent({joined})) ~ %s THEN {PHRASE_WEIGHT} ELSE 0 END)"
            params += [*joined_params, f"(^|[^a-z0-9]){'[^a-z0-9]+'.join(self.query.terms)}([^a-z0-9]|$)"]
        else:
            sql += str(PHRASE_WEIGHT)
        sql += " ELSE 0 END"
        for term in self.query.terms:
            sql += f" + CASE WHEN {in_title} THEN 1 ELSE 0 END"
            params += [*pk_params, term]
        return f"({sql})", params


def _ranked_by_title_index(queryset, query, title_fields, order):
    """PostgreSQL, tables without a stored folded title: the same order as ``_ranked``."""
    rank = TitleIndexRank(queryset.model, title_fields, query)
    return _ordered(queryset, rank, query, title_fields, order)


@dataclass(frozen=True)
class Results:
    """One kind of search result: ``ranked`` (best first; what the pages show) and ``matches``
    (unordered, for counting)."""

    ranked: models.QuerySet
    matches: models.QuerySet


def _no_results(queryset):
    return Results(queryset.none(), queryset.none())


def search_articles(queryset, query: Query, *, limit=None):
    """Published articles holding every word of the query.

    A common word matches most of 100,000 articles; ranking them all would read every matching
    row's text. Only a bounded set of candidates is ranked: the ``limit`` newest matches and the
    ``limit`` newest articles holding every word in their title (both read through indexes), so
    the first pages are the same as with everything ranked: title matches first, then newest."""
    if not query:
        return _no_results(queryset)
    limit = limit or MAX_RESULTS
    order = ("-published_at", "-pk")
    if _on_postgresql(queryset):
        matches = queryset.filter(search_vector=_tsquery(query.terms))
        in_title = queryset.alias(title_document=article_title_document()).filter(title_document=_tsquery(query.terms))
    else:
        matches = queryset.filter(*_words_in("search_text", query.terms))
        in_title = queryset.filter(*_words_in("search_title", query.terms))
    newest = matches.order_by(*order).values("pk")[:limit]
    newest_in_title = in_title.order_by(*order).values("pk")[:limit]
    if _on_postgresql(queryset):
        candidates = queryset.filter(pk__in=newest.union(newest_in_title))
    else:  # SQLite allows no LIMIT inside a UNION; its data sets are small
        candidates = queryset.filter(Q(pk__in=newest) | Q(pk__in=newest_in_title))
    ranked = _ranked(candidates.defer("search_text", "search_vector"), F("search_title"), query, order, ("title",))
    return Results(ranked, matches)


def _related_words(queryset, relation, fields, term, postgresql):
    """The pks of ``queryset``'s model whose related ``relation`` rows (a reverse foreign key) hold
    ``term`` in ``fields``, read from the related table alone, so that PostgreSQL reads its index."""
    reverse = queryset.model._meta.get_field(relation)
    related = reverse.related_model._meta.default_manager.order_by()
    if postgresql:
        related = related.alias(related_document=folded_document(fields)).filter(related_document=_tsquery([term]))
    else:
        related = related.alias(related_text=SearchFold(*fields)).filter(related_text__contains=f" {term} ")
    return related.values(reverse.field.attname)


def _with_place(queryset, matches, place, region_lookup, search):
    """``matches``, and the rows of ``queryset`` in the ``place`` named by the query (through
    ``region_lookup``) that hold the rest of its words (``search(queryset, rest)``)."""
    in_place = queryset.filter(**{f"{region_lookup}__in": place.region_pks})
    if place.rest:
        in_place = search(in_place, place.rest)
    return queryset.filter(Q(pk__in=matches.order_by().values("pk")) | Q(pk__in=in_place.order_by().values("pk")))


def _search_folded(queryset, query, *, title_fields, text_fields, order, related_text=None, place=None, region=None):
    """Tables without stored folded columns (programmes, organizations). On PostgreSQL the matches
    and their ranks come from GIN indexes on the folded text and title (no row is folded to find
    them); on SQLite everything is folded at query time. With ``related_text`` ({relation: fields})
    each word may be in the row's own text or in one of its related rows' (a programme's commitments).
    With a ``place`` (``place_named``) the rows of that province (through the ``region`` lookup)
    holding the query's other words match too, ranked after those holding every word."""
    if not query:
        return _no_results(queryset)
    if place is not None and region is not None:
        own = _search_folded(
            queryset, query, title_fields=title_fields, text_fields=text_fields, order=order, related_text=related_text
        )

        def search_rest(rows, rest):
            return _search_folded(
                rows, rest, title_fields=title_fields, text_fields=text_fields, order=order, related_text=related_text
            ).matches

        matches = _with_place(queryset, own.matches, place, region, search_rest)
        if _on_postgresql(queryset):
            return Results(_ranked_by_title_index(matches, query, title_fields, order), matches)
        return Results(_ranked(matches, SearchFold(*title_fields), query, order, title_fields), matches)
    postgresql = _on_postgresql(queryset)
    if postgresql:
        own = queryset.alias(search_document=folded_document(text_fields))
        if not related_text:
            matches = own.filter(search_document=_tsquery(query.terms))
        else:
            # "pk IN ((own UNION related matches of word 1) INTERSECT (... of word 2) ...)": each part
            # reads its GIN index and the set is built once. An OR of the two conditions made
            # PostgreSQL fold every row; one "IN" per word let it rescan a word's set per row.
            per_word = [
                own.filter(search_document=_tsquery([term]))
                .order_by()
                .values("pk")
                .union(*(_related_words(queryset, *item, term, True) for item in related_text.items()))
                for term in query.terms
            ]
            matches = queryset.filter(
                pk__in=per_word[0].intersection(*per_word[1:]) if len(per_word) > 1 else per_word[0]
            )
        return Results(_ranked_by_title_index(matches, query, title_fields, order), matches)
    own = queryset.alias(search_text=SearchFold(*text_fields))
    matches = own.filter(
        *(
            Q(search_text__contains=f" {term} ")
            | Q.create(
                [("pk__in", _related_words(queryset, *item, term, False)) for item in (related_text or {}).items()],
                connector=Q.OR,
            )
            for term in query.terms
        )
    )
    return Results(_ranked(matches, SearchFold(*title_fields), query, order, title_fields), matches)


# How a programme and an organization reach their province: a programme through its parties.
PROGRAMME_REGION = "parties__organization__region"
ORGANIZATION_REGION = "region"


def search_programmes(queryset, query: Query, *, place=None):
    return _search_folded(
        queryset,
        query,
        title_fields=PROGRAMME_TITLE_FIELDS,
        text_fields=PROGRAMME_TEXT_FIELDS,
        order=("-start_year", "title"),
        related_text=PROGRAMME_RELATED_TEXT,
        place=place,
        region=PROGRAMME_REGION,
    )


def search_organizations(queryset, query: Query, *, place=None):
    return _search_folded(
        queryset,
        query,
        title_fields=ORGANIZATION_TITLE_FIELDS,
        text_fields=ORGANIZATION_TEXT_FIELDS,
        order=("name",),
        place=place,
        region=ORGANIZATION_REGION,
    )


def _fold_char(char):
    folded = fold(char)
    return folded if len(folded) == 1 and folded in "abcdefghijklmnopqrstuvwxyz0123456789" else " "


class _CharFolding(dict):
    """``str.translate`` table: every character to one folded character (a-z, 0-9 or a space),
    computed the first time it is met, so a text keeps its length and match positions."""

    def __missing__(self, codepoint):
        folded = self[codepoint] = _fold_char(chr(codepoint))
        return folded


_CHAR_FOLDING = _CharFolding()


def _match_spans(text, terms):
    """Where the query's words occur in ``text`` (whole words, diacritics and case ignored)."""
    if not terms or not text:
        return []
    folded = text.translate(_CHAR_FOLDING)
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")
    return [match.span() for match in pattern.finditer(folded)]


def _marked(text, spans, start, end):
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue
        parts += [
            conditional_escape(text[position:span_start]),
            "<mark>",
            conditional_escape(text[span_start:span_end]),
        ]
        parts.append("</mark>")
        position = span_end
    parts.append(conditional_escape(text[position:end]))
    return "".join(parts)


def highlight(text, terms):
    """``text`` escaped, with the query's words wrapped in <mark>."""
    text = str(text or "")
    return mark_safe(_marked(text, _match_spans(text, terms), 0, len(text)))


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About ``length`` characters of ``text`` around the first match, escaped and highlighted."""
    text = " ".join(str(text or "").split())
    spans = _match_spans(text, terms)
    if len(text) <= length:
        return mark_safe(_marked(text, spans, 0, len(text)))
    first = spans[0][0] if spans else 0
    start = max(0, first - length // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", max(start, first), end)
        end = space if space > start else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + _marked(text, spans, start, end) + suffix)
