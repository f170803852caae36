"""What the generator writes (bench/generate.py): regions, categories, organizations, programmes with
their parties, signatories, commitments, reviews and progress entries, and the articles with their
pictures and links. Every slug starts with ``PREFIX``."""

import datetime
import zoneinfo

from bench.bulk_load import BATCH, PREFIX, log, picture_fields

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
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


PROGRESS_STATUSES = {"dang_thuc_hien": 5, "hoan_thanh": 4, "chua_trien_khai": 1, "khong_thuc_hien": 1}


def make_progress(text, programmes, out, *, this_year):
    """Progress entries of commitments (a year or a half-year each, up to this year, most of them
    published, some with a linked article of the programme as evidence): the programme page's
    timelines. Drawn after everything else, so the rows made before are the same as without them."""
    from agreements.models import Commitment, CommitmentProgress, Party
    from news.models import Article, ProgressEvidence

    by_pk = {programme.pk: programme for programme in programmes}
    parties = {}
    for programme_id, organization_id in Party.objects.filter(programme__in=by_pk).values_list(
        "programme_id", "organization_id"
    ):
        parties.setdefault(programme_id, []).append(organization_id)
    articles = {}
    for article_id, programme_id in Article.programmes.through.objects.filter(programme__in=by_pk).values_list(
        "article_id", "programme_id"
    ):
        articles.setdefault(programme_id, []).append(article_id)
    statuses, weights = list(PROGRESS_STATUSES), list(PROGRESS_STATUSES.values())
    entries, evidence_for = [], []
    commitments = Commitment.objects.filter(programme__in=by_pk).values_list("pk", "programme_id").order_by("pk")
    for commitment_id, programme_id in commitments:
        programme = by_pk[programme_id]
        last = min(this_year, programme.end_year or this_year)
        if programme.start_year > last or text.random.random() < 0.4:
            continue
        years = range(programme.start_year, last + 1)
        for year in sorted(text.random.sample(years, min(len(years), text.random.randint(1, 3)))):
            half = text.choice([None, 1, 2])
            entries.append(
                CommitmentProgress(
                    commitment_id=commitment_id,
                    year=year,
                    half=half,
                    status=text.random.choices(statuses, weights=weights)[0],
                    done=text.paragraph(1, 2),
                    party_id=text.choice(parties[programme_id]) if parties.get(programme_id) else None,
                    is_published=text.random.random() < 0.85,
                )
            )
            linked = articles.get(programme_id)
            evidence_for.append(text.choice(linked) if linked and text.random.random() < 0.3 else None)
    entries = CommitmentProgress.objects.bulk_create(entries, batch_size=BATCH)
    evidence = [
        ProgressEvidence(progress_id=entry.pk, article_id=article_id)
        for entry, article_id in zip(entries, evidence_for, strict=True)
        if article_id is not None
    ]
    ProgressEvidence.objects.bulk_create(evidence, batch_size=BATCH)
    log(out, f"tiến độ thực hiện: {len(entries)}, bài viết minh chứng: {len(evidence)}")
