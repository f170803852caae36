"""Known programmes for the report tests, with the numbers a person counting by hand gets.

Half-year 1/2026 (01/01–30/06/2026) and year 2026, report made on 05/12/2026 ("Hải Phòng, ngày 05
tháng 12 năm 2026"). Programmes (all published but F):

    A  signed 10/03/2026, 2026–2028, Hội Khuyến học + Đoàn (partner)
    B  signed 01/05/2023, 2023–2026, + Phụ nữ; sơ kết 01/06/2025, tổng kết 20/11/2026
    C  signed 01/02/2022, 2022–2025, + Công an (Hà Nam): ended before 2026
    D  signed 01/09/2024, 2024–2026, + Đoàn; no tổng kết
    E  signed 15/08/2026, 2027–2029, + Công an (Hà Nam)
    F  unpublished, signed 01/02/2026, 2026–2027: never counted
    G  signed 10/01/2025, 2025–2027, + Phụ nữ; sơ kết 15/04/2026
"""

import datetime

from agreements.models import CommitmentProgress, ProgressStatus, Review, ReviewAssessment
from news.models import Article
from organizations.models import Organization
from tests.factories import (
    VN,
    ArticleFactory,
    CommitmentFactory,
    OrganizationFactory,
    RegionFactory,
    ReviewFactory,
    programme_with_parties,
)

ISSUED_ON = datetime.date(2026, 12, 5)
HOST_NAME = "Hội Khuyến học thành phố Hải Phòng"
TITLES = {
    "A": "Chương trình phối hợp khuyến học với Thành đoàn giai đoạn 2026-2028",
    "B": "Chương trình phối hợp xây dựng gia đình học tập với Hội Phụ nữ giai đoạn 2023-2026",
    "C": "Chương trình phối hợp với Công an tỉnh Hà Nam giai đoạn 2022-2025",
    "D": "Chương trình phối hợp học tập suốt đời cho đoàn viên giai đoạn 2024-2026",
    "E": "Chương trình phối hợp với Công an tỉnh Hà Nam giai đoạn 2027-2029",
    "F": "Chương trình phối hợp chưa công bố",
    "G": "Chương trình phối hợp khuyến tài với Hội Phụ nữ giai đoạn 2025-2027",
}
S = ProgressStatus
COMMITMENTS = {
    ("A", 1): "Tuyên truyền về khuyến học trong đoàn viên",
    ("A", 2): "Trao học bổng cho học sinh nghèo vượt khó",
    ("A", 3): "Xây dựng mô hình chi đoàn học tập",
    ("B", 1): "Xây dựng gia đình học tập",
    ("B", 2): "Mở lớp xóa mù chữ cho phụ nữ",
    ("C", 1): "Tuyên truyền pháp luật cho học sinh",
    ("D", 1): "Học tập suốt đời cho đoàn viên",
    ("F", 1): "Nội dung của chương trình chưa công bố",
    ("G", 1): "Khen thưởng học sinh giỏi",
    ("G", 2): "Quỹ khuyến tài cấp cơ sở",
}

# What a person counts by hand.
HALF_YEAR = {
    "signed": ["A"],
    "active": ["A", "B", "D", "G"],
    "ended": [],
    "ending_soon": ["D", "B"],  # by end, then title
    "reviews": [("15/04/2026", "Sơ kết", "G")],
    "statuses": {
        ("A", 1): S.IN_PROGRESS,
        ("A", 2): S.NOT_STARTED,
        ("A", 3): S.NOT_STARTED,
        ("B", 1): S.IN_PROGRESS,
        ("B", 2): S.NOT_ACHIEVED,
        ("D", 1): S.DONE,
        ("G", 1): S.DONE,
        ("G", 2): S.IN_PROGRESS,
    },
    "articles": ["Hội Khuyến học và Thành đoàn ký chương trình phối hợp"],
}
YEAR = {
    "signed": ["A", "E"],
    "active": ["A", "B", "D", "G"],
    "ended": [("D", "Chưa tổng kết"), ("B", "Đã tổng kết ngày 20/11/2026")],  # by title
    "ending_soon": ["G"],
    "reviews": [("15/04/2026", "Sơ kết", "G"), ("20/11/2026", "Tổng kết", "B")],
    "statuses": {
        ("A", 1): S.DONE,
        ("A", 2): S.NOT_STARTED,
        ("A", 3): S.IN_PROGRESS,
        ("B", 1): S.DONE,
        ("B", 2): S.IN_PROGRESS,
        ("D", 1): S.DONE,
        ("G", 1): S.DONE,
        ("G", 2): S.IN_PROGRESS,
    },
    "articles": [
        "Hội Khuyến học và Thành đoàn ký chương trình phối hợp",
        "Tổng kết chương trình xây dựng gia đình học tập",
    ],
}


