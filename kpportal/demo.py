"""Demo content: the organizations, programmes and articles whose facts appear in the five seed
pages (periods, dates, venues, parties, signatories, commitments), told in our own words, with
placeholder images drawn by Pillow. Loading is idempotent: a second run writes nothing."""

import datetime
import io
import zoneinfo
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from agreements.models import Commitment, Party, Programme, Review, Signatory
from kpportal.text import slugify_vi, strip_diacritics
from news.models import Article, ArticleImage, Category
from organizations.models import Organization, Region

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
K = Organization.Kind
L = Organization.Level

REGIONS = ["Hải Phòng", "Hà Nam", "Thanh Hóa"]

# (key, name, short name, abbreviation, kind, level, region, member, aliases)
ORGANIZATIONS = [
    ("hkh-hp", "Hội Khuyến học thành phố Hải Phòng", "Hội Khuyến học thành phố", "HKH", K.STUDY_PROMOTION, L.PROVINCE,
     "Hải Phòng", True, ["Hội Khuyến học Hải Phòng", "Hội KH thành phố"]),
    ("thanh-doan-hp", "Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng", "Thành đoàn Hải Phòng", "",
     K.YOUTH_UNION, L.PROVINCE, "Hải Phòng", True, ["Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Hải Phòng"]),
    ("bchqs-hp", "Bộ Chỉ huy Quân sự thành phố Hải Phòng", "Bộ Chỉ huy Quân sự thành phố", "BCHQS", K.MILITARY,
     L.PROVINCE, "Hải Phòng", True, []),
    ("ca-hp", "Công an thành phố Hải Phòng", "Công an thành phố", "", K.POLICE, L.PROVINCE, "Hải Phòng", True, []),
    ("bdbp-hp", "Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng", "Bộ đội Biên phòng thành phố", "BĐBP",
     K.BORDER_GUARD, L.PROVINCE, "Hải Phòng", True, ["Bộ chỉ huy Bộ đội biên phòng thành phố"]),
    ("so-gd-hp", "Sở Giáo dục và Đào tạo thành phố Hải Phòng", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", K.EDUCATION,
     L.PROVINCE, "Hải Phòng", False, []),
    ("thpt-ngo-quyen", "Trường THPT Ngô Quyền", "Trường THPT Ngô Quyền", "", K.SCHOOL, L.UNIT, "Hải Phòng", False, []),
    ("hkh-hn", "Hội Khuyến học tỉnh Hà Nam", "Hội Khuyến học tỉnh Hà Nam", "HKH", K.STUDY_PROMOTION, L.PROVINCE,
     "Hà Nam", True, []),
    ("ca-hn", "Công an tỉnh Hà Nam", "Công an tỉnh Hà Nam", "", K.POLICE, L.PROVINCE, "Hà Nam", False, []),
    ("bchqs-hn", "Bộ Chỉ huy Quân sự tỉnh Hà Nam", "Bộ Chỉ huy Quân sự tỉnh Hà Nam", "BCHQS", K.MILITARY, L.PROVINCE,
     "Hà Nam", False, []),
    ("mttq-hn", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Nam", "Ủy ban MTTQ tỉnh Hà Nam", "MTTQ",
     K.FATHERLAND_FRONT, L.PROVINCE, "Hà Nam", False, []),
    ("ldld-hn", "Liên đoàn Lao động tỉnh Hà Nam", "Liên đoàn Lao động tỉnh Hà Nam", "LĐLĐ", K.LABOUR_FEDERATION,
     L.PROVINCE, "Hà Nam", False, []),
    ("hlhpn-hn", "Hội Liên hiệp Phụ nữ tỉnh Hà Nam", "Hội LHPN tỉnh Hà Nam", "Hội LHPN", K.WOMEN_UNION, L.PROVINCE,
     "Hà Nam", False, []),
    ("tinh-doan-hn", "Tỉnh đoàn Hà Nam", "Đoàn Thanh niên tỉnh Hà Nam", "", K.YOUTH_UNION, L.PROVINCE, "Hà Nam",
     False, []),
    ("hnd-hn", "Hội Nông dân tỉnh Hà Nam", "Hội Nông dân tỉnh Hà Nam", "", K.FARMERS_UNION, L.PROVINCE, "Hà Nam",
     False, []),
    ("hkh-th", "Hội Khuyến học tỉnh Thanh Hóa", "Hội Khuyến học tỉnh Thanh Hóa", "HKH", K.STUDY_PROMOTION,
     L.PROVINCE, "Thanh Hóa", True, []),
    ("mttq-th", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa", "Ủy ban MTTQ tỉnh Thanh Hóa", "MTTQ",
     K.FATHERLAND_FRONT, L.PROVINCE, "Thanh Hóa", False, []),
]  # fmt: skip

