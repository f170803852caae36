"""The public search page: articles, programmes and organizations found without diacritics."""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agreements.models import Programme
from core.fulltext import (
    MAX_QUERY_LENGTH,
    MAX_RESULTS,
    MAX_TERMS,
    Query,
    highlight,
    search_articles,
    search_organizations,
    search_programmes,
    snippet,
)
from core.pagination import CappedPaginator, capped_count, lenient_page, page_range
from core.query_parameters import cache_key_parameters
from core.text import html_to_text
from news.models import Article
from organizations.models import Organization, Region
from search.places import place_named

SEARCH_PER_PAGE = 10
SEARCH_PREVIEW = 5


@dataclass
class Hit:
    """One search result as the page shows it: the object, its title and a snippet, highlighted."""

    object: object
    title: str
    snippet: str


def article_hits(articles, terms):
    return [
        Hit(article, highlight(article.title, terms), snippet(f"{article.lead} {html_to_text(article.body)}", terms))
        for article in articles
    ]


def programme_hits(programmes, terms):
    # A programme may be found by its commitments alone: the snippet shows them too.
    programmes = list(programmes)
    prefetch_related_objects(programmes, "commitments")
    return [
        Hit(
            programme,
            highlight(programme.title, terms),
            snippet(
                " ".join([programme.summary, programme.objectives, *(str(c) for c in programme.commitments.all())]),
                terms,
            ),
        )
        for programme in programmes
    ]


def organization_hits(organizations, terms):
    return [
        Hit(
            organization,
            highlight(organization.name, terms),
            snippet(f"{' · '.join(organization.alias_list())} {organization.description}", terms),
        )
        for organization in organizations
    ]


SEARCH_KINDS = {
    "bai-viet": ("Bài viết", article_hits),
    "chuong-trinh": ("Chương trình phối hợp", programme_hits),
    "to-chuc": ("Tổ chức", organization_hits),
}


def count_label(count, *, more=False):
    """A result count as the page says it: "37", "1.086", "hơn 1.000" (counting stopped there)."""
    number = f"{count:,}".replace(",", ".")
    return f"hơn {number}" if more else number


@cache_key_parameters("q", "loai", "page")
@require_safe
def search(request):
    """/tim-kiem/?q=…&loai=…&page=…: every value is taken as it comes, and never fails."""
    query = Query.parse(request.GET.get("q"))
    kind = request.GET.get("loai", "")
    notes = []
    if kind not in SEARCH_KINDS:
        if kind:
            notes.append("Loại kết quả không hợp lệ; đang hiện tất cả.")
        kind = ""
    if query.truncated:
        notes.append(f"Từ khóa quá dài: chỉ tìm theo {MAX_QUERY_LENGTH} ký tự đầu.")
    if query.too_many_terms:
        notes.append(f"Chỉ tìm theo {MAX_TERMS} từ đầu tiên của từ khóa.")
    if query.text and not query:
        notes.append("Từ khóa cần có ít nhất một chữ hoặc chữ số.")

    # A province named by today's or a former name ("Hà Nam", now in Ninh Bình) finds what is there too.
    place = place_named(query, Region.objects.only("pk", "name", "former_names"))
    if place is not None and place.named not in place.region_names:
        today = ", ".join(place.region_names)
        notes.append(f"“{place.named}” nay thuộc {today}: kết quả gồm cả chương trình, tổ chức ở {today}.")
    results = {
        "bai-viet": search_articles(Article.objects.published().select_related("category"), query, limit=MAX_RESULTS),
        "chuong-trinh": search_programmes(Programme.objects.published(), query, place=place),
        "to-chuc": search_organizations(Organization.objects.published(), query, place=place),
    }
    context = {"query": query, "kind": kind, "notes": notes, "searched": bool(query)}
    if query:
        paged = kind or "bai-viet"
        paginator = CappedPaginator(
            results[paged].ranked, SEARCH_PER_PAGE, cap=MAX_RESULTS, counted=results[paged].matches
        )
        page, page_message = lenient_page(paginator, request.GET.get("page"))
        counts, capped = {}, set()
        for name in SEARCH_KINDS:
            if name == paged:
                counts[name], more = paginator.count, paginator.is_capped
            else:
                counts[name], more = capped_count(results[name].matches, MAX_RESULTS)
            if more:
                capped.add(name)
        total = sum(counts.values())
        context.update(
            tabs=[(name, label, counts[name]) for name, (label, _) in SEARCH_KINDS.items()],
            capped_kinds=capped,
            more_than=count_label(MAX_RESULTS, more=True),
            page_obj=page,
            page_message=page_message,
            page_range=page_range(page),
            programme_count=counts["chuong-trinh"],
            programme_count_label=count_label(counts["chuong-trinh"], more="chuong-trinh" in capped),
            organization_count=counts["to-chuc"],
            organization_count_label=count_label(counts["to-chuc"], more="to-chuc" in capped),
            total=total,
            total_label=count_label(total, more=bool(capped)),
            hits=SEARCH_KINDS[paged][1](page.object_list, query.terms),
        )
        if not kind:
            context["programme_hits"] = programme_hits(results["chuong-trinh"].ranked[:SEARCH_PREVIEW], query.terms)
            context["organization_hits"] = organization_hits(results["to-chuc"].ranked[:SEARCH_PREVIEW], query.terms)
    return render(request, "search/results.html", context)
