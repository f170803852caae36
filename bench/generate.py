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
import contextlib
import datetime
import io
import os
import re
import sys
import time
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PREFIX = "bench-"
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 2000
FIRST_ARTICLE_TIME = datetime.datetime(2014, 1, 1, 7, 0, tzinfo=VN)

ABBREVIATIONS = {
    "khuyen_hoc": "HKH",
    "mat_tran": "MTTQ",
    "quan_su": "BCHQS",
    "bien_phong": "BĐBP",
    "lien_doan_lao_dong": "LĐLĐ",
    "hoi_phu_nu": "Hội LHPN",
}
KIND_WEIGHTS = {
    "khuyen_hoc": 30,
    "doan_thanh_nien": 10,
    "hoi_phu_nu": 8,
    "hoi_nong_dan": 5,
    "lien_doan_lao_dong": 5,
    "mat_tran": 5,
    "cong_an": 4,
    "quan_su": 4,
    "bien_phong": 3,
    "giao_duc": 6,
    "truong_hoc": 12,
    "doanh_nghiep": 5,
    "khac": 3,
}


class Refused(Exception):
    """The database holds content this generator did not write."""


@dataclass(frozen=True)
class Sizes:
    articles: int = 100_000
    organizations: int = 5_000
    programmes: int = 3_000