def status_counts(expected):
    counts = {status: 0 for status in S.values}
    for status in expected["statuses"].values():
        counts[status] += 1
    return counts


def progress(commitment, status, *, year, half=None, date=None, done=""):
    return CommitmentProgress.objects.create(
        commitment=commitment, status=status, year=year, half=half, date=date, done=done
    )


def build_known_data():
    hai_phong, ha_nam = RegionFactory(name="Hải Phòng"), RegionFactory(name="Hà Nam")
    hkh = OrganizationFactory(
        name=HOST_NAME,
        abbreviation="HKH",
        is_host=True,
        kind=Organization.Kind.STUDY_PROMOTION,
        region=hai_phong,
        managing_body="Hội Khuyến học Việt Nam",
    )
    doan = OrganizationFactory(
        name="Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng",
        short_name="Thành đoàn Hải Phòng",
        kind=Organization.Kind.YOUTH_UNION,
        region=hai_phong,
    )
    phu_nu = OrganizationFactory(
        name="Hội Liên hiệp Phụ nữ thành phố Hải Phòng", kind=Organization.Kind.WOMEN_UNION, region=hai_phong
    )
    cong_an = OrganizationFactory(name="Công an tỉnh Hà Nam", kind=Organization.Kind.POLICE, region=ha_nam)

    def programme(key, partner, signed, start, end, *, published=True):
        return programme_with_parties(
            [hkh, partner],
            title=TITLES[key],
            signing_date=signed,
            start_year=start,
            end_year=end,
            is_published=published,
            reference_number=f"0{'ABCDEFG'.index(key) + 1}/CTPH-HKH",
        )

    d = datetime.date
    p = {
        "A": programme("A", doan, d(2026, 3, 10), 2026, 2028),
        "B": programme("B", phu_nu, d(2023, 5, 1), 2023, 2026),
        "C": programme("C", cong_an, d(2022, 2, 1), 2022, 2025),
        "D": programme("D", doan, d(2024, 9, 1), 2024, 2026),
        "E": programme("E", cong_an, d(2026, 8, 15), 2027, 2029),
        "F": programme("F", doan, d(2026, 2, 1), 2026, 2027, published=False),
        "G": programme("G", phu_nu, d(2025, 1, 10), 2025, 2027),
    }
    c = {}
    for (key, number), title in COMMITMENTS.items():
        c[key, number] = CommitmentFactory(programme=p[key], number=number, title=title)

    ReviewFactory(programme=p["B"], kind=Review.Kind.MIDTERM, date=d(2025, 6, 1), venue="Nhà Văn hóa Lao động")
    b_final = ReviewFactory(
        programme=p["B"],
        kind=Review.Kind.FINAL,
        date=d(2026, 11, 20),
        venue="Hội trường Thành ủy",
        conclusions="Các bên hoàn thành các mục tiêu chính.",
        next_steps="Ký chương trình giai đoạn 2027-2030.",
    )
    g_midterm = ReviewFactory(programme=p["G"], kind=Review.Kind.MIDTERM, date=d(2026, 4, 15), venue="Trụ sở Hội")

    progress(c["A", 1], S.IN_PROGRESS, year=2026, half=1, done="Tổ chức 12 buổi tuyên truyền.")
    progress(c["A", 1], S.DONE, year=2026, done="Hoàn thành kế hoạch tuyên truyền năm.")
    progress(c["A", 3], S.IN_PROGRESS, year=2026, half=2)
    progress(c["B", 1], S.IN_PROGRESS, year=2026, half=1)
    ReviewAssessment.objects.create(review=b_final, commitment=c["B", 1], status=S.DONE)
    progress(c["B", 2], S.NOT_ACHIEVED, year=2026, date=d(2026, 3, 1))
    ReviewAssessment.objects.create(review=b_final, commitment=c["B", 2], status=S.IN_PROGRESS)
    progress(c["D", 1], S.DONE, year=2025)
    ReviewAssessment.objects.create(review=g_midterm, commitment=c["G", 1], status=S.IN_PROGRESS)
    progress(c["G", 1], S.DONE, year=2026, half=1)
    # The same day as the sơ kết: the review's word counts.
    progress(c["G", 2], S.NOT_ACHIEVED, year=2026, date=d(2026, 4, 15))
    ReviewAssessment.objects.create(review=g_midterm, commitment=c["G", 2], status=S.IN_PROGRESS)
    progress(c["F", 1], S.DONE, year=2026, half=1)

    at = lambda *args: datetime.datetime(*args, tzinfo=VN)  # noqa: E731
    article = ArticleFactory(title=YEAR["articles"][0], published_at=at(2026, 3, 11, 8, 0))
    article.programmes.add(p["A"])
    ArticleFactory(title=YEAR["articles"][1], published_at=at(2026, 11, 21, 9, 0), review=b_final)
    ArticleFactory(title="Tin không nói về chương trình nào", published_at=at(2026, 5, 1, 8, 0))
    draft = ArticleFactory(title="Bản nháp về chương trình A", status=Article.Status.DRAFT, published_at=None)
    draft.programmes.add(p["A"])
    hidden = ArticleFactory(title="Bài về chương trình chưa công bố", published_at=at(2026, 5, 5, 8, 0))
    hidden.programmes.add(p["F"])
    return {"programmes": p, "commitments": c, "host": hkh, "regions": {"hai_phong": hai_phong, "ha_nam": ha_nam}}


