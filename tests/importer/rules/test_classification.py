"""Is the article the news of a signing?"""

import pytest

from importer import rules

VN = rules.VN_TZ


class SigningEventTests:
    @pytest.mark.parametrize(
        "sentence",
        [
            "Thành đoàn và Hội Khuyến học tổ chức Lễ ký kết Chương trình phối hợp giai đoạn 2024-2027.",
            "Hội Khuyến học tỉnh ký chương trình phối hợp với 7 cơ quan, đơn vị.",
            "Hội Khuyến học tỉnh Hà Nam ký phối hợp công tác khuyến học với 7 đơn vị",
            "Hai đơn vị ký kết quy chế phối hợp trong công tác khuyến học.",
            "Ngân hàng và Hội Khuyến học tỉnh ký thỏa thuận hợp tác về cho vay vốn học sinh.",
            "Hội Khuyến học và Sở Giáo dục đã ký kết chương trình phối hợp giai đoạn 2024-2026.",
            "Hội nghị tổng kết giai đoạn 2020-2024 và ký kết chương trình phối hợp giai đoạn 2025-2029.",
            "HKH tỉnh đã tổ chức hội nghị ký kết chương trình phối hợp đẩy mạnh hoạt động khuyến học.",
        ],
    )
    def test_a_sentence_reporting_a_signing_is_recognized_in_its_variants(self, sentence):
        assert rules.signing_match(sentence) is not None

    @pytest.mark.parametrize(
        "sentence",
        [
            "Năm 2022, hai đơn vị đã ký kết chương trình phối hợp với nhiều mục tiêu.",
            "Hội nghị sơ kết 2 năm thực hiện chương trình phối hợp đã ký kết giữa hai đơn vị.",
            "Trong năm, Hội dự kiến tiếp tục ký kết chương trình phối hợp với một số sở, ngành.",
            "Hai bên sẽ ký kết chương trình phối hợp vào quý IV.",
            "Các chi hội đã ký kết giao ước thi đua thực hiện nghị quyết Đại hội.",
            "Sau khi ký kết chương trình phối hợp, hai bên đã triển khai nhiều hoạt động.",
        ],
    )
    def test_an_earlier_a_planned_or_another_kind_of_signing_is_not_the_news(self, sentence):
        assert rules.signing_match(sentence) is None

    @pytest.mark.parametrize(
        ("title", "lead", "reason_word"),
        [
            ("Sơ kết công tác khuyến học 6 tháng đầu năm", "Hội Khuyến học vừa tổ chức hội nghị sơ kết.", "sơ kết"),
            ("Trao 200 suất học bổng cho học sinh nghèo", "Hội Khuyến học trao học bổng cho học sinh.", "học bổng"),
            ("Triển khai nhiệm vụ năm 2025", "Hội tổ chức hội nghị triển khai kế hoạch năm 2025.", "triển khai"),
            ("Đại hội Hội Khuyến học huyện lần thứ V", "Hội tổ chức Đại hội đại biểu.", "đại hội"),
            ("Gương sáng hiếu học", "Em Nguyễn Văn A đạt giải nhất quốc gia.", "Không thấy"),
        ],
    )
    def test_an_article_without_a_signing_says_why(self, title, lead, reason_word):
        is_signing, reason, reporting = rules.signing_decision(title, [lead])
        assert (is_signing, reporting) == (False, [])
        assert reason_word.lower() in reason.lower()


class RealErrorKindTests:
    """Each kind of classification error seen on real articles, on examples of our own."""

    @pytest.mark.parametrize(
        ("title", "lead", "signing"),
        [
            # A round-up of several provinces' signings records none of them.
            ("Nhiều địa phương ký kết phối hợp khuyến học đầu năm",
             "Tuần qua, các tỉnh Hà Giang, Sơn La ký kết.", False),
            # A review of the old programme and the signing of the next at one meeting is a signing.
            ("Tổng kết giai đoạn cũ, bước vào giai đoạn mới",
             "Ngày 2/1, Hội Khuyến học và Huyện đoàn Bảo Lâm tổng kết chương trình giai đoạn 2020-2024 và ký kết "
             "chương trình phối hợp giai đoạn 2025-2029.", True),
            # Two bodies sign a programme named only by its subject.
            ("Chung tay vì học sinh vùng cao",
             "Chiều 7/5, Hội Cựu giáo chức phối hợp Hội Khuyến học huyện ký kết chương trình xây dựng tủ sách.", True),
            # A scholarship given in coordination with a partner is not a signing.
            ("Trao 50 suất học bổng cho học sinh nghèo",
             "Sáng 9/9, Hội Khuyến học tỉnh phối hợp với Công ty Điện lực trao 50 suất học bổng.", False),
            # A congress with an emulation pledge is not a signing.
            ("Đại hội Hội Khuyến học huyện lần thứ V",
             "Tại đại hội, các chi hội đã ký giao ước thi đua năm 2025.", False),
            # A year-end review that only plans a signing is not one.
            ("Tổng kết công tác khuyến học năm 2024",
             "Năm 2025, Hội sẽ ký kết chương trình phối hợp với Sở Giáo dục và Đào tạo.", False),
        ],
    )  # fmt: skip
    def test_a_signing_is_told_from_what_only_looks_like_one(self, title, lead, signing):
        assert rules.signing_decision(title, [lead])[0] is signing
