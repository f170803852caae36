"""The demo's progress entries and review results: what each party did on each commitment, year by
year, and what the reviews concluded. All of it is illustrative (the article pages the demo is built
from name the commitments, not their yearly results); every text says so.

Loaded by ``operations.demo.loader`` after the programmes and articles, idempotently: an entry is found
again by its commitment, year and half-year, an assessment by its review and commitment."""

from dataclasses import dataclass

from agreements.models import Commitment, CommitmentProgress, ProgressStatus, ReviewAssessment
from core.text import slugify_vi
from news.models import Article, ProgressEvidence
from operations.demo.data import ILLUSTRATIVE

DONE, IN_PROGRESS = ProgressStatus.DONE, ProgressStatus.IN_PROGRESS
NOT_STARTED, NOT_ACHIEVED = ProgressStatus.NOT_STARTED, ProgressStatus.NOT_ACHIEVED
NOTE = f" (số liệu {ILLUSTRATIVE})"

FINAL_REVIEW_HP = "Thành đoàn và Hội Khuyến học Hải Phòng tổng kết bốn năm phối hợp"
MIDTERM_REVIEW_TH = "Thanh Hóa sơ kết hai năm phối hợp giữa Hội Khuyến học và Mặt trận tỉnh"
HALF_YEAR_HP_2023 = "Hội Khuyến học Hải Phòng sơ kết sáu tháng đầu năm 2023"


@dataclass(frozen=True)
class DemoProgress:
    programme: str  # programme key (data.PROGRAMMES)
    commitment: int  # its number
    year: int
    half: int | None
    status: str
    party: str  # organization key
    done: str
    evidence: str = ""  # title of a demo article that shows it


@dataclass(frozen=True)
class DemoReviewResults:
    programme: str
    kind: str  # the review of data.PROGRAMMES it completes
    venue: str
    participants: list  # organization keys
    conclusions: str
    next_steps: str
    assessments: list  # (commitment number, status, text)


PROGRESS = [
    DemoProgress(
        "hp-2019",
        1,
        2019,
        2,
        DONE,
        "thanh-doan-hp",
        "Các cơ sở Đoàn tổ chức 36 buổi tuyên truyền về khuyến học tại trường học" + NOTE,
    ),
    DemoProgress(
        "hp-2019",
        1,
        2020,
        None,
        IN_PROGRESS,
        "hkh-hp",
        "Tuyên truyền chuyển sang mạng xã hội trong thời gian giãn cách" + NOTE,
    ),
    DemoProgress(
        "hp-2019",
        2,
        2020,
        None,
        NOT_ACHIEVED,
        "thanh-doan-hp",
        "Các buổi tư vấn trực tiếp phải hoãn vì dịch bệnh" + NOTE,
    ),
    DemoProgress(
        "hp-2019",
        2,
        2021,
        None,
        DONE,
        "thanh-doan-hp",
        "Mở 12 điểm tư vấn hướng nghiệp trực tuyến cho học sinh lớp 12" + NOTE,
    ),
    DemoProgress(
        "hp-2019", 3, 2021, 2, DONE, "hkh-hp", "Trao 450 suất học bổng cho học sinh, sinh viên vượt khó" + NOTE
    ),
    DemoProgress(
        "hp-2019",
        3,
        2022,
        None,
        DONE,
        "hkh-hp",
        "Biểu dương 120 gương sáng hiếu học tại hội nghị tổng kết" + NOTE,
        FINAL_REVIEW_HP,
    ),
    DemoProgress(
        "hp-2019",
        4,
        2022,
        None,
        IN_PROGRESS,
        "thanh-doan-hp",
        "Kiện toàn chi hội khuyến học trong 30 cơ sở Đoàn" + NOTE,
    ),
    DemoProgress(
        "hp-2023",
        1,
        2023,
        1,
        DONE,
        "hkh-hp",
        "Phổ biến chương trình đến các đơn vị lực lượng vũ trang thành phố" + NOTE,
        HALF_YEAR_HP_2023,
    ),
    DemoProgress(
        "hp-2023",
        1,
        2024,
        None,
        IN_PROGRESS,
        "bchqs-hp",
        "Đưa nội dung khuyến học vào sinh hoạt chính trị hằng tháng" + NOTE,
    ),
    DemoProgress(
        "hp-2023",
        3,
        2024,
        None,
        IN_PROGRESS,
        "ca-hp",
        "Đăng ký 15 mô hình “Đơn vị học tập” trong Công an thành phố" + NOTE,
    ),
    DemoProgress(
        "hp-2023", 5, 2024, 2, DONE, "bdbp-hp", "Trao học bổng “Hoa Phượng Đỏ” cho 60 con em cán bộ, chiến sĩ" + NOTE
    ),
    DemoProgress(
        "hp-2023", 4, 2025, None, NOT_STARTED, "hkh-hp", "Chưa tổ chức được hội thảo tư vấn, phản biện giáo dục" + NOTE
    ),
    DemoProgress("hp-2023", 5, 2025, 2, DONE, "bchqs-hp", "Học bổng “Hoa Phượng Đỏ” năm thứ ba, 75 suất" + NOTE),
    DemoProgress("th-2022", 1, 2022, None, DONE, "hkh-th", "Thành lập thêm 40 chi hội khuyến học ở thôn, bản" + NOTE),
    DemoProgress(
        "th-2022",
        2,
        2023,
        None,
        IN_PROGRESS,
        "mttq-th",
        "Bình xét “gia đình học tập” gắn với cuộc vận động khu dân cư" + NOTE,
    ),
    DemoProgress(
        "th-2022",
        5,
        2023,
        2,
        DONE,
        "hkh-th",
        "Quỹ khuyến học có mặt ở 90% tổ chức thành viên" + NOTE,
        MIDTERM_REVIEW_TH,
    ),
    DemoProgress(
        "th-2022", 4, 2024, None, NOT_ACHIEVED, "mttq-th", "Nguồn lực xây trường ở miền núi chưa đạt mức đề ra" + NOTE
    ),
    DemoProgress(
        "th-2022",
        3,
        2025,
        1,
        IN_PROGRESS,
        "hkh-th",
        "Đánh giá lại hoạt động của 120 trung tâm học tập cộng đồng" + NOTE,
    ),
    DemoProgress(
        "hn-2024",
        1,
        2024,
        2,
        IN_PROGRESS,
        "hkh-hn",
        "Quán triệt tiêu chí “Đơn vị học tập” tại tám cơ quan ký kết" + NOTE,
    ),
    DemoProgress(
        "hn-2024",
        2,
        2025,
        None,
        IN_PROGRESS,
        "tinh-doan-hn",
        "Tuyên truyền trong đoàn viên, thanh niên qua các câu lạc bộ" + NOTE,
    ),
    DemoProgress("hn-2024", 3, 2025, None, NOT_STARTED, "ldld-hn", "Chưa gắn khuyến học với mái ấm công đoàn" + NOTE),
]

