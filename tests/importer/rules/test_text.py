"""importer.rules.text: clean-up of pasted text and HTML turned into text."""

import pytest

from importer import rules


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


class CleanTextTests:
    def test_odd_spaces_newlines_and_invisible_characters_become_plain_ones(self):
        pasted = "Hội\u00a0Khuyến  học\u200b tỉnh \r\nký\u2009kết\u00ad\rgiai đoạn\u20282024 \t"
        assert rules.clean_text(pasted) == "Hội Khuyến học tỉnh\nký kết\ngiai đoạn\n2024"

    def test_decomposed_vietnamese_is_composed(self):
        decomposed = "Khuye\u0302\u0301n ho\u0323c"
        assert rules.clean_text(decomposed) == "Khuyến học" and len(rules.clean_text(decomposed)) == 10

    @pytest.mark.parametrize(
        ("word", "capitalized"), [("Hội", True), ("HỘI", False), ("hội", False), ("A", True), ("a", False), ("", False)]
    )
    def test_a_capitalized_word_has_one_capital_first(self, word, capitalized):
        assert rules.is_capitalized_word(word) is capitalized