def expected_tables(expected) -> dict[str, list[list[str]]]:
    """The tables a person writes by hand from the data above, by their sheet names, numbered rows."""
    counts = status_counts(expected)
    midterm = sum(1 for _date, kind, _key in expected["reviews"] if kind == "Sơ kết")
    with_review = sum(1 for _key, text in expected["ended"] if text.startswith("Đã"))
    summary = [
        len(expected["signed"]),
        len(expected["active"]),
        len(expected["ended"]),
        with_review,
        len(expected["ended"]) - with_review,
        len(expected["ending_soon"]),
        len(expected["reviews"]),
        midterm,
        len(expected["reviews"]) - midterm,
        len(expected["statuses"]),
        counts[S.NOT_STARTED],
        counts[S.IN_PROGRESS],
        counts[S.DONE],
        counts[S.NOT_ACHIEVED],
        len(expected["articles"]),
    ]
    by_title = sorted(expected["statuses"].items(), key=lambda item: (TITLES[item[0][0]], item[0][1]))
    return {
        "Tổng hợp": [str(n) for n in summary],
        "Ký kết": [TITLES[key] for key in expected["signed"]],
        "Đang thực hiện": sorted(TITLES[key] for key in expected["active"]),
        "Kết thúc": [[TITLES[key], text] for key, text in expected["ended"]],
        "Sắp kết thúc": [TITLES[key] for key in expected["ending_soon"]],
        "Sơ kết - tổng kết": [[date, kind, TITLES[key]] for date, kind, key in expected["reviews"]],
        "Nội dung phối hợp": [
            [TITLES[key], f"{number}. {COMMITMENTS[key, number]}", S(status).label]
            for (key, number), status in by_title
        ],
        "Bài viết": expected["articles"],
    }


def essential(tables: dict[str, list[list[str]]]) -> dict:
    """From tables as a format gives them back (header row excluded, every cell text): the columns
    ``expected_tables`` names, so that HTML, DOCX and XLSX are compared with the same hand-made lists."""
    pick = {
        "Tổng hợp": lambda row: row[2],
        "Ký kết": lambda row: row[1],
        "Đang thực hiện": lambda row: row[1],
        "Kết thúc": lambda row: [row[1], row[3]],
        "Sắp kết thúc": lambda row: row[1],
        "Sơ kết - tổng kết": lambda row: [row[1], row[2], row[3]],
        "Nội dung phối hợp": lambda row: [row[1], row[2], row[3]],
        "Bài viết": lambda row: row[2],
    }
    result = {key: [] for key in pick}
    for key, rows in tables.items():
        for index, row in enumerate(rows, start=1):
            if key != "Tổng hợp":
                assert str(row[0]) == str(index), (key, row)  # numbered 1, 2, 3 …
            result[key].append(pick[key]([str(cell) for cell in row]))
    return result