REVIEW_RESULTS = [
    DemoReviewResults(
        programme="hp-2019",
        kind="tong_ket",
        venue="Trường THPT Ngô Quyền, Hải Phòng",
        participants=["hkh-hp", "thanh-doan-hp"],
        conclusions="Bốn nội dung phối hợp cơ bản hoàn thành; việc tư vấn trực tiếp bị ảnh hưởng bởi dịch bệnh"
        + NOTE
        + ".",
        next_steps="Ký chương trình phối hợp giai đoạn mới, chú trọng tư vấn trực tuyến và học bổng cho sinh viên.",
        assessments=[
            (1, DONE, "Tuyên truyền đều đặn ở trường học và trên mạng xã hội."),
            (2, DONE, "Tư vấn trực tuyến bù cho các buổi trực tiếp phải hoãn."),
            (3, DONE, "Vượt chỉ tiêu học bổng đề ra."),
            (4, IN_PROGRESS, "Còn một số cơ sở Đoàn chưa có chi hội khuyến học."),
        ],
    ),
    DemoReviewResults(
        programme="th-2022",
        kind="so_ket",
        venue="Hội trường Ủy ban MTTQ Việt Nam tỉnh Thanh Hóa",
        participants=["hkh-th", "mttq-th"],
        conclusions="Mô hình học tập và quỹ khuyến học lan rộng; huy động nguồn lực xây trường còn chậm" + NOTE + ".",
        next_steps="Đến năm 2026: mỗi tổ chức thành viên có quỹ khuyến học, ưu tiên trường lớp miền núi.",
        assessments=[
            (1, DONE, "Tổ chức Hội được củng cố đến thôn, bản."),
            (2, IN_PROGRESS, "Mô hình “gia đình học tập” đang được bình xét."),
            (3, NOT_STARTED, "Chưa đánh giá lại các trung tâm học tập cộng đồng."),
            (4, NOT_ACHIEVED, "Nguồn lực xây trường chưa đạt."),
            (5, DONE, "Quỹ khuyến học có ở hầu hết tổ chức thành viên."),
        ],
    ),
]


def load_progress(upsert, *, programmes, reviews, organizations):
    """Progress entries with their evidence articles, and the results of the demo's reviews."""
    commitments = {
        (key, commitment.number): commitment
        for key, programme in programmes.items()
        for commitment in Commitment.objects.filter(programme=programme)
    }
    for demo in PROGRESS:
        entry = upsert(
            CommitmentProgress,
            {"commitment": commitments[demo.programme, demo.commitment], "year": demo.year, "half": demo.half},
            {
                "status": demo.status,
                "done": demo.done,
                "party_id": organizations[demo.party].pk,
                "is_published": True,
            },
        )
        if demo.evidence:
            article = Article.objects.get(slug=slugify_vi(demo.evidence))
            ProgressEvidence.objects.get_or_create(progress=entry, article=article)
    for demo in REVIEW_RESULTS:
        review = next(r for r in reviews[demo.programme] if r.kind == demo.kind)
        upsert(
            type(review),
            {"pk": review.pk},
            {"venue": demo.venue, "conclusions": demo.conclusions, "next_steps": demo.next_steps},
        )
        wanted = {organizations[key].pk for key in demo.participants}
        if set(review.participants.values_list("pk", flat=True)) != wanted:
            review.participants.set(wanted)
        for number, status, text in demo.assessments:
            upsert(
                ReviewAssessment,
                {"review": review, "commitment": commitments[demo.programme, number]},
                {"status": status, "text": text},
            )