HOST_KEY = "hkh-hp"
HOST_DETAILS = {
    "managing_body": "Hội Khuyến học thành phố Hải Phòng (dữ liệu minh họa)",
    "content_responsible": "Ban Thường trực Hội (dữ liệu minh họa)",
    "licence": "Giấy phép thiết lập trang thông tin điện tử: số hiệu minh họa, dùng cho bản trình diễn",
    "address": "Địa chỉ minh họa, thành phố Hải Phòng",
    "phone": "0225 000 0000",
    "email": "lienhe@khuyenhoc.example.vn",
    "website": "https://khuyenhoc.example.vn",
    "fanpage": "https://www.facebook.com/khuyenhoc.example",
    "description": "Cơ quan chủ quản của cổng thông tin trình diễn này.",
}

CATEGORIES = ["Hoạt động khuyến học", "Chương trình phối hợp", "Sơ kết, tổng kết"]


@dataclass(frozen=True)
class DemoProgramme:
    key: str
    title: str
    start_year: int
    end_year: int
    signing_date: datetime.date
    venue: str
    summary: str
    parties: list  # organization keys, lead first
    signatories: list  # (name, position, organization key)
    commitments: list
    reviews: list = ()  # (kind, date, summary)


PROGRAMMES = [
    DemoProgramme(
        key="hp-2019",
        title="Chương trình phối hợp hoạt động về công tác khuyến học, khuyến tài và xây dựng xã hội học tập, "
        "giai đoạn 2019-2022",
        start_year=2019,
        end_year=2022,
        signing_date=datetime.date(2019, 3, 26),
        venue="Trường THPT Ngô Quyền, Hải Phòng",
        summary="Hội Khuyến học và Thành đoàn Hải Phòng cùng cam kết bốn nhóm việc để các cấp Hội và các cơ sở "
        "Đoàn phối hợp nhịp nhàng trong phong trào khuyến học, khuyến tài.",
        parties=["hkh-hp", "thanh-doan-hp"],
        signatories=[],
        commitments=[
            "Tuyên truyền để người dân thành phố hiểu rõ hơn về khuyến học, khuyến tài và xã hội học tập",
            "Tổ chức các hoạt động tư vấn, hỗ trợ người học",
            "Biểu dương và trao học bổng cho học sinh, sinh viên",
            "Nâng cao chất lượng hoạt động của tổ chức Hội Khuyến học và Đoàn Thanh niên các cấp",
        ],
    ),
    DemoProgramme(
        key="hp-2023",
        title="Chương trình phối hợp “Đẩy mạnh phong trào khuyến học, khuyến tài, xây dựng xã hội học tập "
        "giai đoạn 2023-2030”",
        start_year=2023,
        end_year=2030,
        signing_date=datetime.date(2023, 9, 29),
        venue="Thành phố Hải Phòng",
        summary="Bốn cơ quan cùng ký để đưa phong trào học tập vào các đơn vị lực lượng vũ trang của thành phố.",
        parties=["hkh-hp", "bchqs-hp", "ca-hp", "bdbp-hp"],
        signatories=[("Hoàng Duy Đỉnh", "Chủ tịch Hội Khuyến học thành phố", "hkh-hp")],
        commitments=[
            "Tuyên truyền cho cán bộ, chiến sĩ và người lao động trong lực lượng vũ trang về khuyến học, khuyến tài",
            "Tham gia hoạt động khuyến học, phát triển tổ chức khuyến học và hội viên ở địa phương, cơ sở",
            "Đăng ký xây dựng các mô hình học tập tại đơn vị",
            "Tham gia tư vấn, phản biện và hỗ trợ giáo dục",
            "Đẩy mạnh thi đua học tập trong cán bộ, chiến sĩ và cùng thực hiện học bổng “Hoa Phượng Đỏ” hằng năm",
        ],
    ),
    DemoProgramme(
        key="hn-2024",
        title="Chương trình phối hợp đẩy mạnh hoạt động khuyến học, khuyến tài, xây dựng xã hội học tập tỉnh Hà Nam "
        "giai đoạn 2024-2030",
        start_year=2024,
        end_year=2030,
        signing_date=datetime.date(2024, 5, 15),
        venue="Tỉnh Hà Nam",
        summary="Hội Khuyến học tỉnh Hà Nam ký cùng lúc với bảy cơ quan, đoàn thể của tỉnh.",
        parties=["hkh-hn", "ca-hn", "bchqs-hn", "mttq-hn", "ldld-hn", "hlhpn-hn", "tinh-doan-hn", "hnd-hn"],
        signatories=[],
        commitments=[
            "Quán triệt và triển khai các tiêu chí “Đơn vị học tập”, “Công dân học tập” trong từng cơ quan",
            "Cùng tuyên truyền, vận động cán bộ, hội viên, đoàn viên và nhân dân tham gia các phong trào",
            "Gắn khuyến học với các quỹ và mô hình sẵn có của từng đoàn thể (con nuôi đơn vị, mái ấm công đoàn…)",
        ],
    ),
    DemoProgramme(
        key="th-2022",
        title="Chương trình phối hợp đẩy mạnh hoạt động khuyến học, khuyến tài, xây dựng xã hội học tập tỉnh "
        "Thanh Hóa giai đoạn 2022-2026",
        start_year=2022,
        end_year=2026,
        signing_date=datetime.date(2022, 3, 30),
        venue="Tỉnh Thanh Hóa",
        summary="Hội Khuyến học tỉnh Thanh Hóa phối hợp với Ủy ban MTTQ tỉnh và các tổ chức chính trị - xã hội.",
        parties=["hkh-th", "mttq-th"],
        signatories=[],
        commitments=[
            "Tuyên truyền và xây dựng tổ chức Hội Khuyến học vững mạnh",
            "Xây dựng các mô hình “công dân học tập”, “gia đình học tập”, “đơn vị học tập”, “cộng đồng học tập”",
            "Nâng cao chất lượng trung tâm học tập cộng đồng và hoạt động hỗ trợ giáo dục",
            "Huy động nguồn lực xây dựng trường lớp, nhất là ở miền núi và vùng khó khăn",
            "Xây dựng quỹ khuyến học trong từng tổ chức để kịp thời động viên người học giỏi, dạy giỏi",
        ],
    ),
]


