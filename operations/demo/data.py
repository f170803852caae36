"""The demo's records: organizations, programmes and articles whose facts (periods, dates, venues,
parties, the one named signatory, commitments) come from five real article pages of Hải Phòng,
Hà Nam and Thanh Hóa, told in our own words.

What the pages do not say is marked as illustrative here, and on the public pages where a reader
could take it for fact:
- Signatories: only Hoàng Duy Đỉnh (Chủ tịch Hội Khuyến học thành phố Hải Phòng, 2023) is named.
  The others carry the placeholder names every Vietnamese form uses (Nguyễn Văn A, Trần Thị B…)
  and positions that such a signing usually has (chức danh minh họa).
- The district associations that are the host's members, the two reviews and their articles, and
  the signed PDF are illustrative too; each says so in its own text.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from operations.demo.pictures import Scene

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

HOST_PROVINCE = "Hải Phòng"
# The provinces as the sources name them. Hà Nam is kept as the province it was when its programme was
# signed (2024); its organizations sit in today's Ninh Bình, which absorbed it in 2025 (loader.demo_region).
REGIONS = ["Hải Phòng", "Hà Nam", "Thanh Hóa"]
ILLUSTRATIVE = "minh họa"


@dataclass(frozen=True)
class DemoOrganization:
    key: str
    name: str
    short_name: str
    abbreviation: str
    kind: str  # Organization.Kind value
    level: str  # Organization.Level value
    region: str
    initials: str  # on the drawn emblem
    is_member: bool = False
    aliases: tuple = ()
    parent: str = ""
    description: str = ""


def district_association(key, district, initials):
    return DemoOrganization(
        key=key,
        name=f"Hội Khuyến học {district}, thành phố Hải Phòng",
        short_name=f"Hội Khuyến học {district}, Hải Phòng",
        abbreviation="HKH",
        kind="khuyen_hoc",
        level="huyen",
        region="Hải Phòng",
        initials=initials,
        is_member=True,
        parent="hkh-hp",
        description=f"Tổ chức Hội cấp huyện trực thuộc Hội Khuyến học thành phố Hải Phòng (dữ liệu {ILLUSTRATIVE}).",
    )


ORGANIZATIONS = [
    DemoOrganization("hkh-hp", "Hội Khuyến học thành phố Hải Phòng", "Hội Khuyến học Hải Phòng", "HKH", "khuyen_hoc",
                     "tinh", "Hải Phòng", "HKH", aliases=("Hội Khuyến học thành phố", "Hội KH thành phố Hải Phòng")),
    DemoOrganization("thanh-doan-hp", "Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng",
                     "Thành đoàn Hải Phòng", "", "doan_thanh_nien", "tinh", "Hải Phòng", "ĐTN",
                     aliases=("Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Hải Phòng",)),
    DemoOrganization("bchqs-hp", "Bộ Chỉ huy Quân sự thành phố Hải Phòng", "Bộ Chỉ huy Quân sự Hải Phòng", "BCHQS",
                     "quan_su", "tinh", "Hải Phòng", "QS"),
    DemoOrganization("ca-hp", "Công an thành phố Hải Phòng", "Công an thành phố Hải Phòng", "", "cong_an", "tinh",
                     "Hải Phòng", "CA", aliases=("Công an thành phố",)),
    DemoOrganization("bdbp-hp", "Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng", "Bộ đội Biên phòng Hải Phòng",
                     "BĐBP", "bien_phong", "tinh", "Hải Phòng", "BP",
                     aliases=("Bộ chỉ huy Bộ đội biên phòng thành phố",)),
    DemoOrganization("so-gd-hp", "Sở Giáo dục và Đào tạo thành phố Hải Phòng", "Sở GD&ĐT Hải Phòng", "Sở GD&ĐT",
                     "giao_duc", "tinh", "Hải Phòng", "GD", aliases=("Sở Giáo dục và Đào tạo",)),
    DemoOrganization("thpt-ngo-quyen", "Trường THPT Ngô Quyền, thành phố Hải Phòng", "Trường THPT Ngô Quyền, Hải Phòng",
                     "", "truong_hoc", "co_so", "Hải Phòng", "NQ", aliases=("Trường THPT Ngô Quyền",)),
    district_association("hkh-ngo-quyen", "quận Ngô Quyền", "NQ"),
    district_association("hkh-le-chan", "quận Lê Chân", "LC"),
    district_association("hkh-hong-bang", "quận Hồng Bàng", "HB"),
    district_association("hkh-thuy-nguyen", "huyện Thủy Nguyên", "TN"),
    district_association("hkh-vinh-bao", "huyện Vĩnh Bảo", "VB"),
    DemoOrganization("hkh-hn", "Hội Khuyến học tỉnh Hà Nam", "Hội Khuyến học tỉnh Hà Nam", "HKH", "khuyen_hoc", "tinh",
                     "Hà Nam", "HKH"),
    DemoOrganization("ca-hn", "Công an tỉnh Hà Nam", "Công an tỉnh Hà Nam", "", "cong_an", "tinh", "Hà Nam", "CA"),
    DemoOrganization("bchqs-hn", "Bộ Chỉ huy Quân sự tỉnh Hà Nam", "Bộ Chỉ huy Quân sự tỉnh Hà Nam", "BCHQS",
                     "quan_su", "tinh", "Hà Nam", "QS"),
    DemoOrganization("mttq-hn", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Nam", "Ủy ban MTTQ tỉnh Hà Nam", "MTTQ",
                     "mat_tran", "tinh", "Hà Nam", "MTTQ"),
    DemoOrganization("ldld-hn", "Liên đoàn Lao động tỉnh Hà Nam", "Liên đoàn Lao động tỉnh Hà Nam", "LĐLĐ",
                     "lien_doan_lao_dong", "tinh", "Hà Nam", "LĐLĐ"),
    DemoOrganization("hlhpn-hn", "Hội Liên hiệp Phụ nữ tỉnh Hà Nam", "Hội LHPN tỉnh Hà Nam", "Hội LHPN", "hoi_phu_nu",
                     "tinh", "Hà Nam", "PN"),
    DemoOrganization("tinh-doan-hn", "Tỉnh đoàn Hà Nam", "Đoàn Thanh niên tỉnh Hà Nam", "", "doan_thanh_nien", "tinh",
                     "Hà Nam", "ĐTN"),
    DemoOrganization("hnd-hn", "Hội Nông dân tỉnh Hà Nam", "Hội Nông dân tỉnh Hà Nam", "", "hoi_nong_dan", "tinh",
                     "Hà Nam", "ND"),
    DemoOrganization("hkh-th", "Hội Khuyến học tỉnh Thanh Hóa", "Hội Khuyến học tỉnh Thanh Hóa", "HKH", "khuyen_hoc",
                     "tinh", "Thanh Hóa", "HKH"),
    DemoOrganization("mttq-th", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa", "Ủy ban MTTQ tỉnh Thanh Hóa", "MTTQ",
                     "mat_tran", "tinh", "Thanh Hóa", "MTTQ"),
]  # fmt: skip

HOST_KEY = "hkh-hp"
HOST_DETAILS = {
    "managing_body": f"Hội Khuyến học thành phố Hải Phòng (dữ liệu {ILLUSTRATIVE})",
    "content_responsible": f"Ban Thường trực Hội (dữ liệu {ILLUSTRATIVE})",
    "licence": f"Giấy phép thiết lập trang thông tin điện tử: số hiệu {ILLUSTRATIVE}, dùng cho bản trình diễn",
    "address": f"Địa chỉ {ILLUSTRATIVE}, thành phố Hải Phòng",
    "phone": "0225 000 0000",
    "email": "lienhe@khuyenhoc.example.vn",
    "website": "https://khuyenhoc.example.vn",
    "fanpage": "https://www.facebook.com/khuyenhoc.example",
    "description": "Cơ quan chủ quản của cổng thông tin trình diễn này.",
}

CATEGORIES = ["Hoạt động khuyến học", "Chương trình phối hợp", "Sơ kết, tổng kết"]


@dataclass(frozen=True)
class DemoReview:
    kind: str  # Review.Kind value
    date: datetime.date
    summary: str


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
    signatories: list  # (name, position, organization key); see the module's note on names
    commitments: list
    reviews: list = ()
    signed_document: bool = False


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
        signatories=[
            ("Nguyễn Văn A", "Chủ tịch Hội Khuyến học thành phố Hải Phòng", "hkh-hp"),
            ("Trần Thị B", "Bí thư Thành đoàn Hải Phòng", "thanh-doan-hp"),
        ],
        commitments=[
            "Tuyên truyền để người dân thành phố hiểu rõ hơn về khuyến học, khuyến tài và xã hội học tập",
            "Tổ chức các hoạt động tư vấn, hỗ trợ người học",
            "Biểu dương và trao học bổng cho học sinh, sinh viên",
            "Nâng cao chất lượng hoạt động của tổ chức Hội Khuyến học và Đoàn Thanh niên các cấp",
        ],
        reviews=[
            DemoReview(
                "tong_ket",
                datetime.date(2022, 12, 27),
                "Hai bên điểm lại bốn năm cùng tuyên truyền, tư vấn và trao học bổng, thống nhất phối hợp tiếp "
                f"trong giai đoạn sau (nội dung {ILLUSTRATIVE}).",
            )
        ],
        signed_document=True,
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
        signatories=[
            ("Hoàng Duy Đỉnh", "Chủ tịch Hội Khuyến học thành phố Hải Phòng", "hkh-hp"),
            ("Lê Văn C", "Chỉ huy trưởng Bộ Chỉ huy Quân sự thành phố", "bchqs-hp"),
            ("Phạm Văn D", "Phó Giám đốc Công an thành phố", "ca-hp"),
            ("Vũ Văn E", "Chỉ huy trưởng Bộ Chỉ huy Bộ đội Biên phòng thành phố", "bdbp-hp"),
        ],
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
        signatories=[
            ("Nguyễn Văn A", "Chủ tịch Hội Khuyến học tỉnh Hà Nam", "hkh-hn"),
            ("Trần Văn B", "Phó Giám đốc Công an tỉnh", "ca-hn"),
            ("Lê Văn C", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "bchqs-hn"),
            ("Phạm Văn D", "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "mttq-hn"),
            ("Hoàng Văn E", "Chủ tịch Liên đoàn Lao động tỉnh", "ldld-hn"),
            ("Vũ Thị G", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh", "hlhpn-hn"),
            ("Đặng Văn H", "Bí thư Tỉnh đoàn", "tinh-doan-hn"),
            ("Bùi Văn K", "Chủ tịch Hội Nông dân tỉnh", "hnd-hn"),
        ],
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
        signatories=[
            ("Nguyễn Văn A", "Chủ tịch Hội Khuyến học tỉnh Thanh Hóa", "hkh-th"),
            ("Trần Thị B", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Thanh Hóa", "mttq-th"),
        ],
        commitments=[
            "Tuyên truyền và xây dựng tổ chức Hội Khuyến học vững mạnh",
            "Xây dựng các mô hình “công dân học tập”, “gia đình học tập”, “đơn vị học tập”, “cộng đồng học tập”",
            "Nâng cao chất lượng trung tâm học tập cộng đồng và hoạt động hỗ trợ giáo dục",
            "Huy động nguồn lực xây dựng trường lớp, nhất là ở miền núi và vùng khó khăn",
            "Xây dựng quỹ khuyến học trong từng tổ chức để kịp thời động viên người học giỏi, dạy giỏi",
        ],
        reviews=[
            DemoReview(
                "so_ket",
                datetime.date(2024, 4, 12),
                "Sau hai năm, các bên đánh giá việc xây dựng mô hình học tập và quỹ khuyến học trong từng tổ "
                f"chức, đề ra việc cần làm đến năm 2026 (nội dung {ILLUSTRATIVE}).",
            )
        ],
    ),
]

SIGNED_DOCUMENT_NOTE = (
    f"Văn bản {ILLUSTRATIVE} do cổng thông tin trình diễn tạo ra từ dữ liệu mẫu; "
    "không phải bản chụp văn bản gốc. Tên người ký là tên mẫu."
)


@dataclass(frozen=True)
class DemoArticle:
    title: str
    category: str
    published_at: datetime.datetime
    byline: str
    source_name: str
    lead: str
    paragraphs: list
    pictures: list  # (caption, Scene); the first is the cover
    programmes: list = ()
    organizations: list = ()
    featured: bool = False
    review_of: str = ""  # key of the programme whose (only) review this article reports


def signing_banner(parties, title, period, place_and_date):
    return (parties, title, period, place_and_date)


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
        pictures=[
            (
                "Quang cảnh lễ ký kết tại Trường THPT Ngô Quyền.",
                Scene(
                    "signing",
                    signing_banner(
                        "HỘI KHUYẾN HỌC THÀNH PHỐ HẢI PHÒNG – THÀNH ĐOÀN HẢI PHÒNG",
                        "LỄ KÝ KẾT CHƯƠNG TRÌNH PHỐI HỢP",
                        "KHUYẾN HỌC, KHUYẾN TÀI, XÂY DỰNG XÃ HỘI HỌC TẬP GIAI ĐOẠN 2019 – 2022",
                        "Trường THPT Ngô Quyền, ngày 26 tháng 3 năm 2019",
                    ),
                    ("suit", "suit"),
                    seed=2019,
                ),
            ),
        ],
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
        pictures=[
            (
                "Lãnh đạo bốn cơ quan ký văn bản phối hợp.",
                Scene(
                    "signing",
                    signing_banner(
                        "HỘI KHUYẾN HỌC – BỘ CHỈ HUY QUÂN SỰ – CÔNG AN – BỘ ĐỘI BIÊN PHÒNG THÀNH PHỐ HẢI PHÒNG",
                        "KÝ KẾT CHƯƠNG TRÌNH PHỐI HỢP",
                        "ĐẨY MẠNH PHONG TRÀO KHUYẾN HỌC, KHUYẾN TÀI GIAI ĐOẠN 2023 – 2030",
                        "Hải Phòng, ngày 29 tháng 9 năm 2023",
                    ),
                    ("suit", "quan_su", "cong_an", "bien_phong"),
                    seed=2023,
                ),
            ),
            (
                "Đại biểu dự hội nghị ký kết.",
                Scene(
                    "conference",
                    ("THÀNH PHỐ HẢI PHÒNG", "HỘI NGHỊ KÝ KẾT CHƯƠNG TRÌNH PHỐI HỢP", "GIAI ĐOẠN 2023 – 2030", ""),
                    ("suit", "quan_su", "cong_an", "bien_phong"),
                    seed=20231,
                    extra={"presidium": 4},
                ),
            ),
        ],
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
        pictures=[
            (
                "Hội nghị sơ kết công tác khuyến học sáu tháng đầu năm.",
                Scene(
                    "conference",
                    (
                        "HỘI KHUYẾN HỌC THÀNH PHỐ HẢI PHÒNG",
                        "HỘI NGHỊ SƠ KẾT CÔNG TÁC KHUYẾN HỌC, KHUYẾN TÀI",
                        "6 THÁNG ĐẦU NĂM 2023",
                        "Hải Phòng, tháng 7 năm 2023",
                    ),
                    ("suit",),
                    seed=202307,
                ),
            ),
        ],
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
        pictures=[
            (
                "Đại diện tám cơ quan, đoàn thể ký chương trình phối hợp.",
                Scene(
                    "signing",
                    signing_banner(
                        "HỘI KHUYẾN HỌC TỈNH HÀ NAM",
                        "LỄ KÝ KẾT CHƯƠNG TRÌNH PHỐI HỢP",
                        "ĐẨY MẠNH KHUYẾN HỌC, KHUYẾN TÀI, XÂY DỰNG XÃ HỘI HỌC TẬP GIAI ĐOẠN 2024 – 2030",
                        "Hà Nam, ngày 15 tháng 5 năm 2024",
                    ),
                    ("suit", "cong_an", "quan_su", "suit", "suit", "ao_dai", "suit", "suit"),
                    seed=2024,
                ),
            ),
        ],
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
        pictures=[
            (
                "Các đơn vị tham gia ký kết chương trình phối hợp.",
                Scene(
                    "signing",
                    signing_banner(
                        "HỘI KHUYẾN HỌC TỈNH THANH HÓA – ỦY BAN MTTQ VIỆT NAM TỈNH THANH HÓA",
                        "HỘI NGHỊ KÝ KẾT CHƯƠNG TRÌNH PHỐI HỢP",
                        "ĐẨY MẠNH KHUYẾN HỌC – KHUYẾN TÀI GIAI ĐOẠN 2022 – 2026",
                        "Thanh Hóa, ngày 30 tháng 3 năm 2022",
                    ),
                    ("suit", "ao_dai", "suit"),
                    seed=2022,
                ),
            ),
        ],
        programmes=["th-2022"],
        organizations=["hkh-th", "mttq-th"],
    ),
    DemoArticle(
        title="Thành đoàn và Hội Khuyến học Hải Phòng tổng kết bốn năm phối hợp",
        category="Sơ kết, tổng kết",
        published_at=datetime.datetime(2022, 12, 28, 9, 30, tzinfo=VN),
        byline="Ban Biên tập",
        source_name=f"Bài {ILLUSTRATIVE} của bản trình diễn",
        lead="Khép lại giai đoạn 2019-2022, hai bên điểm lại những việc đã cùng làm và bàn hướng phối hợp cho "
        "những năm tới.",
        paragraphs=[
            "Hội nghị nhìn lại bốn nhóm nội dung đã ký: tuyên truyền, tư vấn và hỗ trợ người học, trao học bổng, "
            "nâng cao chất lượng tổ chức Hội và Đoàn các cấp.",
            "Nhiều cơ sở Đoàn đã cùng chi hội khuyến học ở địa phương trao học bổng cho học sinh vượt khó.",
            f"<em>Bài viết {ILLUSTRATIVE} của cổng thông tin trình diễn: sự kiện và nội dung không lấy từ một "
            "báo cáo thật.</em>",
        ],
        pictures=[
            (
                "Hội nghị tổng kết chương trình phối hợp giai đoạn 2019 – 2022.",
                Scene(
                    "conference",
                    (
                        "HỘI KHUYẾN HỌC THÀNH PHỐ HẢI PHÒNG – THÀNH ĐOÀN HẢI PHÒNG",
                        "HỘI NGHỊ TỔNG KẾT CHƯƠNG TRÌNH PHỐI HỢP",
                        "GIAI ĐOẠN 2019 – 2022",
                        "Hải Phòng, tháng 12 năm 2022",
                    ),
                    ("suit",),
                    seed=2022_12,
                ),
            ),
            (
                "Trao học bổng cho học sinh vượt khó học tốt.",
                Scene(
                    "scholarship",
                    (
                        "HỘI KHUYẾN HỌC THÀNH PHỐ HẢI PHÒNG – THÀNH ĐOÀN HẢI PHÒNG",
                        "TRAO HỌC BỔNG KHUYẾN HỌC",
                        "HỌC SINH VƯỢT KHÓ HỌC TỐT",
                        "",
                    ),
                    ("suit",),
                    seed=2022_121,
                    extra={"students": 6, "amount": "2.000.000 đồng"},
                ),
            ),
        ],
        programmes=["hp-2019"],
        organizations=["hkh-hp", "thanh-doan-hp"],
        review_of="hp-2019",
    ),
    DemoArticle(
        title="Thanh Hóa sơ kết hai năm phối hợp giữa Hội Khuyến học và Mặt trận tỉnh",
        category="Sơ kết, tổng kết",
        published_at=datetime.datetime(2024, 4, 12, 16, 0, tzinfo=VN),
        byline="Ban Biên tập",
        source_name=f"Bài {ILLUSTRATIVE} của bản trình diễn",
        lead="Giữa giai đoạn 2022-2026, các bên cùng xem lại việc xây dựng mô hình học tập, trung tâm học tập cộng "
        "đồng và quỹ khuyến học trong từng tổ chức.",
        paragraphs=[
            "Các đại biểu nêu những trung tâm học tập cộng đồng hoạt động đều và những nơi cần thêm nguồn lực, "
            "nhất là ở miền núi.",
            "Hội nghị thống nhất các việc cần làm trong hai năm cuối của chương trình.",
            f"<em>Bài viết {ILLUSTRATIVE} của cổng thông tin trình diễn: sự kiện và nội dung không lấy từ một "
            "báo cáo thật.</em>",
        ],
        pictures=[
            (
                "Hội nghị sơ kết hai năm thực hiện chương trình phối hợp.",
                Scene(
                    "conference",
                    (
                        "HỘI KHUYẾN HỌC TỈNH THANH HÓA – ỦY BAN MTTQ VIỆT NAM TỈNH THANH HÓA",
                        "HỘI NGHỊ SƠ KẾT CHƯƠNG TRÌNH PHỐI HỢP",
                        "GIAI ĐOẠN 2022 – 2026",
                        "Thanh Hóa, tháng 4 năm 2024",
                    ),
                    ("suit", "ao_dai"),
                    seed=2024_04,
                    extra={"presidium": 3},
                ),
            ),
            (
                "Một buổi học tại trung tâm học tập cộng đồng.",
                Scene(
                    "classroom",
                    ("Trung tâm học tập cộng đồng", "Học tập suốt đời", "Chuyên đề: kỹ năng tin học cơ bản", ""),
                    ("suit",),
                    seed=2024_041,
                ),
            ),
        ],
        programmes=["th-2022"],
        organizations=["hkh-th", "mttq-th"],
        review_of="th-2022",
    ),
]

DEMO_USERS = [
    # (username, password, group, superuser)
    ("admin", "khuyenhoc-demo", None, True),
    ("bientap", "khuyenhoc-demo", "Biên tập viên", False),
    ("xuatban", "khuyenhoc-demo", "Xuất bản", False),
]
