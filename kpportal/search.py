"""Site search over articles, programmes and organizations, with diacritics and case optional.

A reader types "khuyen hoc hai phong" or "Đoàn"; both sides are folded to lowercase ASCII words
("khuyến học" -> "khuyen hoc", "Đoàn" -> "doan") and every word of the query must appear as a
whole word in the document. Title matches rank above matches elsewhere, then newest first.

Articles carry their folded text in two stored columns (``SearchTextField``, maintained on save,
``bulk_create`` included). On PostgreSQL the article filter is a full-text match on a generated
tsvector column with a GIN index (news migrations 0006-0007); on SQLite it is a ``LIKE`` on the
folded text.
Programmes and organizations are few and their tables belong to other apps, so they are folded in
SQL at query time: ``unaccent`` on PostgreSQL, a Python function registered on SQLite.

The functions take querysets (the caller decides visibility with ``published()``) and import no
models, so ``news.models`` can use ``SearchTextField`` from here without an import cycle.
"""

import functools
import html
import operator
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections, models
from django.db.backends.signals import connection_created
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Concat
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe

from kpportal.text import nfc, strip_diacritics

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_LENGTH = 240

_WORDS = re.compile(r"[a-z0-9]+")


def fold(text) -> str:
    """Lowercase ASCII words padded with spaces: "Đoàn Thanh niên, Hải Phòng" -> " doan thanh nien hai phong ".

    The padding lets ``LIKE '% doan %'`` match whole words at either end."""
    words = _WORDS.findall(strip_diacritics(nfc(str(text or ""))).lower())
    return f" {' '.join(words)} " if words else " "


def html_to_text(value) -> str:
    """The readable text of sanitized rich text: tags removed, entities decoded."""
    return html.unescape(strip_tags(value or ""))


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
        value = fold(" ".join(html_to_text(getattr(model_instance, source)) for source in self.sources))
        setattr(model_instance, self.attname, value)
        return value


@dataclass(frozen=True)
class Query:
    """What the reader typed, made safe to search with."""

    text: str
    terms: tuple[str, ...]
    truncated: bool = False
    too_many_terms: bool = False

    @classmethod
    def parse(cls, raw) -> "Query":
        text = " ".join(str(raw or "").replace("\x00", " ").split())
        truncated = len(text) > MAX_QUERY_LENGTH
        if truncated:
            # Cut between words, so the last word searched is one the reader typed whole.
            text = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0] if " " in text[:MAX_QUERY_LENGTH] else text
            text = text[:MAX_QUERY_LENGTH]
        terms = list(dict.fromkeys(fold(text).split()))
        return cls(text, tuple(terms[:MAX_TERMS]), truncated, len(terms) > MAX_TERMS)

    def __bool__(self):
        return bool(self.terms)

    @property
    def phrase(self) -> str:
        return f" {' '.join(self.terms)} "


class SearchFold(Func):
    """``fold()`` in SQL, for tables without a stored folded column."""

    function = "kp_search_fold"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # unaccent before lower: lower() leaves "Đ" alone under the C locale; unaccent maps it to "D".
        template = (
            "(' ' || regexp_replace(lower(unaccent(COALESCE(%(expressions)s, ''))), '[^a-z0-9]+', ' ', 'g') || ' ')"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


class SearchDocument(Func):
    """``to_tsvector('simple', text)`` for the stored, indexed ``Article.search_vector`` column.

    The text is already folded, so the 'simple' configuration (no stemming, no stop words) keeps
    exactly its words. SQLite has no text search: there the column is a plain copy of the text,
    which nothing reads."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def _sqlite_fold(value):
    return fold(value)


def register_sqlite_functions(sender, connection, **kwargs):
    # SQLite has no unaccent: give every new connection the same folding Python uses.
    if connection.vendor == "sqlite":
        connection.connection.create_function("kp_search_fold", 1, _sqlite_fold, deterministic=True)


connection_created.connect(register_sqlite_functions, dispatch_uid="kpportal.search.sqlite_fold")


def _words_in(field, terms):
    return [Q(**{f"{field}__contains": f" {term} "}) for term in terms]


def _ranked(queryset, query, title_field, *order):
    """Order by: the whole query in the title, how many query words the title holds, then ``order``."""
    hits = [Case(When(condition, then=Value(1)), default=Value(0)) for condition in _words_in(title_field, query.terms)]
    return queryset.annotate(
        title_phrase=Case(
            When(Q(**{f"{title_field}__contains": query.phrase}), then=Value(1)),
            default=Value(0),
            output_field=models.IntegerField(),
        ),
        title_hits=functools.reduce(operator.add, hits),
    ).order_by("-title_phrase", "-title_hits", *order)


def search_articles(queryset, query: Query):
    if not query:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        queryset = queryset.filter(
            search_vector=SearchQuery(" ".join(query.terms), config="simple", search_type="plain")
        )
    else:
        queryset = queryset.filter(*_words_in("search_text", query.terms))
    return _ranked(queryset, query, "search_title", "-published_at", "-pk")


def _concat(*fields):
    parts = []
    for field in fields:
        parts += [F(field), Value(" ")]
    return Concat(*parts[:-1], output_field=models.TextField())


def search_programmes(queryset, query: Query):
    if not query:
        return queryset.none()
    queryset = queryset.alias(
        search_title=SearchFold(_concat("title", "reference_number")),
        search_text=SearchFold(_concat("title", "reference_number", "venue", "summary", "objectives")),
    ).filter(*_words_in("search_text", query.terms))
    return _ranked(queryset, query, "search_title", "-start_year", "title")


def search_organizations(queryset, query: Query):
    if not query:
        return queryset.none()
    queryset = queryset.alias(
        search_title=SearchFold(_concat("name", "short_name", "abbreviation", "aliases")),
        search_text=SearchFold(_concat("name", "short_name", "abbreviation", "aliases", "description", "address")),
    ).filter(*_words_in("search_text", query.terms))
    return _ranked(queryset, query, "search_title", "name")


@functools.lru_cache(maxsize=4096)
def _fold_char(char):
    folded = strip_diacritics(char).lower()
    return folded if len(folded) == 1 and folded in "abcdefghijklmnopqrstuvwxyz0123456789" else " "


def _match_spans(text, terms):
    """Where the query's words occur in ``text`` (whole words, diacritics and case ignored)."""
    if not terms or not text:
        return []
    folded = "".join(_fold_char(char) for char in text)
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