def log(out, message):
    out.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    out.flush()


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
    from agreements.models import Commitment, Party, Programme, Review, Signatory
    from news.models import Article, ArticleImage, Category, Comment
    from organizations.models import Organization, Region

    generated_article = {"article__slug__startswith": PREFIX}
    generated_programme = {"programme__slug__startswith": PREFIX}
    steps = [
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


# Pictures -------------------------------------------------------------------------------------


def _picture(size, seed, label, fmt="JPEG"):
    from PIL import Image, ImageDraw

    palette = [(24, 96, 160), (180, 60, 40), (30, 130, 90), (200, 150, 30), (110, 60, 150), (40, 40, 40)]
    background = palette[seed % len(palette)]
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    for step in range(0, width, max(8, width // 12)):
        shade = tuple(min(255, channel + 40) for channel in background)
        draw.rectangle([step, height - (step * 7 % height) // 2, step + width // 24, height], fill=shade)
    left, top, diameter = width // 3, height // 4, height // 2
    draw.ellipse([left, top, left + diameter, top + diameter], outline="white", width=6)
    draw.text((20, 20), label, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **({"quality": 80} if fmt == "JPEG" else {}))
    return buffer.getvalue()


@dataclass(frozen=True)
class Picture:
    name: str
    width: int
    height: int


def make_pictures(out):
    """A few shared picture files (covers, gallery photos, logos), each with its renditions; files
    already there from an earlier run are used again."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from core.renditions import (
        LOGO_WIDTHS,
        RENDITION_WIDTHS,
        delete_renditions,
        make_renditions,
        rendition_name,
        widths_for,
    )

    specs = [("covers/cover", 12, (1200, 675), "JPEG", "jpg", RENDITION_WIDTHS)]
    specs += [("gallery/photo", 8, (1600, 1067), "JPEG", "jpg", RENDITION_WIDTHS)]
    specs += [("logos/logo", 10, (240, 240), "PNG", "png", LOGO_WIDTHS)]
    made = {}
    for stem, count, size, fmt, extension, widths in specs:
        pictures = []
        for index in range(count):
            name = f"bench/{stem}-{index + 1:02d}.{extension}"
            versions = [rendition_name(name, width) for width in widths_for(size[0], widths)]
            if not all(default_storage.exists(n) for n in [name, *versions]):
                if default_storage.exists(name):
                    delete_renditions(default_storage, name, widths)
                    default_storage.delete(name)
                picture = ContentFile(_picture(size, index, f"bench {stem} {index + 1}", fmt))
                name = default_storage.save(name, picture)
                make_renditions(default_storage, name, widths)
            pictures.append(Picture(name, *size))
        made[stem.split("/")[0]] = pictures
    log(out, f"ảnh dùng chung: {sum(len(p) for p in made.values())} tệp gốc, kèm bản thu nhỏ")
    return made


def picture_fields(model, field_name, picture):
    """The values to store for ``picture`` in ``field_name``, its dimension fields included if the model has them."""
    field = model._meta.get_field(field_name)
    values = {field_name: picture.name}
    if getattr(field, "width_field", None):
        values[field.width_field] = picture.width
    if getattr(field, "height_field", None):
        values[field.height_field] = picture.height
    return values


# Fast paths for bulk loading -------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
# Tags that end a line of text (``core.text.html_to_text`` puts blocks and cells apart).
_BLOCK_TAG = re.compile(
    r"<(?:br|hr|/?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|figure|figcaption|table|tr|td|th|section))\b",
    re.IGNORECASE,
)
_FOLD_WORDS = re.compile(r"[a-z0-9]+")


class FastFold:
    """``core.fulltext.search_words`` for NFC text, one character table instead of a Unicode pass per
    character: the same result (checked on a sample of every run), a hundred times faster."""

    def __init__(self):
        self.table = {}

    def text(self, value):
        from core.text import strip_diacritics

        value = str(value or "")
        for char in set(value).difference(map(chr, self.table)):
            self.table[ord(char)] = strip_diacritics(char)
        words = _FOLD_WORDS.findall(value.translate(self.table).lower())
        return f" {' '.join(words)} " if words else " "

    @staticmethod
    def html_text(value):
        from core.text import html_to_text

        value = value or ""
        if "&" in value:
            return html_to_text(value)
        return _TAG.sub("", _BLOCK_TAG.sub(r" \g<0>", value))

    def search_value(self, instance, field):
        return self.text(" ".join(self.html_text(getattr(instance, source)) for source in field.sources))


@contextlib.contextmanager
def precomputed_search_fields(model, fold, *, check=50):
    """Fill ``model``'s folded search columns with ``fold`` instead of their own ``pre_save``.

    The first ``check`` rows are compared with what ``pre_save`` computes: a difference stops the run."""
    from core.fulltext import SearchTextField

    fields = [field for field in model._meta.concrete_fields if isinstance(field, SearchTextField)]
    checked = {"rows": 0}

    def fill(instances):
        for instance in instances:
            for field in fields:
                value = fold.search_value(instance, field)
                if checked["rows"] < check:
                    expected = type(field).pre_save(field, instance, True)
                    if value != expected:
                        raise AssertionError(f"fast fold differs for {field.name}: {value[:80]!r} != {expected[:80]!r}")
                setattr(instance, field.attname, value)
            checked["rows"] += 1

    for field in fields:
        field.pre_save = lambda instance, add, _name=field.attname: getattr(instance, _name)
    try:
        yield fill
    finally:
        for field in fields:
            del field.pre_save


@contextlib.contextmanager
def indexes_dropped(models):
    """On PostgreSQL, drop the plain (non-constraint) indexes of ``models``' tables while rows are
    loaded and build them again at the end: much faster than updating them row by row."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index_class.relname, pg_get_indexdef(index_class.oid)
            FROM pg_index x
            JOIN pg_class index_class ON index_class.oid = x.indexrelid
            JOIN pg_class table_class ON table_class.oid = x.indrelid
            WHERE table_class.relname = ANY(%s) AND NOT x.indisprimary AND NOT x.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """,
            [tables],
        )
        definitions = cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        # Deferred foreign keys are checked now: PostgreSQL builds no index on a table with pending checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in definitions:
            cursor.execute(definition)


# Content --------------------------------------------------------------------------------------


def weighted_kinds(text, count):
    kinds = list(KIND_WEIGHTS)
    return text.random.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds], k=count)


def make_regions():
    from bench.vocabulary import PROVINCES
    from core.text import slugify_vi
    from organizations.models import Region

    existing = {region.name: region for region in Region.objects.filter(name__in=PROVINCES)}
    new = [
        Region(name=name, slug=f"{PREFIX}{slugify_vi(name)}", order=order)
        for order, name in enumerate(PROVINCES)
        if name not in existing
    ]
    Region.objects.bulk_create(new)
    return list(existing.values()) + new


def make_categories():
    from bench.vocabulary import CATEGORIES
    from core.text import slugify_vi
    from news.models import Category

    existing = {category.name: category for category in Category.objects.filter(name__in=CATEGORIES)}
    new = [
        Category(name=name, slug=f"{PREFIX}{slugify_vi(name)}", order=order)
        for order, name in enumerate(CATEGORIES)
        if name not in existing
    ]
    Category.objects.bulk_create(new)
    return list(existing.values()) + new


def organization_name(text, kind):
    from bench.vocabulary import COMPANY_WORDS, FAMOUS_NAMES, ORGANIZATION_PATTERNS

    pattern = text.choice(ORGANIZATION_PATTERNS[kind])
    return pattern.format(place=text.place(), person=text.choice(FAMOUS_NAMES), word=text.choice(COMPANY_WORDS))


def make_organizations(text, count, regions, pictures, out):
    from core.text import slugify_vi
    from organizations.models import Organization

    has_host = Organization.objects.filter(is_host=True).exists()
    levels = [value for value, _label in Organization.Level.choices]
    organizations = []
    kinds = weighted_kinds(text, count)
    for start in range(0, count, BATCH):
        batch = []
        for index in range(start, min(count, start + BATCH)):
            kind = kinds[index]
            name = organization_name(text, kind)[:255]
            values = {
                "name": name,
                "short_name": name.replace("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ")[:120],
                "abbreviation": ABBREVIATIONS.get(kind, ""),
                "slug": f"{PREFIX}{index}-{slugify_vi(name, max_length=120)}",
                "kind": kind,
                "level": text.choice(levels),
                "region": text.choice(regions),
                "description": text.paragraph(2, 4),
                "aliases": "\n".join(
                    name.replace(word, short) for word, short in (("Hội Khuyến học", "Hội KH"),) if word in name
                ),
                "is_member": text.random.random() < 0.15,
                "is_published": True,
                "address": f"Số {text.random.randint(1, 300)} đường {text.choice(['Lạch Tray', 'Trần Phú', 'Lê Lợi'])}",
                "phone": f"0225 {text.random.randint(3000000, 3999999)}",
            }
            if organizations and text.random.random() < 0.3:
                values["parent"] = text.choice(organizations)
            if text.random.random() < 0.6:
                values.update(picture_fields(Organization, "logo", text.choice(pictures["logos"])))
            if index == 0 and not has_host:
                values.update(
                    name="Hội Khuyến học thành phố Hải Phòng (dữ liệu đo tải)",
                    short_name="Hội Khuyến học thành phố",
                    kind="khuyen_hoc",
                    is_host=True,
                    is_member=True,
                    licence="Dữ liệu sinh tự động cho đo tải, không phải nội dung thật",
                    fanpage="https://www.facebook.com/khuyenhoc.example",
                )
            batch.append(Organization(**values))
        organizations += Organization.objects.bulk_create(batch)
    log(out, f"tổ chức: {len(organizations)}")
    return organizations


def make_programmes(text, count, organizations, out):
    from agreements.models import Commitment, Party, Programme, Review, Signatory
    from bench.vocabulary import OBJECTS, POSITIONS
    from core.text import slugify_vi

    associations = [o for o in organizations if o.kind == "khuyen_hoc"] or organizations
    programmes, parties_by_programme = [], {}
    topics = ["về công tác khuyến học, khuyến tài", "xây dựng xã hội học tập", "hỗ trợ học sinh nghèo vượt khó"]
    for start in range(0, count, BATCH):
        batch = []
        for index in range(start, min(count, start + BATCH)):
            start_year = min(2027, max(2005, int(text.random.triangular(2005, 2027, 2022))))
            end_year = None if text.random.random() < 0.08 else start_year + text.random.randint(2, 5)
            lead = text.choice(associations)
            wanted = text.random.randint(1, 7)
            others = text.random.sample(organizations, min(len(organizations), wanted + 1))
            partners = [lead, *[o for o in others if o.pk != lead.pk][:wanted]]
            period = f"giai đoạn {start_year}-{end_year}" if end_year else f"từ năm {start_year}"
            between = f"giữa {lead.short_name} và {partners[1].short_name}"
            title = f"Chương trình phối hợp {text.choice(topics)} {period} {between}"
            signing = datetime.date(start_year, text.random.randint(1, 12), text.random.randint(1, 28))
            batch.append(
                Programme(
                    title=title[:300],
                    slug=f"{PREFIX}{index}-{slugify_vi(title, max_length=120)}",
                    reference_number=f"{index + 1:04d}/CTPH-{ABBREVIATIONS.get(lead.kind, 'HKH')}",
                    signing_date=signing,
                    venue=f"Hội trường {lead.short_name}"[:255],
                    start_year=start_year,
                    end_year=end_year,
                    summary=text.paragraph(2, 3),
                    objectives=text.paragraph(3, 5),
                    is_published=text.random.random() < 0.97,
                )
            )
            parties_by_programme[index] = partners
        programmes += Programme.objects.bulk_create(batch)

    parties, signatories, commitments, reviews = [], [], [], []
    responsible_links = []
    for index, programme in enumerate(programmes):
        members = parties_by_programme[index]
        for order, organization in enumerate(members):
            role = Party.Role.LEAD if order == 0 else Party.Role.PARTNER
            parties.append(Party(programme=programme, organization=organization, role=role, order=order))
        for order, organization in enumerate(members[: text.random.randint(2, min(4, len(members)))]):
            position = f"{text.choice(POSITIONS)} {organization.short_name}"[:200]
            signatories.append(
                Signatory(
                    programme=programme, name=text.person(), position=position, organization=organization, order=order
                )
            )
        for number in range(1, text.random.randint(3, 8) + 1):
            commitment = Commitment(
                programme=programme,
                number=number,
                title=f"{text.choice(['Phối hợp', 'Cùng', 'Tích cực'])} {text.choice(OBJECTS)}"[:500],
                description=text.paragraph(1, 3),
            )
            commitments.append(commitment)
            if text.random.random() < 0.5:
                responsible_links.append((commitment, text.random.sample(members, min(len(members), 2))))
        if programme.start_year <= 2024 and text.random.random() < 0.5:
            date = datetime.date(programme.start_year + 1, 12, text.random.randint(1, 28))
            reviews.append(Review(programme=programme, kind=Review.Kind.MIDTERM, date=date, summary=text.paragraph()))
        if programme.end_year and programme.end_year < 2025 and text.random.random() < 0.5:
            date = datetime.date(programme.end_year, 12, text.random.randint(1, 28))
            reviews.append(Review(programme=programme, kind=Review.Kind.FINAL, date=date, summary=text.paragraph()))
    # Parties before signatories: the database checks that a signatory's organization is a party.
    Party.objects.bulk_create(parties, batch_size=BATCH)
    Signatory.objects.bulk_create(signatories, batch_size=BATCH)
    Commitment.objects.bulk_create(commitments, batch_size=BATCH)
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    through = Commitment.responsible.through
    through.objects.bulk_create(
        [through(commitment_id=c.pk, organization_id=o.pk) for c, members in responsible_links for o in members],
        batch_size=BATCH,
    )
    log(
        out,
        f"chương trình: {len(programmes)}, bên tham gia: {len(parties)}, người ký: {len(signatories)}, "
        f"nội dung phối hợp: {len(commitments)}, sơ kết/tổng kết: {len(reviews)}",
    )
    return programmes, reviews


def make_articles(text, count, *, fill_search, categories, programmes, organizations, reviews, pictures, now, out):
    from bench.vocabulary import DATELINES, SOURCES
    from core.text import slugify_vi
    from news.models import Article, ArticleImage

    published_programmes = [p for p in programmes if p.is_published] or programmes
    span = (now - datetime.timedelta(hours=1) - FIRST_ARTICLE_TIME).total_seconds()
    article_through, organization_through = Article.programmes.through, Article.organizations.through
    total_images = total_links = 0
    for start in range(0, count, BATCH):
        articles, extras = [], []
        for index in range(start, min(count, start + BATCH)):
            # Oldest first, so ids grow with publication time as they do on a real site.
            moment = FIRST_ARTICLE_TIME + datetime.timedelta(seconds=span * (index + text.random.random()) / count)
            title = text.title()
            if text.random.random() < 0.5:
                title += f" năm {moment.year}"
            source_name, source_url = text.choice(SOURCES)
            values = {
                "title": title[:300],
                "slug": f"{PREFIX}{index}-{slugify_vi(title, max_length=120)}",
                "lead": text.lead(),
                "body": text.body_html(),
                "category": text.choice(categories),
                "status": Article.Status.PUBLISHED,
                "published_at": moment,
                "byline": text.choice(DATELINES).strip("()"),
                "source_name": source_name,
                "source_url": source_url,
                "is_featured": text.random.random() < 0.005,
            }
            if text.random.random() < 0.85:
                values.update(picture_fields(Article, "cover_image", text.choice(pictures["covers"])))
                values["cover_caption"] = text.sentence()[:300]
            if reviews and text.random.random() < 0.02:
                values["review"] = text.choice(reviews)
            articles.append(Article(**values))
            extras.append(
                (
                    [text.choice(pictures["gallery"]) for _ in range(text.random.randint(1, 3))]
                    if text.random.random() < 0.25
                    else [],
                    text.random.sample(published_programmes, text.random.randint(1, 2))
                    if text.random.random() < 0.25
                    else [],
                    text.random.sample(organizations, text.random.randint(1, 3)) if text.random.random() < 0.4 else [],
                )
            )
        fill_search(articles)
        articles = Article.objects.bulk_create(articles)
        images, programme_links, organization_links = [], [], []
        for article, (gallery, linked_programmes, linked_organizations) in zip(articles, extras, strict=True):
            for order, picture in enumerate(gallery):
                values = picture_fields(ArticleImage, "image", picture)
                images.append(ArticleImage(article=article, caption=text.sentence()[:300], order=order, **values))
            programme_links += [article_through(article_id=article.pk, programme_id=p.pk) for p in linked_programmes]
            organization_links += [
                organization_through(article_id=article.pk, organization_id=o.pk) for o in linked_organizations
            ]
        ArticleImage.objects.bulk_create(images)
        article_through.objects.bulk_create(programme_links)
        organization_through.objects.bulk_create(organization_links)
        total_images += len(images)
        total_links += len(programme_links) + len(organization_links)
        if (start // BATCH) % 10 == 9 or start + BATCH >= count:
            log(out, f"bài viết: {start + len(articles)}/{count}")
    log(out, f"ảnh trong bài: {total_images}, liên kết bài–chương trình/tổ chức: {total_links}")


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
