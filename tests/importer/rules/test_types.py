"""importer.rules.types: the extraction's fingerprint and its JSON form."""

import dataclasses

from importer import rules
from tests.importer.conftest import CORPUS


class FingerprintTests:
    def test_the_same_article_copied_with_other_furniture_and_line_breaks_has_the_same_fingerprint(self):
        text = (CORPUS / "03_kimbang_cdkh.txt").read_text(encoding="utf-8")
        other_copy = "Tin mới\n\n" + text.replace("\n\n", "\n\n\n").replace("Bình luận", "Xem thêm")
        assert rules.extract_article(text).fingerprint == rules.extract_article(other_copy).fingerprint

    def test_a_different_article_has_a_different_fingerprint(self):
        first = rules.extract_article((CORPUS / "03_kimbang_cdkh.txt").read_text(encoding="utf-8"))
        second = rules.extract_article((CORPUS / "05_vinhphuc_dotted_date.txt").read_text(encoding="utf-8"))
        assert first.fingerprint != second.fingerprint

    def test_the_fingerprint_ignores_case_and_punctuation_but_not_words(self):
        found = rules.extract_article((CORPUS / "03_kimbang_cdkh.txt").read_text(encoding="utf-8"))
        shouted = dataclasses.replace(found, title=rules.Found(found.title.value.upper() + "!", found.title.source))
        reworded = dataclasses.replace(found, title=rules.Found(found.title.value + " mới", found.title.source))
        assert shouted.fingerprint == found.fingerprint != reworded.fingerprint
        assert len(found.fingerprint) == 64


class JSONTests:
    def test_the_json_names_the_issues_fields_with_iso_dates(self):
        found = rules.extract_article((CORPUS / "01_lechan_quan_doan.txt").read_text(encoding="utf-8"))
        data = found.as_json()
        assert set(data) == {"title", "published", "author", "source", "is_signing_event", "programme"}
        assert data["published"] == "2024-10-14T09:42:00+07:00"
        assert data["programme"]["signing_date"] == "2024-10-12"
        assert data["programme"]["parties"] == [p.name for p in found.programme.parties]

    def test_a_value_not_found_is_null_in_the_json(self):
        found = rules.extract_article((CORPUS / "07_yenthe_no_timestamp.txt").read_text(encoding="utf-8"))
        data = found.as_json()
        assert data["published"] is None and data["programme"]["signing_date"] is None
