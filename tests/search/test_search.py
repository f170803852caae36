"""Site search: diacritics and case optional, title matches first, highlighted, paginated, never an error."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.fulltext import MAX_QUERY_LENGTH, MAX_TERMS, Query, highlight, search_words, snippet
from news.models import Article
from tests.factories import (
    FIXED_NOW,
    VN,
    ArticleFactory,
    CategoryFactory,
    CommitmentFactory,
    OrganizationFactory,
    ProgrammeFactory,
)
from tests.news.factories import bulk_articles

SEARCH = reverse("search")
pytestmark = pytest.mark.usefixtures("frozen_now")


def titles(response, key="hits"):
    return [hit.object.title if hasattr(hit.object, "title") else hit.object.name for hit in response.context[key]]


def search(client, q, **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return response


class FoldingTests:
    @pytest.mark.parametrize(
        ("text", "folded"),
        [
            ("Khuyến học", " khuyen hoc "),
            ("Đoàn Thanh niên", " doan thanh nien "),
            ("ĐOÀN", " doan "),
            ("Hội KH, giai đoạn 2019–2022!", " hoi kh giai doan 2019 2022 "),
            ("Khuye\u0302\u0301n ho\u0323c", " khuyen hoc "),  # decomposed, as pasted from some editors
            ("", " "),
            (None, " "),
        ],
    )
    def test_text_is_folded_to_plain_lowercase_words(self, text, folded):
        assert search_words(text) == folded

    def test_a_query_keeps_its_words_once_each(self):
        assert Query.parse("  Khuyến học   KHUYEN hoc Hải Phòng ").terms == ("khuyen", "hoc", "hai", "phong")

    def test_a_long_query_is_capped(self):
        query = Query.parse("khuyến học " * 100)
        assert MAX_QUERY_LENGTH - 10 < len(query.text) <= MAX_QUERY_LENGTH
        assert query.text.endswith("học")
        assert query.truncated
        assert query.terms == ("khuyen", "hoc")

    def test_too_many_words_are_cut(self):
        query = Query.parse(" ".join(f"tu{n}" for n in range(20)))
        assert len(query.terms) == MAX_TERMS
        assert query.too_many_terms

    def test_punctuation_alone_is_no_query(self):
        assert not Query.parse("%%% ''; -- \x00")

    def test_highlighting_marks_whole_words_whatever_their_accents_and_escapes_the_rest(self):
        marked = highlight("<b>Đoàn</b> và đoạn đường, doanh nghiệp", ("doan",))
        assert marked == "&lt;b&gt;<mark>Đoàn</mark>&lt;/b&gt; và <mark>đoạn</mark> đường, doanh nghiệp"

    def test_a_snippet_is_cut_around_the_first_match(self):
        text = "Mở đầu. " * 60 + "Thành đoàn Hải Phòng ký kết. " + "Kết thúc. " * 60
        result = snippet(text, ("thanh", "doan"), length=120)
        assert result.startswith("… ")
        assert result.endswith(" …")
        assert "<mark>Thành</mark> <mark>đoàn</mark>" in result
        assert len(result) < 220


@pytest.mark.django_db
class StoredSearchColumnTests:
    def test_the_folded_columns_follow_every_save(self):
        article = ArticleFactory(title="Đoàn Thanh niên", lead="Khuyến học", body="<p>Quỹ&nbsp;học bổng</p>")
        assert article.search_title == " doan thanh nien "
        assert article.search_text == " doan thanh nien khuyen hoc quy hoc bong hoang tung "
        article.title = "Hội Nông dân"
        article.save(update_fields=["title"])
        article.refresh_from_db()
        assert article.search_title == " hoi nong dan "

    def test_bulk_created_articles_are_searchable(self):
        (article,) = bulk_articles(1, category=CategoryFactory(), lead="Hội Liên hiệp Phụ nữ")
        article.refresh_from_db()
        assert " lien hiep phu nu " in article.search_text


@pytest.mark.django_db
class SearchExampleTests:
    def test_without_diacritics_finds_the_words_with_them(self, client):
        ArticleFactory(title="Đẩy mạnh phong trào khuyến học ở Hải Phòng")
        ArticleFactory(title="Hội Nông dân tập huấn kỹ thuật", lead="", body="")
        assert titles(search(client, "khuyen hoc")) == ["Đẩy mạnh phong trào khuyến học ở Hải Phòng"]
        assert titles(search(client, "khuyen hoc hai phong")) == ["Đẩy mạnh phong trào khuyến học ở Hải Phòng"]

    @pytest.mark.parametrize("q", ["doan", "DOAN", "Đoàn", "đoàn", "ĐOÀN", "Doàn"])
    def test_d_with_stroke_and_case_are_optional(self, client, q):
        ArticleFactory(title="Đoàn Thanh niên ra quân tình nguyện", lead="", body="")
        OrganizationFactory(name="Đoàn Thanh niên Cộng sản Hồ Chí Minh")
        response = search(client, q)
        assert titles(response) == ["Đoàn Thanh niên ra quân tình nguyện"]
        assert titles(response, "organization_hits") == ["Đoàn Thanh niên Cộng sản Hồ Chí Minh"]

    def test_every_word_must_be_present_as_a_whole_word(self, client):
        ArticleFactory(title="Khuyến học Hải Phòng", lead="", body="")
        assert titles(search(client, "khuyen hoc thanh hoa")) == []
        assert titles(search(client, "khuye")) == []

    def test_title_matches_rank_above_body_matches_then_newest_first(self, client):
        ArticleFactory(
            title="Tổng kết năm học",
            lead="Thành đoàn trao học bổng.",
            published_at=datetime.datetime(2024, 5, 30, tzinfo=VN),
        )
        ArticleFactory(title="Thành đoàn ký kết", lead="", published_at=datetime.datetime(2024, 1, 1, tzinfo=VN))
        ArticleFactory(title="Thành đoàn Hải Phòng", lead="", published_at=datetime.datetime(2023, 1, 1, tzinfo=VN))
        ArticleFactory(
            title="Đoàn viên thành phố", lead="", body="", published_at=datetime.datetime(2024, 2, 1, tzinfo=VN)
        )
        assert titles(search(client, "thanh doan")) == [
            "Thành đoàn ký kết",  # the whole phrase in the title, newest first
            "Thành đoàn Hải Phòng",
            "Đoàn viên thành phố",  # both words in the title, not as the phrase
            "Tổng kết năm học",  # only in the body
        ]

    def test_results_carry_a_highlighted_title_and_snippet(self, client):
        ArticleFactory(title="Khuyến học ở xã đảo", lead="Hội khuyến học xã trao quà.", body="<p>Cuối năm.</p>")
        hit = search(client, "khuyen hoc").context["hits"][0]
        assert hit.title == "<mark>Khuyến</mark> <mark>học</mark> ở xã đảo"
        assert hit.snippet.startswith("Hội <mark>khuyến</mark> <mark>học</mark> xã trao quà.")
        assert "<mark>Khuyến</mark> <mark>học</mark> ở xã đảo" in search(client, "khuyen hoc").content.decode()

    def test_programmes_and_organizations_are_found_by_any_of_their_names(self, client):
        ProgrammeFactory(title="Chương trình phối hợp khuyến học giai đoạn 2019-2022", reference_number="05/CTPH")
        ProgrammeFactory(title="Chương trình khuyến học chưa công bố", is_published=False)
        OrganizationFactory(
            name="Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng",
            short_name="Thành đoàn Hải Phòng",
            aliases="Thành đoàn HP",
        )
        response = search(client, "khuyen hoc 2019")
        assert titles(response, "programme_hits") == ["Chương trình phối hợp khuyến học giai đoạn 2019-2022"]
        assert titles(search(client, "thanh doan hp"), "organization_hits") == [
            "Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng"
        ]
        programmes_only = search(client, "khuyen hoc", loai="chuong-trinh")
        assert titles(programmes_only) == ["Chương trình phối hợp khuyến học giai đoạn 2019-2022"]


@pytest.mark.django_db
class ProgrammeAndOrganizationRankingTests:
    def test_programmes_rank_the_phrase_in_the_title_then_its_words_then_the_rest(self, client):
        ProgrammeFactory(
            title="Chương trình Khuyến tài", summary="Cùng Thành đoàn Hải Phòng.", start_year=2024, end_year=None
        )
        ProgrammeFactory(title="Hải Phòng: Thành đoàn và Hội", start_year=2020, end_year=None)
        ProgrammeFactory(title="Thành đoàn Hải Phòng phối hợp", start_year=2019, end_year=None)
        ProgrammeFactory(
            title="Đoàn thanh niên", reference_number="05/HP", summary="Hải Phòng", start_year=2023, end_year=None
        )
        response = search(client, "thanh doan hai phong", loai="chuong-trinh")
        assert titles(response) == [
            "Thành đoàn Hải Phòng phối hợp",  # the phrase in the title
            "Hải Phòng: Thành đoàn và Hội",  # all four words in the title
            "Đoàn thanh niên",  # two of them ("doan", "thanh")
            "Chương trình Khuyến tài",  # none in the title
        ]

    def test_organizations_rank_a_name_holding_the_phrase_first(self, client):
        OrganizationFactory(name="Hội Khuyến học quận Lê Chân", description="Khuyến học Hải Phòng")
        OrganizationFactory(name="Hội Khuyến học Hải Phòng")
        OrganizationFactory(name="Hải Phòng: Hội học tập khuyến khích", description="khuyen")
        assert titles(search(client, "khuyen hoc hai phong", loai="to-chuc")) == [
            "Hội Khuyến học Hải Phòng",
            "Hải Phòng: Hội học tập khuyến khích",
            "Hội Khuyến học quận Lê Chân",
        ]


@pytest.mark.django_db
class ParagraphTests:
    def test_a_snippet_keeps_a_space_between_paragraphs(self, client):
        ArticleFactory(
            title="Hội nghị sơ kết",
            lead="",
            body="<p>Khai mạc hội nghị.</p><p>Theo chương trình, các bên báo cáo.</p>",
        )
        hit = search(client, "chuong trinh").context["hits"][0]
        assert "hội nghị. Theo <mark>chương</mark> <mark>trình</mark>" in hit.snippet

    def test_words_either_side_of_a_paragraph_break_are_two_words(self, client):
        ArticleFactory(title="Tổng kết", lead="", body="<h2>Kết quả</h2><p>Năm học mới</p><p>Học bổng<br>Trao quà</p>")
        assert titles(search(client, "ket qua nam hoc")) == ["Tổng kết"]
        assert titles(search(client, "bong trao")) == ["Tổng kết"]
        assert titles(search(client, "quanam")) == []


@pytest.mark.django_db
class CommitmentSearchTests:
    def test_a_programme_is_found_by_its_commitments(self, client):
        programme = ProgrammeFactory(title="Chương trình phối hợp với Hội Nông dân", summary="", objectives="")
        CommitmentFactory(programme=programme, title="Phối hợp xây dựng mô hình học tập")
        ProgrammeFactory(title="Chương trình phối hợp khác", summary="", objectives="")
        assert titles(search(client, "mo hinh hoc tap"), "programme_hits") == [programme.title]
        response = search(client, "mo hinh hoc tap", loai="chuong-trinh")
        assert titles(response) == [programme.title]
        assert (
            "<mark>mô</mark> <mark>hình</mark> <mark>học</mark> <mark>tập</mark>" in response.context["hits"][0].snippet
        )

    def test_the_words_may_be_shared_between_the_programme_and_its_commitments(self, client):
        programme = ProgrammeFactory(title="Chương trình phối hợp với Hội Nông dân", summary="", objectives="")
        CommitmentFactory(programme=programme, title="Xây dựng mô hình", description="Gia đình học tập")
        CommitmentFactory(programme=programme, title="Trao học bổng")
        assert titles(search(client, "nong dan mo hinh gia dinh hoc bong", loai="chuong-trinh")) == [programme.title]
        assert titles(search(client, "nong dan mo hinh ha noi", loai="chuong-trinh")) == []

    def test_unpublished_programmes_stay_hidden_whatever_their_commitments(self, client):
        hidden = ProgrammeFactory(title="Chương trình chưa công bố", is_published=False)
        CommitmentFactory(programme=hidden, title="Xây dựng mô hình học tập")
        assert titles(search(client, "mo hinh hoc tap", loai="chuong-trinh")) == []


@pytest.mark.django_db
class TypedDiacriticsRankingTests:
    """ "Đoàn" and "đoạn" both fold to "doan"; whoever types the accents means the first."""

    def test_a_query_with_diacritics_ranks_the_words_as_typed_first(self, client):
        ProgrammeFactory(title="Chương trình phối hợp giai đoạn 2023-2027", start_year=2023, end_year=2027)
        ProgrammeFactory(title="Chương trình phối hợp với Thành đoàn", start_year=2019, end_year=2022)
        newest_first = ["Chương trình phối hợp giai đoạn 2023-2027", "Chương trình phối hợp với Thành đoàn"]
        assert titles(search(client, "doan", loai="chuong-trinh")) == newest_first
        for q in ("Đoàn", "đoàn", "ĐOÀN", "Doàn đoàn"):
            assert titles(search(client, q, loai="chuong-trinh")) == newest_first[::-1], q
        assert titles(search(client, "Đoạn", loai="chuong-trinh")) == newest_first

    def test_articles_and_organizations_too(self, client):
        ArticleFactory(title="Bước sang giai đoạn mới", lead="", body="")
        ArticleFactory(
            title="Đoàn viên ra quân tình nguyện",
            lead="",
            body="",
            published_at=datetime.datetime(2020, 1, 1, tzinfo=VN),
        )
        assert titles(search(client, "doan")) == ["Bước sang giai đoạn mới", "Đoàn viên ra quân tình nguyện"]
        assert titles(search(client, "Đoàn")) == ["Đoàn viên ra quân tình nguyện", "Bước sang giai đoạn mới"]
        OrganizationFactory(name="Ban Đổi mới sáng tạo")
        OrganizationFactory(name="Đội Thiếu niên Tiền phong")
        by_name = ["Ban Đổi mới sáng tạo", "Đội Thiếu niên Tiền phong"]
        assert titles(search(client, "doi", loai="to-chuc")) == by_name
        assert titles(search(client, "Đội", loai="to-chuc")) == by_name[::-1]
        assert titles(search(client, "đổi", loai="to-chuc")) == by_name


@pytest.mark.django_db
class SearchPublicationWindowTests:
    def test_unpublished_articles_are_neither_found_nor_counted(self, client, frozen_now):
        ArticleFactory(title="Khuyến học đã đăng")
        ArticleFactory(title="Khuyến học bản nháp", status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(title="Khuyến học hẹn giờ", published_at=FIXED_NOW + datetime.timedelta(minutes=30))
        response = search(client, "khuyen hoc")
        assert titles(response) == ["Khuyến học đã đăng"]
        assert response.context["tabs"][0] == ("bai-viet", "Bài viết", 1)
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(minutes=30))
        assert titles(search(client, "khuyen hoc")) == ["Khuyến học hẹn giờ", "Khuyến học đã đăng"]

    def test_staff_search_what_readers_see(self, client, editor):
        ArticleFactory(title="Khuyến học bản nháp", status=Article.Status.DRAFT, published_at=None)
        client.force_login(editor)
        assert titles(search(client, "khuyen hoc")) == []


@pytest.mark.django_db
class SearchBadInputTests:
    def test_an_empty_query_gets_a_helpful_page(self, client):
        body = search(client, "").content.decode()
        assert "Nhập từ khóa để tìm" in body
        assert client.get(SEARCH).status_code == 200

    def test_a_very_long_query_is_cut_with_a_message(self, client):
        ArticleFactory(title="Khuyến học")
        response = search(client, "khuyen hoc " + "x" * 10_000)
        assert "Từ khóa quá dài" in response.content.decode()
        assert len(response.context["query"].text) <= MAX_QUERY_LENGTH

    @pytest.mark.parametrize("q", ["%%%", "'; DROP TABLE news_article; --", "\x00", "<script>", "***", "%_\\"])
    def test_odd_queries_never_fail(self, client, q):
        ArticleFactory()
        response = search(client, q)
        assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]

    def test_a_query_without_letters_or_digits_is_explained(self, client):
        assert "Từ khóa cần có ít nhất một chữ hoặc chữ số." in search(client, "%%% ---").content.decode()

    def test_too_many_words_are_explained(self, client):
        body = search(client, " ".join(f"tu{n}" for n in range(12))).content.decode()
        assert f"Chỉ tìm theo {MAX_TERMS} từ đầu tiên" in body

    def test_an_unknown_result_kind_falls_back_to_all(self, client):
        response = search(client, "khuyen hoc", loai="khong-ro")
        assert response.context["kind"] == ""
        assert "Loại kết quả không hợp lệ" in response.content.decode()

    def test_no_results_get_advice(self, client):
        assert "Không tìm thấy kết quả" in search(client, "khongcotuhaynay").content.decode()

    def test_pages_of_ten_and_lenient_page_numbers(self, client):
        bulk_articles(25, category=CategoryFactory())
        assert len(search(client, "tin hoat dong", page="3").context["hits"]) == 5
        response = search(client, "tin hoat dong", page="99999")
        assert response.context["page_obj"].number == 3
        assert "Không có trang 99999; đang hiện trang cuối (trang 3)." in response.content.decode()
        assert "không hợp lệ" in search(client, "tin hoat dong", page="abc").content.decode()

    def test_page_links_keep_the_query(self, client):
        bulk_articles(15, category=CategoryFactory())
        body = search(client, "tin hoat dong").content.decode()
        assert 'href="?q=tin+hoat+dong&amp;page=2"' in body

    def test_a_head_request_is_answered(self, client):
        assert client.head(SEARCH, {"q": "khuyen hoc"}).status_code == 200


@pytest.mark.django_db
class SearchQueryCountTests:
    @pytest.mark.parametrize("kind", ["", "bai-viet", "chuong-trinh", "to-chuc"])
    def test_counts_are_equal_at_10_and_200_matching_articles(self, client, kind):
        category = CategoryFactory()
        for n in range(3):
            ProgrammeFactory(title=f"Chương trình tin hoạt động {n}")
            OrganizationFactory(name=f"Câu lạc bộ tin hoạt động {n}")
        counts = []
        for size in (10, 190):
            bulk_articles(size, category=category)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(SEARCH, {"q": "tin hoat dong", "loai": kind})
            assert response.status_code == 200
            assert response.context["hits"]
            counts.append(len(captured))
        assert counts[0] == counts[1]
        assert counts[1] <= 8  # one of them: the shown programmes' commitments, for their snippets


@pytest.mark.django_db
class SearchScaleTests:
    """A common word matches most articles: counting stops at a limit and only a bounded set of
    candidates is ranked, without changing what the first pages show."""

    @pytest.fixture
    def small_limit(self, monkeypatch):
        monkeypatch.setattr("search.views.MAX_RESULTS", 20)
        return 20

    def test_a_count_past_the_limit_says_more_than_and_pages_stop_there(self, client, small_limit):
        bulk_articles(35, category=CategoryFactory())
        response = search(client, "tin hoat dong")
        body = response.content.decode()
        assert response.context["tabs"][0] == ("bai-viet", "Bài viết", 20)
        assert "bai-viet" in response.context["capped_kinds"]
        assert '<span class="badge text-bg-light">hơn 20</span>' in body
        assert response.context["page_obj"].paginator.num_pages == 2
        last = search(client, "tin hoat dong", page="last")
        assert len(last.context["hits"]) == 10
        too_far = search(client, "tin hoat dong", page="3").content.decode()
        assert "Không có trang 3; đang hiện trang cuối (trang 2)." in too_far

    def test_a_count_within_the_limit_is_exact(self, client, small_limit):
        bulk_articles(20, category=CategoryFactory())
        response = search(client, "tin hoat dong")
        assert response.context["tabs"][0] == ("bai-viet", "Bài viết", 20)
        assert not response.context["capped_kinds"]
        assert "hơn" not in response.content.decode()

    def test_an_old_title_match_still_ranks_above_newer_body_matches(self, client, small_limit):
        category = CategoryFactory()
        bulk_articles(30, category=category, lead="Thành đoàn Hải Phòng trao học bổng.")
        ArticleFactory(
            title="Thành đoàn Hải Phòng ký kết chương trình",
            lead="",
            body="",
            published_at=datetime.datetime(2015, 1, 1, tzinfo=VN),
        )
        response = search(client, "thanh doan hai phong")
        assert titles(response)[0] == "Thành đoàn Hải Phòng ký kết chương trình"
        assert len(response.context["hits"]) == 10

    def test_large_counts_are_written_the_vietnamese_way(self):
        from search.views import count_label

        assert count_label(37) == "37"
        assert count_label(1086) == "1.086"
        assert count_label(1000, more=True) == "hơn 1.000"


@pytest.mark.postgres
@pytest.mark.django_db
class SearchIndexTests:
    """On PostgreSQL every search query can be answered from its GIN index: the expressions in
    core/fulltext.py are the indexed ones (news 0007/0009, agreements 0005, organizations 0004)."""

    @pytest.fixture(autouse=True)
    def postgres_only(self):
        if connection.vendor != "postgresql":
            pytest.skip("the GIN indexes exist on PostgreSQL only; SQLite searches with LIKE")

    def plan(self, queryset):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            # Tiny test tables would be read whole; the question is whether the index *can* be used.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    def test_article_texts_and_titles_are_matched_through_their_indexes(self):
        from django.contrib.postgres.search import SearchQuery

        from core.fulltext import article_title_document

        ArticleFactory(title="Khuyến học Hải Phòng")
        words = SearchQuery("khuyen hoc", config="simple")
        assert "news_article_search_vector" in self.plan(Article.objects.filter(search_vector=words))
        titles = Article.objects.alias(title_document=article_title_document()).filter(title_document=words)
        assert "article_search_title" in self.plan(titles)

    @pytest.mark.parametrize(
        ("kind", "index"),
        [("programmes", "programme_search"), ("organizations", "organization_search")],
    )
    def test_programmes_and_organizations_are_found_and_ranked_through_their_indexes(self, kind, index):
        from agreements.models import Programme
        from core.fulltext import search_organizations, search_programmes
        from organizations.models import Organization

        ProgrammeFactory(title="Chương trình khuyến học Hải Phòng")
        OrganizationFactory(name="Hội Khuyến học Hải Phòng")
        if kind == "programmes":
            # All programmes, not published(): the (is_published, ...) index could then serve the scan instead.
            results = search_programmes(Programme.objects.all(), Query.parse("khuyen hoc"))
        else:
            results = search_organizations(Organization.objects.all(), Query.parse("khuyen hoc"))
        assert f"{index}_text" in self.plan(results.matches)
        ranked = self.plan(results.ranked[:5])
        assert f"{index}_text" in ranked
        assert f"{index}_title" in ranked

    def test_commitments_are_matched_through_their_index(self):
        from agreements.models import Programme
        from core.fulltext import search_programmes

        CommitmentFactory(title="Xây dựng mô hình học tập")
        results = search_programmes(Programme.objects.all(), Query.parse("mo hinh hoc tap"))
        plan = self.plan(results.matches)
        assert "commitment_search_text" in plan
        assert "programme_search_text" in plan