@dataclass(frozen=True)
class DemoArticle:
    title: str
    category: str
    published_at: datetime.datetime
    byline: str
    source_name: str
    lead: str
    paragraphs: list
    captions: list
    programmes: list = ()
    organizations: list = ()
    featured: bool = False
    review_of: str = ""


ARTICLES = [
    DemoArticle(
        title="Thành đoàn và Hội Khuyến học Hải Phòng ký chương trình phối hợp giai đoạn 2019-2022",
        category="Chương trình phối hợp",
        published_at=datetime.datetime(2019, 3, 26, 15, 8, tzinfo=VN),
        byline="Hoàng Tùng",
        source_name="haiphong.gov.vn",
        lead="Buổi ký kết diễn ra sáng 26/3/2019 tại Trường THPT Ngô Quyền, mở ra bốn năm hợp tác giữa tổ chức "
        "Đoàn và Hội Khuyến học thành phố.",
        paragraphs=[
            "Hai bên thống nhất phát huy lực lượng nòng cốt là các cấp bộ Đoàn cùng các cấp Hội trong việc vận "
            "động xã hội tham gia khuyến học, khuyến tài.",
            "Những năm trước, Đoàn và Hội đã cùng nhân rộng các mô hình gia đình, dòng họ và cộng đồng học tập, "
            "đồng thời gây dựng quỹ khuyến học và khen thưởng học sinh, sinh viên giỏi.",
            "Văn bản ký kết gồm bốn nội dung: tuyên truyền nâng cao nhận thức; tư vấn, hỗ trợ; biểu dương và trao "
            "học bổng; nâng cao chất lượng hoạt động của tổ chức Hội và Đoàn các cấp.",
        ],
        captions=["Quang cảnh lễ ký kết tại Trường THPT Ngô Quyền."],
        programmes=["hp-2019"],
        organizations=["hkh-hp", "thanh-doan-hp", "thpt-ngo-quyen"],
    ),
    DemoArticle(
        title="Bốn cơ quan Hải Phòng ký kết đẩy mạnh phong trào khuyến học giai đoạn 2023-2030",
        category="Chương trình phối hợp",
        published_at=datetime.datetime(2023, 9, 29, 10, 20, tzinfo=VN),
        byline="Hồng Nhung",
        source_name="haiphong.gov.vn",
        lead="Ngày 29/9/2023, Hội Khuyến học, Bộ Chỉ huy Quân sự, Công an và Bộ Chỉ huy Bộ đội Biên phòng thành "
        "phố ký chương trình phối hợp đến năm 2030.",
        paragraphs=[
            "Giám đốc Sở Giáo dục và Đào tạo cùng lãnh đạo nhiều sở, ngành dự hội nghị.",
            "Theo chương trình, các đơn vị lực lượng vũ trang sẽ đưa phong trào học tập vào từng đơn vị, đăng ký "
            "mô hình học tập và tham gia học bổng “Hoa Phượng Đỏ” của thành phố.",
            "Đến tháng 7/2023, Hội Khuyến học thành phố đã có chương trình phối hợp với 15 cơ quan, tổ chức đoàn "
            "thể trong giai đoạn 2021-2030.",
        ],
        captions=["Đại biểu dự hội nghị ký kết.", "Lãnh đạo các cơ quan ký văn bản phối hợp."],
        programmes=["hp-2023"],
        organizations=["hkh-hp", "bchqs-hp", "ca-hp", "bdbp-hp", "so-gd-hp"],
        featured=True,
    ),
    DemoArticle(
        title="Hội Khuyến học Hải Phòng sơ kết sáu tháng đầu năm 2023",
        category="Sơ kết, tổng kết",
        published_at=datetime.datetime(2023, 7, 21, 13, 25, tzinfo=VN),
        byline="Phương Mai",
        source_name="haiphong.gov.vn",
        lead="Nửa đầu năm 2023, các cấp Hội kết nạp thêm 1.100 hội viên và hỗ trợ gần 15.000 lượt học sinh với "
        "tổng số tiền hơn 10 tỷ đồng.",
        paragraphs=[
            "Hội tập trung hướng dẫn cơ sở đăng ký, đánh giá các mô hình học tập năm 2023 và tự đánh giá theo bộ "
            "tiêu chí “Công dân học tập”.",
            "Sáu tháng cuối năm, Hội tiếp tục củng cố tổ chức cơ sở và vận động thêm nguồn lực cho quỹ khuyến học.",
        ],
        captions=["Hội nghị sơ kết công tác sáu tháng đầu năm."],
        organizations=["hkh-hp"],
    ),
    DemoArticle(
        title="Hà Nam: Hội Khuyến học tỉnh ký phối hợp với bảy cơ quan, đoàn thể",
        category="Chương trình phối hợp",
        published_at=datetime.datetime(2024, 5, 16, 15, 6, tzinfo=VN),
        byline="Nguyễn Thị Thu",
        source_name="Công dân & Khuyến học",
        lead="Ngày 15/5/2024, Hội Khuyến học tỉnh Hà Nam ký chương trình phối hợp giai đoạn 2024-2030 với Công an, "
        "Bộ Chỉ huy Quân sự, Ủy ban MTTQ, Liên đoàn Lao động, Hội LHPN, Tỉnh đoàn và Hội Nông dân tỉnh.",
        paragraphs=[
            "Mỗi đơn vị gắn khuyến học với phong trào riêng của mình: lực lượng vũ trang nhận con nuôi, công đoàn "
            "giữ quỹ mái ấm, phụ nữ duy trì quỹ tiếp bước đến trường.",
            "Chương trình được kỳ vọng tạo thêm động lực cho phong trào xây dựng xã hội học tập của tỉnh.",
        ],
        captions=["Các đơn vị ký chương trình phối hợp."],
        programmes=["hn-2024"],
        organizations=["hkh-hn", "ca-hn", "bchqs-hn", "mttq-hn", "ldld-hn", "hlhpn-hn", "tinh-doan-hn", "hnd-hn"],
    ),
    DemoArticle(
        title="Thanh Hóa: Hội Khuyến học và Mặt trận tỉnh ký chương trình phối hợp 2022-2026",
        category="Chương trình phối hợp",
        published_at=datetime.datetime(2022, 3, 30, 11, 0, tzinfo=VN),
        byline="P.S",
        source_name="Mặt trận",
        lead="Sáng 30/3, Hội Khuyến học tỉnh Thanh Hóa cùng Ủy ban MTTQ tỉnh và các tổ chức chính trị - xã hội ký "
        "chương trình phối hợp giai đoạn 2022-2026.",
        paragraphs=[
            "Các bên hướng tới việc gắn khuyến học với nhiệm vụ chính trị của từng đơn vị, từ tỉnh đến cơ sở.",
            "Trọng tâm là các mô hình học tập, trung tâm học tập cộng đồng và quỹ khuyến học trong mỗi tổ chức.",
        ],
        captions=["Các đơn vị tham gia ký kết."],
        programmes=["th-2022"],
        organizations=["hkh-th", "mttq-th"],
    ),
]

