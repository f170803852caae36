"""The whole page: structure, HTML, speed; each kind of field has its own test module beside this one."""

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

    def test_the_same_article_copied_with_other_furniture_and_line_breaks_has_the_same_fingerprint(self):
        text = (CORPUS / "03_kimbang_cdkh.txt").read_text(encoding="utf-8")
        other_copy = "Tin mới\n\n" + text.replace("\n\n", "\n\n\n").replace("Bình luận", "Xem thêm")
        assert rules.extract_article(text).fingerprint == rules.extract_article(other_copy).fingerprint

    def test_a_different_article_has_a_different_fingerprint(self):
        first = rules.extract_article((CORPUS / "03_kimbang_cdkh.txt").read_text(encoding="utf-8"))
        second = rules.extract_article((CORPUS / "05_vinhphuc_dotted_date.txt").read_text(encoding="utf-8"))
        assert first.fingerprint != second.fingerprint

    def test_parties_say_who_leads(self):
        found = rules.extract_article((CORPUS / "04_quangninh_mattran.txt").read_text(encoding="utf-8"))
        roles = {p.name: p.role for p in found.programme.parties}
        assert roles == {"Ủy ban MTTQ tỉnh Quảng Ninh": "phoi_hop", "Hội Khuyến học tỉnh": "chu_tri"}

    def test_a_party_written_after_phoi_hop_voi_is_a_partner_of_the_one_before(self):
        found = rules.extract_article((CORPUS / "14_lucnam_ngay_dang.txt").read_text(encoding="utf-8"))
        assert [(p.name, p.role) for p in found.programme.parties] == [
            ("Hội Khuyến học huyện Lục Nam", "chu_tri"),
            ("Ban CHQS huyện", "phoi_hop"),
        ]

    def test_known_organizations_are_proposed_by_their_directory_entry(self):
        known = [rules.KnownOrganization(7, "Công an tỉnh Bắc Giang", ("Công an tỉnh Bắc Giang",))]
        found = rules.extract_page((CORPUS / "12_bacgiang_html.html").read_text(encoding="utf-8"), known=known)
        assert {p.name: p.organization_pk for p in found.programme.parties} == {
            "Hội Khuyến học tỉnh Bắc Giang": None,
            "Công an tỉnh": 7,
        }

    def test_a_headline_shortening_a_party_adds_no_party_even_if_it_matches_a_known_organization(self):
        known = [rules.KnownOrganization(1, "HKH", ("Hội Khuyến học thành phố Hải Phòng", "Hội Khuyến học"))]
        found = rules.extract_page((CORPUS / "21_kienthuy_huyen_doan.txt").read_text(encoding="utf-8"), known=known)
        assert [p.name for p in found.programme.parties] == ["Hội Khuyến học huyện Kiến Thụy", "Huyện đoàn Kiến Thụy"]


class HTMLTests:
    def test_scripts_styles_and_navigation_are_dropped_with_their_content(self):
        converted = rules.html_to_text(
            "<html><head><title>Tin - Báo X</title><script>var a=1;</script><style>p{}</style></head>"
            "<body><nav>Trang chủ</nav><h1>Tin</h1><p onclick='x()'>Đoạn <b>một</b>.</p>"
            "<script>document.write('quảng cáo')</script><p>Đoạn hai.</p></body></html>"
        )
        assert converted.text == "Tin\n\nĐoạn một.\n\nĐoạn hai."
        assert (converted.title, converted.site_name, converted.had_script) == ("Tin", "Báo X", True)

    def test_html_without_scripts_is_not_flagged(self):
        assert rules.html_to_text("<p>Đoạn văn.</p>").had_script is False

    def test_a_javascript_link_counts_as_script(self):
        assert rules.html_to_text('<p><a href="javascript:alert(1)">x</a></p>').had_script is True

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("<p>Đoạn</p>", True), ("<div>Đoạn</div>", True), ("Hội Khuyến học <3 học sinh", False), ("a < b", False)],
    )
    def test_html_is_told_from_plain_text(self, text, expected):
        assert rules.looks_like_html(text) is expected


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
