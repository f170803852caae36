"""Vietnamese building blocks for generated benchmark content: words and phrases written for this
generator (no sentence is copied from anywhere), combined at random into text of realistic length."""

import random
import unicodedata


def _nfc(items):
    return [unicodedata.normalize("NFC", item) for item in items]


PROVINCES = _nfc(
    [
        "Hải Phòng", "Hà Nội", "Hà Nam", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Ninh", "Thái Bình",
        "Nam Định", "Ninh Bình", "Hưng Yên", "Hải Dương", "Bắc Ninh", "Bắc Giang", "Lạng Sơn", "Cao Bằng",
        "Lào Cai", "Yên Bái", "Tuyên Quang", "Phú Thọ", "Vĩnh Phúc", "Thái Nguyên", "Hòa Bình", "Sơn La",
        "Điện Biên", "Quảng Bình", "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định",
        "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Lâm Đồng",
        "Bình Dương", "Đồng Nai", "Tây Ninh", "Long An", "Tiền Giang", "Bến Tre", "Vĩnh Long", "Cần Thơ",
        "An Giang", "Kiên Giang", "Cà Mau", "Bạc Liêu", "Sóc Trăng", "Trà Vinh", "Đồng Tháp",
    ]
)  # fmt: skip

DISTRICTS = _nfc(
    [
        "Lê Chân", "Ngô Quyền", "Hồng Bàng", "Kiến An", "Hải An", "Dương Kinh", "Đồ Sơn", "An Dương",
        "An Lão", "Kiến Thụy", "Tiên Lãng", "Vĩnh Bảo", "Thủy Nguyên", "Cát Hải", "Bạch Long Vĩ",
        "Phủ Lý", "Duy Tiên", "Kim Bảng", "Thanh Liêm", "Bình Lục", "Lý Nhân", "Sầm Sơn", "Bỉm Sơn",
        "Nghi Sơn", "Quảng Xương", "Hoằng Hóa", "Hậu Lộc", "Nga Sơn", "Đông Sơn", "Triệu Sơn",
        "Thọ Xuân", "Yên Định", "Vĩnh Lộc", "Thạch Thành", "Cẩm Thủy", "Ngọc Lặc", "Như Thanh",
    ]
)  # fmt: skip

PERSON_FAMILY = _nfc(["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"])
PERSON_MIDDLE = _nfc(["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Hồng", "Xuân"])
PERSON_GIVEN = _nfc(
    ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh", "Lan",
     "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trung",
     "Tuấn", "Tùng", "Vân", "Yến"]
)  # fmt: skip

POSITIONS = _nfc(
    [
        "Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch Thường trực", "Bí thư", "Phó Bí thư", "Giám đốc",
        "Phó Giám đốc", "Chỉ huy trưởng", "Chính ủy", "Hiệu trưởng", "Trưởng ban", "Tổng Giám đốc",
    ]
)  # fmt: skip

# (kind value, name patterns): "{place}" is a province or district name.
ORGANIZATION_PATTERNS = {
    "khuyen_hoc": ["Hội Khuyến học {place}", "Chi hội Khuyến học {place}", "Ban Khuyến học {place}"],
    "doan_thanh_nien": ["Đoàn Thanh niên {place}", "Thành đoàn {place}", "Huyện đoàn {place}"],
    "hoi_phu_nu": ["Hội Liên hiệp Phụ nữ {place}", "Hội Phụ nữ {place}"],
    "hoi_nong_dan": ["Hội Nông dân {place}"],
    "lien_doan_lao_dong": ["Liên đoàn Lao động {place}", "Công đoàn ngành Giáo dục {place}"],
    "mat_tran": ["Ủy ban Mặt trận Tổ quốc Việt Nam {place}"],
    "cong_an": ["Công an {place}"],
    "quan_su": ["Bộ Chỉ huy Quân sự {place}", "Ban Chỉ huy Quân sự {place}"],
    "bien_phong": ["Đồn Biên phòng {place}", "Bộ Chỉ huy Bộ đội Biên phòng {place}"],
    "giao_duc": ["Sở Giáo dục và Đào tạo {place}", "Phòng Giáo dục và Đào tạo {place}"],
    "truong_hoc": ["Trường THPT {person} {place}", "Trường THCS {person} {place}", "Trường Tiểu học {person} {place}"],
    "doanh_nghiep": ["Công ty Cổ phần {word} {place}", "Doanh nghiệp {word} {place}"],
    "khac": ["Quỹ Khuyến học {place}", "Trung tâm Học tập cộng đồng {place}"],
}
ORGANIZATION_PATTERNS = {kind: _nfc(patterns) for kind, patterns in ORGANIZATION_PATTERNS.items()}
FAMOUS_NAMES = _nfc(["Ngô Quyền", "Trần Phú", "Lê Quý Đôn", "Chu Văn An", "Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo"])
COMPANY_WORDS = _nfc(["Cảng biển", "Xi măng", "Thủy sản", "Dệt may", "Điện lực", "Vận tải", "Xây dựng", "Du lịch"])

