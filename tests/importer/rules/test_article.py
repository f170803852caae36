"""importer.rules.article: the whole page read into an extraction, and its speed on pathological pastes.

Each kind of field has its own test module beside this one."""

import time

import pytest

from importer import rules
from tests.importer.conftest import CORPUS

VN = rules.VN_TZ


class ArticleStructureTests:
    def test_title_comes_from_the_qr_code_caption_when_the_page_copy_has_no_headline(self):
        text = (CORPUS / "01_lechan_quan_doan.txt").read_text(encoding="utf-8")
        found = rules.extract_article(text)
        assert found.title.value == "Quận đoàn và Hội Khuyến học quận Lê Chân ký kết chương trình phối hợp"
        assert found.title.source.startswith("QR CODE:")

    @pytest.mark.parametrize(
        ("name", "source"),
        [
            ("01_lechan_quan_doan.txt", "Cổng thông tin điện tử quận Lê Chân"),  # "Nguồn: ..."
            ("02_nghean_lao_dong.txt", "Báo Nghệ An"),  # "Theo ..."
            ("03_kimbang_cdkh.txt", "Công dân & Khuyến học"),  # masthead "... trên"
            ("04_quangninh_mattran.txt", "Mặt trận"),  # "(Mặt trận) -" before the lead
            ("16_haitan_xa.txt", "Đài truyền thanh xã Hải Tân"),  # after the byline
            ("17_gdtd_trung_uong.txt", "GD&TĐ"),  # "GD&TĐ -" before the lead
        ],
    )
    def test_the_source_is_read_wherever_the_portal_prints_it(self, name, source):
        assert rules.extract_article((CORPUS / name).read_text(encoding="utf-8")).source.value == source

    def test_the_dot_after_nguon_names_the_source(self):
        text = (CORPUS / "19_hoi_thao.txt").read_text(encoding="utf-8")
        assert rules.extract_article(text).source.value == "haiphong.gov.vn"

    def test_the_lead_is_the_first_paragraph_without_the_publication_prefix(self):
        found = rules.extract_article((CORPUS / "04_quangninh_mattran.txt").read_text(encoding="utf-8"))
        assert found.lead.value.startswith("Chiều 18-4, Ủy ban MTTQ tỉnh Quảng Ninh")

    def test_headlines_of_other_articles_between_paragraphs_are_dropped(self):
        found = rules.extract_article((CORPUS / "04_quangninh_mattran.txt").read_text(encoding="utf-8"))
        body = " ".join(found.paragraphs)
        assert "Cửa Nam" not in body and "khóa XVII" not in body

    def test_what_follows_the_byline_is_not_the_article(self):
        found = rules.extract_article((CORPUS / "04_quangninh_mattran.txt").read_text(encoding="utf-8"))
        assert not any("thăm và làm việc" in p for p in found.paragraphs)
        assert found.author.value == "H.T"

    def test_captions_are_kept_apart_from_the_body_paragraphs_in_reading_order(self):
        found = rules.extract_article((CORPUS / "09_cantho_hoc_bong.txt").read_text(encoding="utf-8"))
        kinds = [kind for kind, _text in found.blocks]
        assert kinds == ["caption", "p", "caption", "p"]
        assert "- Ảnh" not in " ".join(found.paragraphs)

    def test_a_page_without_any_timestamp_is_left_undated_with_a_warning(self):
        found = rules.extract_article((CORPUS / "07_yenthe_no_timestamp.txt").read_text(encoding="utf-8"))
        assert found.published.value is None and found.programme.signing_date.value is None
        assert any("không ghi ngày đăng" in w for w in found.warnings)

    def test_every_extracted_field_keeps_the_line_or_sentence_it_came_from(self):
        found = rules.extract_article((CORPUS / "01_lechan_quan_doan.txt").read_text(encoding="utf-8"))
        programme = found.programme
        assert found.published.source == "Thứ hai, 14/10/2024 09:42"
        assert found.author.source == "Minh Khôi"
        assert "giai đoạn 2024 – 2027" in programme.period_start_year.source
        assert programme.signing_date.source.startswith("Sáng 12/10")
        assert "Hội trường Quận ủy Lê Chân" in programme.venue.source
        assert all(p.source for p in programme.parties) and all(s.source for s in programme.signatories)


class PathologicalPasteTests:
    """bench/importer_speed.py measures; this only catches a return of the quadratic cases (tens of
    seconds at 20,000 characters), with room for a busy shared machine."""

    @pytest.mark.parametrize(
        "paste",
        [
            ("Hội Khuyến học tỉnh ký kết chương trình phối hợp với " * 400)[:20_000],
            "Sáng 5/6, Hội Khuyến học tỉnh ký kết chương trình phối hợp với "
            + ", ".join(f"Hội Khuyến học xã Số {i} huyện Kim Bảng" for i in range(400))[:19_000]
            + ".",
        ],
        ids=["one-phrase-repeated", "four-hundred-parties"],
    )
    def test_a_pathological_paste_of_twenty_thousand_characters_is_read_in_seconds(self, paste):
        start = time.perf_counter()
        found = rules.extract_page(paste)
        assert time.perf_counter() - start < 5
        assert found.is_signing_event and len(found.programme.parties) <= 40
