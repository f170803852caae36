import random
import re
import unicodedata

import pytest
from django.template import Context, Template
from django.utils.text import Truncator

from core.text import fold, html_to_text, nfc, slugify_vi, strip_diacritics, truncate_chars
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


# Inputs that have made foldings disagree: "Đ"/"đ" (no decomposition) and "Ð" (eth, old encodings),
# decomposed (NFD) text as some editors paste it, "ư"/"ơ" (horn), tone marks on capitals, and
# spaces other than the plain one.
TRICKY = [
    ("Đoàn ĐOÀN đoàn", "doan doan doan"),
    (unicodedata.normalize("NFD", "Đoàn Thanh niên"), "doan thanh nien"),
    (unicodedata.normalize("NFD", "ỨNG DỤNG Ở ĐÂY"), "ung dung o day"),
    ("ỨNG DỤNG Ở ĐÂY", "ung dung o day"),
    ("Ưu tiên ƠN nghĩa, Trường", "uu tien on nghia truong"),
    ("Ðoàn", "doan"),
    ("Tp.\u00a0Hải\u00a0Phòng", "tp hai phong"),
    ("khuyến\u202fhọc\u2009xã\u3000hội", "khuyen hoc xa hoi"),
    ("Giai đoạn 2019–2022: “Hoa Phượng Đỏ”", "giai doan 2019 2022 hoa phuong do"),
    ("  Hội   KH  ", "hoi kh"),
]


class OneFoldingTests:
    """Slugs, the public search, the admin search and the importer give the same words."""

    @pytest.mark.parametrize(("text", "words"), TRICKY)
    def test_every_user_of_the_folding_gets_the_same_words(self, text, words):
        from core.fulltext import search_words
        from core.text import folded_words
        from importer import rules

        assert slugify_vi(text) == words.replace(" ", "-")
        assert search_words(text) == f" {words} "
        assert " ".join(folded_words(text)) == words  # the admin search's words
        assert " ".join(re.findall(r"[a-z0-9]+", rules.fold(text))) == words

    def test_html_is_read_by_one_function(self):
        from core import fulltext as search
        from importer import rules
        from revisions import diff

        assert search.html_to_text is rules.html_to_text is diff.html_to_text is html_to_text


@pytest.mark.django_db
class DatabaseFoldingTests:
    """The SQL folding (unaccent on PostgreSQL, the registered Python function on SQLite) of stored
    text finds the words Python folds: programmes, organizations and the admin search rely on it."""

    def test_the_database_folds_stored_text_as_python_does(self):
        from core.admin_search import AdminFold
        from core.fulltext import SearchFold
        from organizations.models import Organization

        for text, words in TRICKY:
            organization = OrganizationFactory(name=text.strip() or "x")
            folded = Organization.objects.filter(pk=organization.pk).annotate(
                search=SearchFold("name"), admin=AdminFold("name")
            )
            search, admin = folded.values_list("search", "admin").get()
            # The same words, padded with spaces (PostgreSQL pads a text ending in punctuation twice).
            assert (search.split(), admin.split()) == (words.split(),) * 2, text
            assert search.startswith(" ") and search.endswith(" "), text


class HTMLToTextTests:
    def test_blocks_cells_and_entities(self):
        text = html_to_text(
            "<p>Quỹ&nbsp;học&nbsp;bổng &amp;lt;b&amp;gt;</p><table><tr><td>Hội</td><td>Đoàn</td></tr></table>"
            "<ul><li>một</li><li>hai</li></ul><p>khuy\u00adến học</p>"
        )
        assert text == "Quỹ học bổng &lt;b&gt;\n\nHội Đoàn\n\n- một\n\n- hai\n\nkhuyến học"

    def test_sanitized_rich_text_keeps_every_word_and_gets_no_title(self):
        text = html_to_text("<h2>Kết quả</h2><p>Năm học <strong>2023</strong>-2024</p>")
        assert (str(text), text.title, text.site_name, text.had_script) == (
            "Kết quả\n\nNăm học 2023-2024",
            "",
            "",
            False,
        )

    @pytest.mark.parametrize("empty", [None, ""])
    def test_nothing_gives_an_empty_text(self, empty):
        assert html_to_text(empty) == ""


class TruncateCharsTests:
    """``truncate_chars`` (and the ``truncate_chars`` filter) give what Django's ``truncatechars`` gives."""

    LEAD = (
        "Sáng 26/3, Hội Khuyến học tỉnh và Tỉnh đoàn ký kết chương trình phối hợp giai đoạn 2019–2022 "
        "nhằm đẩy mạnh phong trào khuyến học, khuyến tài, xây dựng xã hội học tập trong đoàn viên, "
        "thanh niên; hai bên thống nhất năm nội dung phối hợp và chế độ sơ kết hằng năm."
    )

    def test_any_text_is_cut_as_django_cuts_it(self):
        letters = "ab ếộĐđ…\n\u0301\u0323\u0300"  # combining marks, an ellipsis, a newline
        draw = random.Random(20261205)
        for _ in range(20000):
            text = "".join(draw.choice(letters) for _ in range(draw.randint(0, 24)))
            length = draw.randint(-1, 26)
            assert truncate_chars(text, length) == Truncator(text).chars(length), (text, length)

    @pytest.mark.parametrize("length", [0, 1, 2, 60, 199, 200, 201, 299, 300])
    def test_a_lead_is_cut_as_django_cuts_it(self, length):
        for text in (self.LEAD, unicodedata.normalize("NFD", self.LEAD)):
            assert truncate_chars(text, length) == Truncator(text).chars(length)

    def test_a_long_lead_ends_with_an_ellipsis_within_the_length(self):
        cut = truncate_chars(self.LEAD, 200)
        assert len(cut) == 200 and cut.endswith("…") and self.LEAD.startswith(cut[:-1])
        assert truncate_chars(self.LEAD, len(self.LEAD)) == self.LEAD

    def test_the_filter_cuts_like_truncatechars(self):
        ours = Template("{% load texts %}{{ lead|truncate_chars:120 }}|{{ lead|truncate_chars:'x' }}")
        django = Template("{{ lead|truncatechars:120 }}|{{ lead|truncatechars:'x' }}")
        for lead in (self.LEAD, "<b>Tin</b> & ảnh", None, 2024):
            context = Context({"lead": lead})
            assert ours.render(context) == django.render(context)