DEMO_USERS = [
    # (username, password, group, superuser)
    ("admin", "khuyenhoc-demo", None, True),
    ("bientap", "khuyenhoc-demo", "Biên tập viên", False),
    ("xuatban", "khuyenhoc-demo", "Xuất bản", False),
]


def placeholder_image(label: str, *, size=(1200, 675), seed: int = 0) -> bytes:
    """A calm placeholder picture with an ASCII label (fonts with Vietnamese glyphs are not guaranteed)."""
    palette = [(11, 79, 138), (24, 110, 80), (150, 70, 20), (90, 60, 140), (40, 40, 40)]
    background = palette[seed % len(palette)]
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    step = min(width, height) // 16
    for i in range(1, 6):
        inset = i * step
        draw.rectangle([inset, inset, width - inset, height - inset], outline=(255, 255, 255), width=2)
    draw.text((step + 8, height - step - 24), strip_diacritics(label)[:80], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _sync(instance, values: dict) -> bool:
    """Set ``values`` on ``instance`` and save only when something differs."""

    def differs(name, value):
        field = instance._meta.get_field(name)
        if field.is_relation:
            return getattr(instance, field.attname) != (value.pk if value is not None else None)
        return getattr(instance, name) != value

    changed = [name for name, value in values.items() if differs(name, value)]
    for name in changed:
        setattr(instance, name, values[name])
    if changed or instance.pk is None:
        instance.save()
        return True
    return False


def _upsert(model, lookup: dict, values: dict):
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    _sync(instance, values)
    return instance


def _load_organizations(regions):
    organizations = {}
    for key, name, short, abbr, kind, level, region, member, aliases in ORGANIZATIONS:
        values = {
            "name": name,
            "short_name": short,
            "abbreviation": abbr,
            "kind": kind,
            "level": level,
            "region": regions[region],
            "is_member": member,
            "aliases": "\n".join(aliases),
            "is_host": key == HOST_KEY,
        }
        if key == HOST_KEY:
            values.update(HOST_DETAILS)
        organization = _upsert(Organization, {"slug": slugify_vi(short or name)}, values)
        if not organization.logo:
            logo = placeholder_image(short, size=(240, 240), seed=len(organizations))
            organization.logo.save(f"{key}.jpg", ContentFile(logo))
        organizations[key] = organization
    return organizations


def _load_programme(demo, organizations):
    programme = _upsert(
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
        _upsert(Party, {"programme": programme, "organization": organizations[key]}, {"role": role, "order": order})
    for order, (name, position, key) in enumerate(demo.signatories):
        _upsert(
            Signatory,
            {"programme": programme, "name": name},
            {"position": position, "organization": organizations[key], "order": order},
        )
    for number, title in enumerate(demo.commitments, start=1):
        _upsert(Commitment, {"programme": programme, "number": number}, {"title": title})
    for kind, date, summary in demo.reviews:
        _upsert(Review, {"programme": programme, "kind": kind, "date": date}, {"summary": summary})
    return programme


def _set_if_different(manager, wanted_pks):
    if set(manager.values_list("pk", flat=True)) != set(wanted_pks):
        manager.set(wanted_pks)


def _load_article(index, demo, categories, programmes, organizations):
    article = _upsert(
        Article,
        {"slug": slugify_vi(demo.title)},
        {
            "title": demo.title,
            "category": categories[demo.category],
            "lead": demo.lead,
            "body": "".join(f"<p>{p}</p>" for p in demo.paragraphs),
            "byline": demo.byline,
            "source_name": demo.source_name,
            "status": Article.Status.PUBLISHED,
            "published_at": demo.published_at,
            "is_featured": demo.featured,
            "cover_caption": demo.captions[0],
            # The demo's pictures are drawn placeholders that their captions describe.
            "cover_decorative": True,
        },
    )
    if not article.cover_image:
        article.cover_image.save(f"bai-{index}.jpg", ContentFile(placeholder_image(demo.title, seed=index)))
    for order, caption in enumerate(demo.captions[1:], start=1):
        if not article.images.filter(caption=caption).exists():
            image = ArticleImage(article=article, caption=caption, is_decorative=True, order=order)
            picture = placeholder_image(caption, seed=index + order)
            image.image.save(f"bai-{index}-{order}.jpg", ContentFile(picture), save=False)
            image.save()
    _set_if_different(article.programmes, [programmes[k].pk for k in demo.programmes])
    _set_if_different(article.organizations, [organizations[k].pk for k in demo.organizations])
    return article


@transaction.atomic
def load_demo_content() -> dict:
    """Create or update the demo content; returns counts of what exists afterwards."""
    regions = {name: _upsert(Region, {"name": name}, {"order": i}) for i, name in enumerate(REGIONS)}
    organizations = _load_organizations(regions)
    categories = {name: _upsert(Category, {"name": name}, {"order": i}) for i, name in enumerate(CATEGORIES)}
    programmes = {demo.key: _load_programme(demo, organizations) for demo in PROGRAMMES}
    for index, demo in enumerate(ARTICLES):
        _load_article(index, demo, categories, programmes, organizations)
    return {
        "organizations": Organization.objects.count(),
        "programmes": Programme.objects.count(),
        "articles": Article.objects.count(),
    }


def ensure_demo_users() -> list:
    """Create the demo staff accounts if missing; returns (username, password, role) for the README/console."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    accounts = []
    for username, password, group, is_superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, is_staff=True, is_superuser=is_superuser)
            user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
        accounts.append((username, password, group or "Quản trị viên"))
    return accounts
