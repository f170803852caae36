"""factory_boy factories with fixed dates (never now()): tests pass the same on any day."""

import datetime
import io
import zoneinfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agreements.models import (
    Commitment,
    CommitmentProgress,
    Party,
    Programme,
    ProgressStatus,
    Review,
    ReviewAssessment,
    Signatory,
)
from news.models import Article, ArticleImage, Category, ProgressEvidence
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
    is_published = True


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


class CommitmentProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentProgress

    commitment = factory.SubFactory(CommitmentFactory)
    year = 2020
    status = ProgressStatus.IN_PROGRESS
    done = "Tổ chức 12 buổi tuyên truyền tại các trường."
    is_published = True


class ReviewAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssessment

    review = factory.SubFactory(ReviewFactory)
    commitment = factory.SubFactory(CommitmentFactory, programme=factory.SelfAttribute("..review.programme"))
    status = ProgressStatus.DONE
    text = "Đạt chỉ tiêu đề ra."


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


# Objects as staff meet them: every optional field and file filled (issue 12: saving them again must work).


def uploaded_pdf(name="van-ban-ky-ket.pdf", text="Van ban ky ket"):
    from tests.security.uploads import minimal_pdf

    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


def filled_organization(**fields):
    parent = OrganizationFactory(name="Hội Khuyến học Việt Nam", level=Organization.Level.CENTRAL)
    return OrganizationFactory(
        **{
            "name": "Hội Khuyến học thành phố Hải Phòng",
            "short_name": "Hội Khuyến học Hải Phòng",
            "abbreviation": "HKH-HP",
            "level": Organization.Level.PROVINCE,
            "parent": parent,
            "logo": uploaded_png("logo-hoi.png", width=120, height=120, color=(200, 40, 40)),
            "address": "Số 3 đường Lý Tự Trọng, Hồng Bàng, Hải Phòng",
            "phone": "0225 3 745 123",
            "email": "khuyenhoc@haiphong.example.vn",
            "website": "https://khuyenhoc.haiphong.example.vn",
            "fanpage": "https://facebook.example.vn/khuyenhochaiphong",
            "description": "Hội được thành lập năm 1996, có 15 hội cấp huyện.",
            "aliases": "Hội KH thành phố\nHội Khuyến học TP",
            "is_member": True,
            "managing_body": "Trung ương Hội Khuyến học Việt Nam",
            "content_responsible": "Chủ tịch Hội",
            "licence": "Giấy phép số 12/GP-TTĐT",
            **fields,
        }
    )


def filled_programme(**fields):
    lead = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng (chương trình)", short_name="Hội Khuyến học")
    partner = OrganizationFactory(name="Thành đoàn Hải Phòng (chương trình)", kind=Organization.Kind.YOUTH_UNION)
    programme = programme_with_parties(
        [lead, partner],
        signatories=[("Nguyễn Văn An", "Chủ tịch Hội", lead), ("Trần Thị Bình", "Bí thư Thành đoàn", partner)],
        **{
            "reference_number": "05/CTPH-HKH-TĐ",
            "summary": "Hai bên phối hợp vận động đoàn viên học tập suốt đời.",
            "objectives": "Xây dựng mô hình học tập trong thanh niên.",
            "document": uploaded_pdf(),
            **fields,
        },
    )
    for number, organization in enumerate([lead, partner], start=1):
        commitment = CommitmentFactory(
            programme=programme, number=number, title=f"Nội dung phối hợp thứ {number}", description="Hằng năm."
        )
        commitment.responsible.add(organization)
        CommitmentProgressFactory(
            commitment=commitment,
            year=2020,
            half=CommitmentProgress.Half.SECOND,
            date=datetime.date(2020, 11, 20),
            party=organization,
            document=uploaded_pdf("minh-chung.pdf", text="Minh chung"),
        )
    review = ReviewFactory(
        programme=programme,
        summary="Sơ kết: hoàn thành các chỉ tiêu.",
        venue="Hội trường Thành đoàn Hải Phòng",
        conclusions="Hai bên phối hợp chặt chẽ.",
        next_steps="Mở rộng mô hình ra các quận, huyện.",
        report_document=uploaded_pdf("bao-cao-so-ket.pdf", text="Bao cao so ket"),
    )
    review.participants.set([lead, partner])
    for commitment in programme.commitments.all():
        ReviewAssessmentFactory(review=review, commitment=commitment, text=f"Nội dung {commitment.number} đạt.")
    return programme


def filled_commitment():
    return filled_programme().commitments.first()


def filled_review():
    return filled_programme().reviews.get()


def filled_progress():
    """A progress entry as staff meet it: party, date, document, and a published article as evidence."""
    # A period that holds the year staff type into a new entry (the journeys type 2024).
    entry = CommitmentProgress.objects.filter(commitment__programme=filled_programme(end_year=2025)).first()
    ProgressEvidence.objects.create(progress=entry, article=ArticleFactory(title="Bài minh chứng cho tiến độ"))
    return entry


def filled_article(**fields):
    programme = ProgrammeFactory(title="Chương trình được bài viết nhắc đến")
    article = ArticleFactory(
        **{
            "cover_image": uploaded_png("anh-dai-dien.png", width=400, height=300, color=(40, 160, 60)),
            "cover_caption": "Quang cảnh hội nghị.",
            "cover_alt": "Đại biểu ngồi kín hội trường, trên sân khấu treo băng rôn đỏ.",
            "source_name": "haiphong.gov.vn",
            "source_url": "https://haiphong.gov.vn/tin-tuc/hoi-nghi-khuyen-hoc",
            "is_featured": True,
            "review": ReviewFactory(programme=programme, summary="Tổng kết năm học."),
            **fields,
        }
    )
    article.programmes.add(programme)
    article.organizations.add(OrganizationFactory(name="Tổ chức được bài viết nhắc đến"))
    for order, color in enumerate([(250, 200, 0), (0, 120, 200)]):
        ArticleImageFactory(
            article=article,
            image=uploaded_png(f"anh-{order}.png", width=200, height=150, color=color),
            caption=f"Ảnh thứ {order + 1} của bài.",
            alt=f"Học sinh nhận học bổng, ảnh thứ {order + 1}.",
            order=order,
        )
    return article
