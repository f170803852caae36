"""importer.rules.programme: the programme proposed from a signing: its parties, their roles and names."""

from importer import rules
from tests.importer.conftest import CORPUS


class PartyTests:
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


class ProposedTitleTests:
    def parties(self):
        return [
            rules.PartyProposal(name="Tỉnh đoàn", source="", role="phoi_hop", suggested_name="Tỉnh đoàn Cao Bằng"),
            rules.PartyProposal(name="Hội Khuyến học tỉnh", source="", role="chu_tri"),
        ]

    def test_the_texts_own_name_is_kept(self):
        assert rules.proposed_title("Quy chế phối hợp", self.parties(), (2024, 2026)) == "Quy chế phối hợp"

    def test_without_a_name_the_lead_party_comes_first_then_the_period(self):
        assert rules.proposed_title("", self.parties(), (2025, 2028)) == (
            "Chương trình phối hợp giữa Hội Khuyến học tỉnh và Tỉnh đoàn Cao Bằng giai đoạn 2025–2028"
        )

    def test_an_open_period_says_from_which_year(self):
        assert rules.proposed_title("", self.parties()[:1], (2025, None)) == (
            "Chương trình phối hợp giữa Tỉnh đoàn Cao Bằng từ năm 2025"
        )
