from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from agreements.models import Party, Programme
from kpportal.pagecache_store import cache_key_parameters
from kpportal.pagination import CappedPaginator, capped_count, lenient_page, page_range
from kpportal.search import (
    MAX_QUERY_LENGTH,
    MAX_RESULTS,
    MAX_TERMS,
    Query,
    highlight,
    html_to_text,
    search_articles,
    search_organizations,
    search_programmes,
    snippet,
)
from kpportal.search_places import place_named
from kpportal.site_address import absolute_url
from news.models import Article
from organizations.models import Organization, Region

HOME_LATEST = 8
HOME_PROGRAMMES = 6
HOME_MEMBERS = 24
SEARCH_PER_PAGE = 10
SEARCH_PREVIEW = 5


def home(request):
    articles = Article.objects.published().for_list().select_related("category")
    featured = articles.filter(is_featured=True).first()
    latest = articles.exclude(pk=featured.pk) if featured else articles
    parties = Party.objects.select_related("organization").order_by("order", "pk")
    context = {
        "featured": featured,
        "latest": list(latest[:HOME_LATEST]),
        "active_programmes": Programme.objects.published()
        .active()
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("-start_year", "title")[:HOME_PROGRAMMES],
        "members": Organization.objects.published().members().order_by("name")[:HOME_MEMBERS],
    }
    return render(request, "home.html", context)


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


@require_safe
def about_english(request):
    """/en/: who runs the portal and how to reach them, in English (built from the host organization's
    record, shown by the footer), and what the portal holds."""
    context = {
        "counts": {
            "articles": Article.objects.published().count(),
            "programmes": Programme.objects.published().count(),
            "organizations": Organization.objects.published().count(),
        }
    }
    return render(request, "kpportal/about_en.html", context)


def robots_txt(request):
    text = loader.render_to_string("kpportal/robots.txt", {"sitemap_url": absolute_url(reverse("sitemap"), request)})
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico on their own; answer without an error until the site has an icon file."""
    host = Organization.objects.host()
    if host and host.logo:
        return HttpResponseRedirect(host.logo.url)
    return HttpResponse(status=204)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors: this page must render even when the database is what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
