"""factory_boy factories with fixed dates (never now()): tests pass the same on any day."""

import datetime
import io
import zoneinfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agreements.models import Commitment, Party, Programme, Review, Signatory
from news.models import Article, ArticleImage, Category
from organizations.models import Organization, Region

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FIXED_NOW = datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)


def png_bytes(width=40, height=30, color=(30, 90, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def uploaded_png(name="anh.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = "Hải Phòng"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Hội Khuyến học số {n}")
    kind = Organization.Kind.STUDY_PROMOTION
    region = factory.SubFactory(RegionFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Chương trình phối hợp khuyến học số {n}")
    start_year = 2019
    end_year = 2022
    signing_date = datetime.date(2019, 3, 26)
    venue = "Trường THPT Ngô Quyền"
    is_published = True


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    programme = factory.SubFactory(ProgrammeFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Party.Role.PARTNER


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    programme = factory.SubFactory(ProgrammeFactory)
    name = "Nguyễn Văn An"
    position = "Chủ tịch"
    organization = factory.SubFactory(OrganizationFactory)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Tuyên truyền về khuyến học"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    programme = factory.SubFactory(ProgrammeFactory)
    kind = Review.Kind.MIDTERM
    date = datetime.date(2021, 3, 1)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["name"]

    name = "Tin hoạt động"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Đẩy mạnh phong trào khuyến học bài {n}")
    lead = "Hội Khuyến học thành phố tổ chức hội nghị."
    body = "<p>Nội dung bài viết về khuyến học, khuyến tài.</p>"
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    published_at = datetime.datetime(2024, 5, 1, 8, 0, tzinfo=VN)
    byline = "Hoàng Tùng"


class ArticleImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleImage

    article = factory.SubFactory(ArticleFactory)
    image = factory.LazyFunction(uploaded_png)
    caption = "Đại biểu dự hội nghị."


def programme_with_parties(organizations, *, signatories=(), **kwargs):
    """A programme whose parties are ``organizations`` (the first one leads)."""
    programme = ProgrammeFactory(**kwargs)
    for order, organization in enumerate(organizations):
        PartyFactory(
            programme=programme,
            organization=organization,
            order=order,
            role=Party.Role.LEAD if order == 0 else Party.Role.PARTNER,
        )
    for order, (name, position, organization) in enumerate(signatories):
        SignatoryFactory(programme=programme, name=name, position=position, organization=organization, order=order)
    return programme
