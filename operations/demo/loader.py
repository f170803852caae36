"""Writes the demo records into the database. Idempotent: every record is looked up by a stable key and
saved only when a value differs; pictures and the signed document are drawn only when missing, so a
second run writes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Commitment, Party, Programme, Review, Signatory
from core.text import slugify_vi
from news.models import Article, ArticleImage, Category
from operations.demo import data
from operations.demo.documents import Signature, SignedDocument, signed_document_pdf
from operations.demo.pictures import emblem_png, scene_jpeg
from operations.demo.progress import load_progress
from organizations.models import Organization, Region
from organizations.provinces import unit_named

PRODUCTION_SETTINGS = "kpportal.settings.prod"


def refuse_production_settings():
    """The demo creates a superuser with a published password and fills the site with sample news:
    never on a real portal."""
    module = getattr(settings, "SETTINGS_MODULE", "") or ""
    if module == PRODUCTION_SETTINGS or module.startswith(PRODUCTION_SETTINGS + "_"):
        raise ImproperlyConfigured(
            _(
                "Không nạp dữ liệu trình diễn với cấu hình sản xuất (%(module)s): lệnh này tạo tài khoản quản trị "
                "với mật khẩu công khai và tin bài mẫu. Để khởi tạo cổng thông tin thật của Hội, hãy chạy "
                "“python manage.py setup_portal” (nhập tên Hội, địa chỉ, cơ quan chủ quản, giấy phép và tài "
                "khoản quản trị đầu tiên) và làm theo hướng dẫn trong README."
            )
            % {"module": module}
        )


def sync(instance, values: dict) -> bool:
    """Set ``values`` on ``instance`` and save only when something differs (foreign keys as ``*_id``)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed or instance.pk is None:
        instance.save()
        return True
    return False


def upsert(model, lookup: dict, values: dict):
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    sync(instance, values)
    return instance


def set_if_different(manager, wanted_pks):
    if set(manager.values_list("pk", flat=True)) != set(wanted_pks):
        manager.set(wanted_pks)


def load_organizations(regions):
    organizations = {}
    for demo in data.ORGANIZATIONS:
        values = {
            "name": demo.name,
            "short_name": demo.short_name,
            "abbreviation": demo.abbreviation,
            "kind": demo.kind,
            "level": demo.level,
            "region_id": regions[demo.region].pk,
            "is_member": demo.is_member,
            "aliases": "\n".join(demo.aliases),
            "is_host": demo.key == data.HOST_KEY,
            "is_published": True,
            "parent_id": organizations[demo.parent].pk if demo.parent else None,
            "description": demo.description,
        }
        if demo.key == data.HOST_KEY:
            values.update(data.HOST_DETAILS)
        organization = upsert(Organization, {"slug": slugify_vi(demo.short_name)}, values)
        if not organization.logo:
            organization.logo.save(f"{demo.key}.png", ContentFile(emblem_png(demo.initials, demo.region, demo.kind)))
        organizations[demo.key] = organization
    return organizations


def demo_region(name):
    """The region of today's province that ``name`` (a province as the demo's sources name it, "Hà
    Nam" included, merged into Ninh Bình in 2025) belongs to (organizations migration 0009 made them)."""
    unit = unit_named(name)
    if unit is None:
        return upsert(Region, {"name": name}, {})
    return Region.objects.filter(code=unit.code).first() or upsert(
        Region, {"name": unit.name}, {"code": unit.code, "former_names": "\n".join(unit.former_names)}
    )


def place_and_date(demo, organizations) -> str:
    # The province as it was named when the programme was signed (Hà Nam in 2024), not today's region.
    place = next(organization.region for organization in data.ORGANIZATIONS if organization.key == demo.parties[0])
    date = demo.signing_date
    return f"{place}, ngày {date.day} tháng {date.month} năm {date.year}"


def signed_document(demo, organizations) -> bytes:
    return signed_document_pdf(
        SignedDocument(
            parties=[organizations[key].name for key in demo.parties],
            place_and_date=place_and_date(demo, organizations),
            title=demo.title,
            commitments=demo.commitments,
            signatures=[
                Signature(organization=organizations[key].name, position=position, name=name)
                for name, position, key in demo.signatories
            ],
            note=data.SIGNED_DOCUMENT_NOTE,
        )
    )


