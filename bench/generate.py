"""Scale data for the benchmark: 100,000 published articles, 5,000 organizations, 3,000 programmes.

    bench/generate                      # full size into PostgreSQL database kpportal_bench
    bench/generate --articles 2000      # smaller
    DATABASE_URL=... .venv/bin/python bench/generate.py --articles 1000 --organizations 100 --programmes 50

Everything written here is marked: slugs start with "bench-". The generator refuses to run
against a database holding content it did not write (demo or real articles, programmes,
organizations, categories, regions) unless given ``--force``; it then adds its rows beside that
content and only ever deletes its own. A second run first deletes the previous generated rows
(``--if-missing`` instead does nothing when enough generated content is already there).

Rows are written with ``bulk_create`` in batches, so model ``save()`` methods do not run: the
text is generated in Unicode NFC and the HTML is already clean (the sanitizer's ``pre_save``
still runs and leaves it unchanged). Pictures are a few small generated files referenced by many
rows, with their renditions made once. The page cache is invalidated at the end.
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:  # run as a script: bench/ is on the path, the project is not
    sys.path.insert(0, str(BASE_DIR))

from bench.bulk_load import PREFIX, FastFold, indexes_dropped, log, make_pictures, precomputed_search_fields  # noqa: E402
from bench.generate_content import (  # noqa: E402
    make_articles,
    make_categories,
    make_organizations,
    make_programmes,
    make_progress,
    make_regions,
)


class Refused(Exception):
    """The database holds content this generator did not write."""


@dataclass(frozen=True)
class Sizes:
    articles: int = 100_000
    organizations: int = 5_000
    programmes: int = 3_000


def content_models():
    from agreements.models import Programme
    from news.models import Article, Category
    from organizations.models import Organization, Region

    return {"bài viết": Article, "chương trình": Programme, "tổ chức": Organization, "chuyên mục": Category}, Region


def real_content():
    """How many rows of each kind of public content were not written by this generator."""
    models, region = content_models()
    counts = {label: model.objects.exclude(slug__startswith=PREFIX).count() for label, model in models.items()}
    # The 34 provinces (with their official code) are made by a migration in every installation.
    counts["địa bàn"] = region.objects.exclude(slug__startswith=PREFIX).filter(code__isnull=True).count()
    return {label: count for label, count in counts.items() if count}


def generated_counts():
    from agreements.models import Programme
    from news.models import Article
    from organizations.models import Organization

    return {
        "articles": Article.objects.filter(slug__startswith=PREFIX).count(),
        "organizations": Organization.objects.filter(slug__startswith=PREFIX).count(),
        "programmes": Programme.objects.filter(slug__startswith=PREFIX).count(),
    }


def _delete_rows(queryset) -> int:
    """One ``DELETE ... WHERE pk IN (the queryset)``: no signals, no cascades in Python."""
    from django.db import connections

    meta = queryset.model._meta
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    select, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN ({select})", params)
        return cursor.rowcount


def delete_generated(out):
    """Delete every generated row (and nothing else), children first; no signals, no cascades in Python."""
    from agreements.models import Commitment, CommitmentProgress, Party, Programme, Review, Signatory
    from news.models import Article, ArticleImage, Category, Comment, ProgressEvidence
    from organizations.models import Organization, Region

    generated_article = {"article__slug__startswith": PREFIX}
    generated_programme = {"programme__slug__startswith": PREFIX}
    steps = [
        ProgressEvidence.objects.filter(**generated_article),
        ProgressEvidence.objects.filter(progress__commitment__programme__slug__startswith=PREFIX),
        CommitmentProgress.objects.filter(commitment__programme__slug__startswith=PREFIX),
        ArticleImage.objects.filter(**generated_article),
        Comment.objects.filter(**generated_article),
        Article.programmes.through.objects.filter(**generated_article),
        Article.programmes.through.objects.filter(**generated_programme),
        Article.organizations.through.objects.filter(**generated_article),
        Article.organizations.through.objects.filter(organization__slug__startswith=PREFIX),
        Article.objects.filter(slug__startswith=PREFIX),
        Category.objects.filter(slug__startswith=PREFIX),
        Commitment.responsible.through.objects.filter(commitment__programme__slug__startswith=PREFIX),
        Commitment.responsible.through.objects.filter(organization__slug__startswith=PREFIX),
        Commitment.objects.filter(**generated_programme),
        Signatory.objects.filter(**generated_programme),
        Review.objects.filter(**generated_programme),
        Party.objects.filter(**generated_programme),
        Programme.objects.filter(slug__startswith=PREFIX),
        Organization.objects.filter(slug__startswith=PREFIX, parent__isnull=False),
        Organization.objects.filter(slug__startswith=PREFIX),
        Region.objects.filter(slug__startswith=PREFIX),
    ]
    for queryset in steps:
        deleted = _delete_rows(queryset)
        if deleted:
            log(out, f"  xóa {deleted} dòng {queryset.model._meta.db_table}")


def vacuum_analyze(connection):
    """Statistics for the planner, and the visibility map that lets counts use index-only scans:
    after a bulk load, or a migration that updated many rows, measurements would otherwise depend
    on when autovacuum last came by. Seconds when there is nothing to do."""
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def generate(sizes: Sizes, *, force=False, if_missing=False, seed=2019, now=None, out=sys.stdout):
    """Fill the database; returns the counts of generated content. Raises ``Refused``."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.vocabulary import TextMaker
    from pagecache.middleware import bump_generation

    if if_missing:
        counts = generated_counts()
        if (
            counts["articles"] >= sizes.articles
            and counts["organizations"] >= sizes.organizations
            and counts["programmes"] >= sizes.programmes
        ):
            log(out, f"dữ liệu đo tải đã có ({counts}); không sinh lại")
            make_pictures(out)  # the media folder may be new
            vacuum_analyze(connection)  # a migration since may have rewritten rows (news 0011 did)
            return counts
    real = real_content()
    if real and not force:
        details = ", ".join(f"{count} {label}" for label, count in real.items())
        raise Refused(
            f"Cơ sở dữ liệu {connection.settings_dict['NAME']} đang có nội dung không do trình sinh dữ liệu tạo "
            f"({details}). Dùng cơ sở dữ liệu riêng cho đo tải, hoặc thêm --force nếu thật sự muốn ghi vào đây."
        )
    started = time.monotonic()
    now = now or timezone.now()
    text = TextMaker(seed)
    with transaction.atomic():
        delete_generated(out)
    pictures = make_pictures(out)
    with transaction.atomic():
        regions = make_regions()
        categories = make_categories()
        organizations = make_organizations(text, sizes.organizations, regions, pictures, out)
        programmes, reviews = make_programmes(text, sizes.programmes, organizations, out)
    from news.models import Article, ArticleImage

    loaded = [Article, ArticleImage, Article.programmes.through, Article.organizations.through]
    with (
        transaction.atomic(),
        indexes_dropped(loaded if not real else []),
        precomputed_search_fields(Article, FastFold()) as fill_search,
    ):
        make_articles(
            text,
            sizes.articles,
            fill_search=fill_search,
            categories=categories,
            programmes=programmes,
            organizations=organizations,
            reviews=reviews,
            pictures=pictures,
            now=now,
            out=out,
        )
    with transaction.atomic():
        make_progress(text, programmes, out, this_year=timezone.localtime(now).year)
    vacuum_analyze(connection)
    bump_generation()
    counts = generated_counts()
    log(out, f"xong trong {time.monotonic() - started:.0f} giây: {counts}")
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description="Sinh dữ liệu quy mô lớn cho đo tải (bench/).")
    parser.add_argument("--articles", type=int, default=Sizes.articles)
    parser.add_argument("--organizations", type=int, default=Sizes.organizations)
    parser.add_argument("--programmes", type=int, default=Sizes.programmes)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--force", action="store_true", help="ghi cả vào cơ sở dữ liệu đang có nội dung thật")
    parser.add_argument("--if-missing", action="store_true", help="không làm gì nếu đã có đủ dữ liệu sinh")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpportal.settings.dev")
    # Never keep every SQL statement in memory (DEBUG would, for 100,000 rows of text).
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    sizes = Sizes(args.articles, args.organizations, args.programmes)
    try:
        generate(sizes, force=args.force, if_missing=args.if_missing, seed=args.seed)
    except Refused as refused:
        sys.stderr.write(f"TỪ CHỐI: {refused}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