CATEGORIES = _nfc(
    [
        "Hoạt động khuyến học", "Chương trình phối hợp", "Sơ kết, tổng kết", "Gương sáng hiếu học",
        "Học tập suốt đời", "Quỹ khuyến học", "Tin địa phương", "Văn bản, chính sách",
    ]
)  # fmt: skip

TITLE_OPENINGS = _nfc(
    [
        "Đẩy mạnh phong trào khuyến học, khuyến tài", "Trao học bổng cho học sinh nghèo vượt khó",
        "Sơ kết chương trình phối hợp", "Tổng kết công tác khuyến học năm", "Ký kết chương trình phối hợp",
        "Xây dựng xã hội học tập", "Phát động phong trào gia đình hiếu học", "Tuyên dương học sinh giỏi",
        "Nâng cao hiệu quả hoạt động trung tâm học tập cộng đồng", "Hỗ trợ con em cán bộ chiến sĩ đến trường",
        "Đại hội Hội Khuyến học nhiệm kỳ mới", "Tập huấn nghiệp vụ cho cán bộ khuyến học cơ sở",
        "Khen thưởng dòng họ học tập tiêu biểu", "Tiếp sức đến trường cho học sinh vùng biển",
    ]
)  # fmt: skip

SUBJECTS = _nfc(
    [
        "Hội Khuyến học thành phố", "Ban Thường vụ Hội", "Thành đoàn", "Hội Liên hiệp Phụ nữ",
        "Bộ Chỉ huy Quân sự", "Công an thành phố", "Bộ đội Biên phòng", "Sở Giáo dục và Đào tạo",
        "Ủy ban Mặt trận Tổ quốc", "Liên đoàn Lao động", "Hội Nông dân", "các chi hội khuyến học",
        "nhiều dòng họ", "các nhà hảo tâm", "đoàn viên thanh niên", "các trường học trên địa bàn",
    ]
)  # fmt: skip

VERBS = _nfc(
    [
        "tổ chức", "phối hợp thực hiện", "triển khai", "vận động", "trao tặng", "hỗ trợ", "tuyên truyền",
        "khen thưởng", "phát động", "ký kết", "sơ kết", "tổng kết", "đánh giá", "biểu dương", "xây dựng",
        "duy trì", "nhân rộng", "củng cố", "kiện toàn", "đẩy mạnh",
    ]
)  # fmt: skip

OBJECTS = _nfc(
    [
        "phong trào khuyến học, khuyến tài", "quỹ khuyến học", "học bổng cho học sinh nghèo", "xã hội học tập",
        "mô hình gia đình học tập", "mô hình dòng họ học tập", "cộng đồng học tập", "đơn vị học tập",
        "chương trình phối hợp giai đoạn mới", "hội nghị sơ kết ba năm", "lễ tuyên dương học sinh giỏi",
        "trung tâm học tập cộng đồng", "lớp học tình thương", "phần thưởng cho con em hội viên",
        "các hoạt động tiếp sức mùa thi", "tủ sách khuyến học", "công tác tuyên truyền",
    ]
)  # fmt: skip

PLACES = _nfc(
    [
        "tại hội trường Ủy ban nhân dân quận", "tại Trường THPT Ngô Quyền", "tại nhà văn hóa thôn",
        "trên địa bàn thành phố", "ở các xã vùng ven biển", "tại trụ sở Hội", "ở các phường nội thành",
        "tại các đơn vị lực lượng vũ trang", "ở huyện đảo", "tại trung tâm hội nghị thành phố",
    ]
)  # fmt: skip

PURPOSES = _nfc(
    [
        "nhằm khuyến khích tinh thần hiếu học", "góp phần nâng cao dân trí", "để không em nào phải bỏ học",
        "nhằm xây dựng xã hội học tập", "góp phần đào tạo nhân lực", "để động viên các em vươn lên",
        "nhằm lan tỏa truyền thống hiếu học", "hướng tới mục tiêu học tập suốt đời",
    ]
)  # fmt: skip