def load_programme(demo, organizations):
    programme = upsert(
        Programme,
        {"slug": slugify_vi(demo.title)},
        {
            "title": demo.title,
            "start_year": demo.start_year,
            "end_year": demo.end_year,
            "signing_date": demo.signing_date,
            "venue": demo.venue,
            "summary": demo.summary,
            "is_published": True,
        },
    )
    # Parties first: the database refuses a signatory whose organization is not a party.
    for order, key in enumerate(demo.parties):
        role = Party.Role.LEAD if order == 0 else Party.Role.PARTNER
        upsert(Party, {"programme": programme, "organization": organizations[key]}, {"role": role, "order": order})
    for order, (name, position, key) in enumerate(demo.signatories):
        upsert(
            Signatory,
            {"programme": programme, "name": name},
            {"position": position, "organization_id": organizations[key].pk, "order": order},
        )
    for number, title in enumerate(demo.commitments, start=1):
        upsert(Commitment, {"programme": programme, "number": number}, {"title": title})
    reviews = [
        upsert(Review, {"programme": programme, "kind": review.kind, "date": review.date}, {"summary": review.summary})
        for review in demo.reviews
    ]
    if demo.signed_document and not programme.document:
        programme.document.save(f"{demo.key}-van-ban-ky-ket.pdf", ContentFile(signed_document(demo, organizations)))
    return programme, reviews


def load_article(index, demo, *, categories, programmes, reviews, organizations):
    cover_caption, cover_scene = demo.pictures[0]
    review = reviews[demo.review_of][0] if demo.review_of else None
    article = upsert(
        Article,
        {"slug": slugify_vi(demo.title)},
        {
            "title": demo.title,
            "category_id": categories[demo.category].pk,
            "lead": demo.lead,
            "body": "".join(f"<p>{p}</p>" for p in demo.paragraphs),
            "byline": demo.byline,
            "source_name": demo.source_name,
            "status": Article.Status.PUBLISHED,
            "published_at": demo.published_at,
            "is_featured": demo.featured,
            "cover_caption": cover_caption,
            # Each picture's caption, shown under it, says what it shows: its alt text stays empty.
            "cover_decorative": True,
            "review_id": review.pk if review else None,
        },
    )
    if not article.cover_image:
        article.cover_image.save(f"bai-{index}.jpg", ContentFile(scene_jpeg(cover_scene)))
    for order, (caption, scene) in enumerate(demo.pictures[1:], start=1):
        if not article.images.filter(caption=caption).exists():
            image = ArticleImage(article=article, caption=caption, is_decorative=True, order=order)
            image.image.save(f"bai-{index}-{order}.jpg", ContentFile(scene_jpeg(scene)), save=False)
            image.save()
    set_if_different(article.programmes, [programmes[k].pk for k in demo.programmes])
    set_if_different(article.organizations, [organizations[k].pk for k in demo.organizations])
    return article


@transaction.atomic
def load_demo_content() -> dict:
    """Create or update the demo content; returns counts of what exists afterwards."""
    refuse_production_settings()
    regions = {name: demo_region(name) for name in data.REGIONS}
    organizations = load_organizations(regions)
    categories = {name: upsert(Category, {"name": name}, {"order": i}) for i, name in enumerate(data.CATEGORIES)}
    programmes, reviews = {}, {}
    for demo in data.PROGRAMMES:
        programmes[demo.key], reviews[demo.key] = load_programme(demo, organizations)
    for index, demo in enumerate(data.ARTICLES):
        load_article(
            index, demo, categories=categories, programmes=programmes, reviews=reviews, organizations=organizations
        )
    load_progress(upsert, programmes=programmes, reviews=reviews, organizations=organizations)
    return {
        "organizations": Organization.objects.count(),
        "programmes": Programme.objects.count(),
        "articles": Article.objects.count(),
    }


def ensure_demo_users() -> list:
    """Create the demo staff accounts if missing; returns (username, password, role) for the console."""
    refuse_production_settings()
    user_model = get_user_model()
    accounts = []
    for username, password, group, is_superuser in data.DEMO_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, is_staff=True, is_superuser=is_superuser)
            user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
        accounts.append((username, password, group or "Quản trị viên"))
    return accounts
