"""The pages the benchmark drives, chosen from the generated data, and what each costs in SQL.

    DATABASE_URL=... DJANGO_SETTINGS_MODULE=kpportal.settings.prod ... python bench/pages.py > pages.json

prints, for each page: its address, the number of SQL queries and the HTML bytes of an uncached
anonymous request (Django's test client in this process, ``CaptureQueriesContext``): the first
render after a change of content, and the next one, which finds the shared fragments kept; and the
number of queries of the same request once the page is in the page cache.
"""

import argparse
import json
import math
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SEARCH_QUERY = "khuyen hoc hai phong"
DEEP_PAGE = 2000
# The order of the table in bench/README.md.
PAGE_NAMES = [
    "home",
    "news-page-1",
    "news-page-2000",
    "article",
    "programmes-filtered",
    "programme",
    "organization",
    "search",
]


def benchmark_pages() -> dict[str, str]:
    """name -> address of every page the benchmark measures."""
    from django.db.models import Count, Exists, OuterRef
    from django.urls import reverse
    from django.utils.http import urlencode

    from agreements.models import Commitment, CommitmentProgress, Party, Programme, Review
    from bench.generate import PREFIX
    from news.models import Article, ArticleImage
    from news.views import ARTICLES_PER_PAGE
    from organizations.models import Organization

    news = reverse("news:article-list")
    pages = math.ceil(Article.objects.published().count() / ARTICLES_PER_PAGE)
    # A recent article of the kind readers open: cover, gallery, programme box.
    articles = Article.objects.published().filter(slug__startswith=PREFIX).order_by("-published_at", "-pk")
    article = (
        articles.exclude(cover_image="")
        .filter(Exists(ArticleImage.objects.filter(article=OuterRef("pk"))))
        .filter(Exists(Article.programmes.through.objects.filter(article=OuterRef("pk"))))
        .first()
    ) or articles.first()
    # An active programme with every part a programme page shows: several parties, reviews,
    # progress entries, commitments with responsible parties, news (any published one in a very small data set).
    programmes = Programme.objects.published().filter(slug__startswith=PREFIX).order_by("pk")
    complete = programmes.filter(
        Exists(Review.objects.filter(programme=OuterRef("pk"))),
        Exists(CommitmentProgress.objects.filter(commitment__programme=OuterRef("pk"), is_published=True)),
        Exists(Commitment.responsible.through.objects.filter(commitment__programme=OuterRef("pk"))),
        Exists(Article.programmes.through.objects.filter(programme=OuterRef("pk"))),
    )
    programme = (
        complete.active().annotate(party_count=Count("parties")).filter(party_count__gte=4).first()
        or complete.first()
        or programmes.first()
    )
    lead = Party.objects.filter(programme=programme).select_related("organization").order_by("order").first()
    organization = (
        Organization.objects.filter(slug__startswith=PREFIX, region__isnull=False)
        .annotate(programme_count=Count("parties", distinct=True))
        .order_by("-programme_count", "pk")
        .first()
    )
    region = lead.organization.region
    filters = {"status": Programme.Status.ACTIVE.value}
    if region is not None:
        filters["region"] = region.slug
    return {
        "home": reverse("home"),
        "news-page-1": news,
        "news-page-2000": f"{news}?page={min(DEEP_PAGE, max(pages, 1))}",
        "article": article.get_absolute_url(),
        "programmes-filtered": f"{reverse('agreements:programme-list')}?{urlencode(filters)}",
        "programme": programme.get_absolute_url(),
        "organization": organization.get_absolute_url(),
        "search": f"{reverse('search')}?{urlencode({'q': SEARCH_QUERY})}",
    }


def measure(pages, *, extra_headers=None, keep=()):
    """{name: {"url", "queries", "bytes", "status", "cached_queries"}} for anonymous requests; the
    pages named in ``keep`` also carry their uncached "html"."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from pagecache import middleware as pagecache

    headers = extra_headers or {}
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1"
    results = {}
    for name, url in pages.items():
        with override_settings(PAGECACHE_ENABLED=False):
            # The first render after a change makes the shared fragments (core/fragments.py); the
            # renders after it, until the next change, find them kept: both are counted.
            with CaptureQueriesContext(connection) as first:
                Client(HTTP_HOST=host, **headers).get(url)
            with CaptureQueriesContext(connection) as queries:
                response = Client(HTTP_HOST=host, **headers).get(url)
        entry = {
            "url": url,
            "status": response.status_code,
            "queries": len(queries),
            "first_queries": len(first),
            "bytes": len(response.content),
        }
        if name in keep:
            entry["html"] = response.content
        with override_settings(PAGECACHE_ENABLED=True):
            pagecache.reset_state()
            Client(HTTP_HOST=host, **headers).get(url)
            with CaptureQueriesContext(connection) as cached:
                again = Client(HTTP_HOST=host, **headers).get(url)
        entry["cached_queries"] = len(cached)
        entry["cached_status"] = again.headers.get(pagecache.STATUS_HEADER)
        results[name] = entry
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article-html", help="also write the article page's HTML (uncached) to this file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpportal.settings.prod")
    import django

    django.setup()
    pages = benchmark_pages()
    # Behind the production proxy every request arrives as HTTPS.
    results = measure(pages, extra_headers={"HTTP_X_FORWARDED_PROTO": "https"}, keep={"article"})
    if args.article_html:
        Path(args.article_html).write_bytes(results["article"].pop("html"))
    for entry in results.values():
        entry.pop("html", None)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