FILLERS = _nfc(
    [
        "trong những năm qua", "thời gian tới", "với sự tham gia của đông đảo hội viên", "theo kế hoạch",
        "ngay từ đầu năm học", "với tổng kinh phí hơn hai trăm triệu đồng", "trong không khí phấn khởi",
        "dưới sự chỉ đạo của cấp ủy", "cùng với chính quyền địa phương", "bằng nhiều hình thức phong phú",
        "một cách thiết thực", "nhân dịp khai giảng năm học mới", "trong giai đoạn 2019-2022",
    ]
)  # fmt: skip

WORDS = _nfc(
    """học sinh sinh viên giáo viên hội viên cán bộ chiến sĩ thanh niên phụ nữ nông dân gia đình dòng họ
    cộng đồng nhà trường địa phương thành phố tỉnh huyện xã phường thôn tổ dân phố học tập khuyến học
    khuyến tài hiếu học học bổng phần thưởng giấy khen bằng khen kinh phí nguồn lực vận động xã hội hóa
    phong trào chương trình kế hoạch nhiệm vụ mục tiêu kết quả thành tích tiêu biểu xuất sắc vượt khó
    nghèo khó khăn hoàn cảnh đặc biệt tích cực hiệu quả thiết thực bền vững lâu dài thường xuyên
    tuyên truyền phổ biến giáo dục đào tạo kỹ năng nghề nghiệp việc làm tri thức văn hóa truyền thống
    lan tỏa nhân rộng mô hình điển hình sáng kiến kinh nghiệm đánh giá tổng kết sơ kết biểu dương""".split()
)

DATELINES = _nfc(["(Thanh Hà)", "(Minh Châu)", "(Hoàng Tùng)", "(Thu Trang)", "(Quang Huy)", "(Ngọc Anh)"])
SOURCES = [
    ("haiphong.gov.vn", "https://haiphong.gov.vn/"),
    ("congdankhuyenhoc.vn", "https://congdankhuyenhoc.vn/"),
    ("mattran.org.vn", "https://mattran.org.vn/"),
    ("", ""),
]


class TextMaker:
    """Sentences, paragraphs and titles of realistic Vietnamese-like news text, reproducibly random."""

    def __init__(self, seed=0, pool=20_000):
        self.random = random.Random(seed)
        # Sentences are drawn from a pool made once: 100,000 articles in minutes, not hours.
        self._pool = [self._new_sentence() for _ in range(pool)]

    def choice(self, items):
        return self.random.choice(items)

    def person(self):
        return f"{self.choice(PERSON_FAMILY)} {self.choice(PERSON_MIDDLE)} {self.choice(PERSON_GIVEN)}"

    def place(self):
        if self.random.random() < 0.5:
            return self.choice(["thành phố", "tỉnh"]) + " " + self.choice(PROVINCES)
        return self.choice(["quận", "huyện", "thị xã"]) + " " + self.choice(DISTRICTS)

    def words(self, low, high):
        return " ".join(self.choice(WORDS) for _ in range(self.random.randint(low, high)))

    def sentence(self):
        return self.choice(self._pool)

    def _new_sentence(self):
        r = self.random.random()
        if r < 0.55:
            parts = [self.choice(SUBJECTS), self.place() if self.random.random() < 0.5 else "", self.choice(VERBS)]
            parts += [self.choice(OBJECTS), self.choice(PLACES), self.choice(PURPOSES)]
            if self.random.random() < 0.5:
                parts.insert(0, self.choice(FILLERS).capitalize() + ",")
        elif r < 0.8:
            parts = [self.choice(FILLERS), self.choice(SUBJECTS), self.choice(VERBS), self.words(6, 14)]
        else:
            count = self.random.randint(20, 400)
            parts = [self.choice(["Đã có", "Hơn", "Gần"]), str(count), self.choice(WORDS), self.choice(WORDS)]
            parts += [self.choice(["được", "đã được"]), self.choice(VERBS), self.words(4, 10)]
        text = " ".join(part for part in parts if part)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, low=3, high=6):
        return " ".join(self.sentence() for _ in range(self.random.randint(low, high)))

    def title(self):
        return f"{self.choice(TITLE_OPENINGS)} {self.place()}"

    def lead(self):
        return self.paragraph(2, 3)

    def body_html(self, paragraphs=(6, 11)):
        """Simple, already-clean HTML (paragraphs, a heading, emphasis): the sanitizer leaves it as is."""
        count = self.random.randint(*paragraphs)
        blocks = []
        for index in range(count):
            if index == count // 2:
                blocks.append(f"<h2>{self.choice(TITLE_OPENINGS)}</h2>")
            text = self.paragraph()
            if self.random.random() < 0.2:
                text = f"<strong>{self.choice(SUBJECTS).capitalize()}</strong> {text[0].lower()}{text[1:]}"
            blocks.append(f"<p>{text}</p>")
        return "".join(blocks)
