import unicodedata

import pytest

from core.text import fold, nfc, slugify_vi, strip_diacritics
from tests.factories import ArticleFactory, OrganizationFactory

# Every Vietnamese vowel with every tone, lower and upper case.
VOWELS = {
    "a": "aàáảãạ", "ă": "ăằắẳẵặ", "â": "âầấẩẫậ", "e": "eèéẻẽẹ", "ê": "êềếểễệ", "i": "iìíỉĩị",
    "o": "oòóỏõọ", "ô": "ôồốổỗộ", "ơ": "ơờớởỡợ", "u": "uùúủũụ", "ư": "ưừứửữự", "y": "yỳýỷỹỵ",
}  # fmt: skip
BASE = {
    "a": "a",
    "ă": "a",
    "â": "a",
    "e": "e",
    "ê": "e",
    "i": "i",
    "o": "o",
    "ô": "o",
    "ơ": "o",
    "u": "u",
    "ư": "u",
    "y": "y",
}


class SlugifyViTests:
    @pytest.mark.parametrize(
        ("text", "slug"),
        [
            ("Thành đoàn Hải Phòng", "thanh-doan-hai-phong"),
            ("Đẩy mạnh phong trào", "day-manh-phong-trao"),
            ("ĐOÀN THANH NIÊN", "doan-thanh-nien"),
            (
                "Hội Khuyến học tỉnh Hà Nam ký phối hợp với 7 đơn vị",
                "hoi-khuyen-hoc-tinh-ha-nam-ky-phoi-hop-voi-7-don-vi",
            ),
            ("Giai đoạn 2019 – 2022", "giai-doan-2019-2022"),
            ("“Hoa Phượng Đỏ”", "hoa-phuong-do"),
            ("Sở GD&ĐT", "so-gd-dt"),
            ("  --Khuyến   học--  ", "khuyen-hoc"),
            ("Quỹ khuyến học, khuyến tài", "quy-khuyen-hoc-khuyen-tai"),
            ("Nguyễn Thị Thu", "nguyen-thi-thu"),
        ],
    )
    def test_vietnamese_titles_become_readable_ascii_slugs(self, text, slug):
        assert slugify_vi(text) == slug

    @pytest.mark.parametrize(("base", "forms"), VOWELS.items())
    def test_every_vowel_with_every_tone_folds_to_its_plain_letter(self, base, forms):
        expected = BASE[base]
        for form in forms + forms.upper():
            assert slugify_vi(form) == expected, form
            assert slugify_vi(unicodedata.normalize("NFD", form)) == expected, f"decomposed {form}"

    def test_d_with_stroke_becomes_d_in_both_cases(self):
        assert slugify_vi("đĐ") == "dd"
        assert strip_diacritics("Đoàn đội") == "Doan doi"

    def test_slug_is_cut_at_the_limit_without_a_trailing_hyphen(self):
        slug = slugify_vi("khuyến học " * 50, max_length=30)
        assert len(slug) <= 30
        assert not slug.endswith("-")


class FoldTests:
    """One folding for slugs, the public search, the admin search and the importer."""

    @pytest.mark.parametrize(
        ("text", "folded"),
        [
            ("Đoàn Thanh niên,  Hải Phòng", "doan thanh nien, hai phong"),
            ("LIÊN ĐOÀN", "lien doan"),
            ("Ðoàn", "doan"),  # eth, which old encodings put for "Đ"
            ("Khuye\u0302\u0301n ho\u0323c", "khuyen hoc"),
            ("Tp.\u00a0Hải Phòng", "tp. hai phong"),
            ("", ""),
            (None, ""),
        ],
    )
    def test_fold_drops_diacritics_and_case_and_keeps_punctuation(self, text, folded):
        assert fold(text) == folded

    def test_the_public_search_the_importer_and_slugs_fold_alike(self):
        from core.fulltext import search_words
        from importer import rules

        assert rules.fold is fold
        assert (
            search_words("Hội KH, giai đoạn 2019–2022!")
            == f" {slugify_vi('Hội KH, giai đoạn 2019–2022!').replace('-', ' ')} "
        )


@pytest.mark.django_db
class NFCNormalizationTests:
    def test_decomposed_text_is_stored_composed(self):
        decomposed = unicodedata.normalize("NFD", "Hội Khuyến học thành phố Hải Phòng")
        organization = OrganizationFactory(name=decomposed, short_name=decomposed)
        organization.refresh_from_db()
        assert organization.name == "Hội Khuyến học thành phố Hải Phòng"
        assert unicodedata.is_normalized("NFC", organization.name)

    def test_decomposed_article_title_and_body_are_stored_composed(self):
        title = unicodedata.normalize("NFD", "Đẩy mạnh phong trào khuyến học")
        article = ArticleFactory(title=title, body=f"<p>{title}</p>")
        article.refresh_from_db()
        assert article.title == "Đẩy mạnh phong trào khuyến học"
        assert article.body == "<p>Đẩy mạnh phong trào khuyến học</p>"
        assert article.slug == "day-manh-phong-trao-khuyen-hoc"

    def test_nfc_leaves_non_strings_alone(self):
        assert nfc(None) is None
        assert nfc(5) == 5
