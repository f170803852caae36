"""No XSS vector from the stored corpus survives, on any write path or on the article page, while
the formatting of a Word or Google Docs paste does."""

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import modelform_factory
from django.urls import reverse

from news.models import Article
from news.sanitize import sanitize_html
from tests.factories import ArticleFactory, CategoryFactory, uploaded_png
from tests.security.forms import form_data
from tests.security.html_checks import body_problems, dangerous_counts, page_problems

HERE = Path(__file__).resolve().parent
VECTORS = json.loads((HERE / "xss_vectors.json").read_text(encoding="utf-8"))["vectors"]
WORD_PASTES = sorted((HERE / "word_paste").glob("*.html"))


def surviving(bodies_by_id):
    """{vector id: problems} for every stored body that still holds something dangerous."""
    return {vector_id: problems for vector_id, body in bodies_by_id.items() if (problems := body_problems(body))}


class XSSCorpusTests:
    def test_the_corpus_covers_every_kind_of_attack(self):
        kinds = {vector["category"] for vector in VECTORS}
        assert kinds == {"script", "event", "url", "svg", "css", "embed", "meta", "broken", "unicode"}
        assert len(VECTORS) >= 150

    def test_the_checker_recognises_each_vector_before_sanitizing(self):
        # Guards the checker itself: it must see the danger in the raw vectors it is used to judge.
        unnoticed = {v["id"] for v in VECTORS if not body_problems(v["html"])}
        assert unnoticed == {v["id"] for v in VECTORS if v.get("inert_alone")}


class SanitizerTests:
    @pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
    def test_no_vector_survives_the_sanitizer(self, vector):
        assert body_problems(sanitize_html(vector["html"])) == []

    @pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
    def test_sanitizing_twice_changes_nothing(self, vector):
        once = sanitize_html(vector["html"])
        assert sanitize_html(once) == once

    def test_script_text_is_removed_not_just_its_tags(self):
        cleaned = sanitize_html("<p>Trước</p><script>alert('xss')</script><style>p{color:red}</style><p>Sau</p>")
        assert cleaned == "<p>Trước</p><p>Sau</p>"

    def test_links_are_kept_with_safe_schemes_only(self):
        cleaned = sanitize_html(
            '<a href="https://khuyenhoc.example.vn/">web</a> <a href="mailto:bbt@example.vn">thư</a> '
            '<a href="tel:+842253000000">gọi</a> <a href="/tin-tuc/">tin</a> <a href="javascript:alert(1)">xấu</a>'
        )
        assert 'href="https://khuyenhoc.example.vn/"' in cleaned
        assert 'href="mailto:bbt@example.vn"' in cleaned
        assert 'href="tel:+842253000000"' in cleaned
        assert 'href="/tin-tuc/"' in cleaned
        assert "javascript" not in cleaned
        assert 'rel="noopener noreferrer nofollow"' in cleaned


class WordPasteTests:
    @pytest.fixture(params=WORD_PASTES, ids=[p.name for p in WORD_PASTES])
    def pasted(self, request):
        return sanitize_html(request.param.read_text(encoding="utf-8"))

    def test_formatting_survives(self, pasted):
        for element in ("<p>", "<li>", "<table>", "<td>", "<strong>", '<a href="https://khuyenhoc.example.vn/'):
            assert element in pasted
        assert '<img src="https://' in pasted or "<img width=" in pasted
        assert "<ul>" in pasted

    def test_office_styles_classes_and_metadata_are_dropped(self, pasted):
        for leftover in ("mso-", "class=", "style=", "<o:p", "Mso", "<span", "lang=", "font-family", "@page", "<!--",
                         "docs-internal-guid", "Nguyen Thi Bien Tap", "Bao cao so ket", "file:///"):  # fmt: skip
            assert leftover not in pasted
        assert body_problems(pasted) == []

    def test_word_export_keeps_its_headline_bold_and_its_emphasis(self):
        pasted = sanitize_html((HERE / "word_paste" / "word_2016_export.html").read_text(encoding="utf-8"))
        assert "<b>HỘI NGHỊ SƠ KẾT CHƯƠNG TRÌNH PHỐI HỢP</b>" in pasted
        assert "<i>ba năm thực hiện</i>" in pasted
        assert '<ol start="1" type="1">' in pasted
        assert 'alt="Đại biểu dự hội nghị"' in pasted

    def test_a_google_docs_paste_is_not_bold_throughout(self):
        pasted = sanitize_html((HERE / "word_paste" / "docs_paste_fragment.html").read_text(encoding="utf-8"))
        assert not pasted.startswith("<b>")
        assert pasted.startswith("<p>Phong trào khuyến học ở cơ sở</p>")


def article_fields(n, body):
    return {
        "title": f"Bài kiểm tra an toàn số {n}",
        "slug": f"bai-kiem-tra-an-toan-{n}",
        "category": CategoryFactory(),
        "body": body,
    }


@pytest.mark.django_db
class StoredBodyTests:
    """Every write path that exists today stores a clean body."""

    def test_objects_create(self):
        stored = {}
        for n, vector in enumerate(VECTORS):
            article = Article.objects.create(**article_fields(n, vector["html"]))
            stored[vector["id"]] = Article.objects.get(pk=article.pk).body
        assert surviving(stored) == {}

    def test_save_of_an_existing_article(self):
        article = ArticleFactory()
        stored = {}
        for vector in VECTORS:
            article.body = vector["html"]
            article.save()
            stored[vector["id"]] = Article.objects.get(pk=article.pk).body
        assert surviving(stored) == {}

    def test_save_with_update_fields(self):
        article = ArticleFactory()
        stored = {}
        for vector in VECTORS:
            article.body = vector["html"]
            article.save(update_fields=["body"])
            stored[vector["id"]] = Article.objects.get(pk=article.pk).body
        assert surviving(stored) == {}

    def test_bulk_create(self):
        Article.objects.bulk_create([Article(**article_fields(n, vector["html"])) for n, vector in enumerate(VECTORS)])
        by_slug = dict(Article.objects.values_list("slug", "body"))
        stored = {vector["id"]: by_slug[f"bai-kiem-tra-an-toan-{n}"] for n, vector in enumerate(VECTORS)}
        assert surviving(stored) == {}

    def test_update_or_create_and_get_or_create(self):
        stored = {}
        for n, vector in enumerate(VECTORS):
            fields = article_fields(n, vector["html"])
            slug = fields.pop("slug")
            article, _created = Article.objects.update_or_create(slug=slug, defaults=fields)
            article, _created = Article.objects.update_or_create(slug=slug, defaults={"body": vector["html"] * 2})
            stored[vector["id"]] = Article.objects.get(pk=article.pk).body
        fields = article_fields("moi", VECTORS[0]["html"])
        created, _ = Article.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
        stored["get_or_create"] = Article.objects.get(pk=created.pk).body
        assert surviving(stored) == {}

    def test_model_form(self):
        ArticleForm = modelform_factory(Article, fields=["title", "slug", "category", "lead", "body"])
        category = CategoryFactory()
        stored = {}
        for n, vector in enumerate(VECTORS):
            form = ArticleForm(
                data={
                    "title": f"Bài {n}",
                    "slug": f"bai-form-{n}",
                    "category": category.pk,
                    "lead": "",
                    "body": vector["html"],
                }
            )
            if not form.is_valid():
                # Refused outright (NUL characters): nothing stored.
                assert set(form.errors) <= {"body"}, form.errors
                continue
            stored[vector["id"]] = Article.objects.get(pk=form.save().pk).body
        assert surviving(stored) == {}

    def test_admin_form_post(self, client, publisher):
        client.force_login(publisher)
        category = CategoryFactory()
        add_url = reverse("admin:news_article_add")
        fields = form_data(client.get(add_url).content, "article_form")
        stored = {}
        for n, vector in enumerate(VECTORS):
            data = fields | {
                "title": f"Bài quản trị {n}",
                "slug": f"bai-quan-tri-{n}",
                "category": str(category.pk),
                "body": vector["html"],
                "status": Article.Status.DRAFT,
            }
            response = client.post(add_url, data)
            if response.status_code == 200 and "\x00" in vector["html"]:
                # Refused outright (Django forms do not take NUL characters): nothing stored.
                assert not Article.objects.filter(slug=f"bai-quan-tri-{n}").exists()
                continue
            assert response.status_code == 302, response.context["adminform"].form.errors
            stored[vector["id"]] = Article.objects.get(slug=f"bai-quan-tri-{n}").body
        assert surviving(stored) == {}

    def test_queryset_update(self):
        article = ArticleFactory()
        stored = {}
        for vector in VECTORS:
            Article.objects.filter(pk=article.pk).update(body=vector["html"])
            stored[vector["id"]] = Article.objects.get(pk=article.pk).body
        assert surviving(stored) == {}

    def test_bulk_update(self):
        articles = [ArticleFactory(slug=f"bai-cap-nhat-{n}") for n in range(len(VECTORS))]
        for article, vector in zip(articles, VECTORS, strict=True):
            article.body = vector["html"]
        Article.objects.bulk_update(articles, ["body"], batch_size=50)
        by_pk = dict(Article.objects.values_list("pk", "body"))
        stored = {vector["id"]: by_pk[article.pk] for article, vector in zip(articles, VECTORS, strict=True)}
        assert surviving(stored) == {}


def store_unsanitized_body(article, raw):
    """What a body written before the sanitizer (or by hand in SQL) looks like: every model path cleans it."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Article._meta.db_table} SET body = %s WHERE id = %s", [raw, article.pk])


@pytest.mark.django_db
class ArticlePageTests:
    """The public article page shows no script, whatever the body held."""

    @pytest.fixture
    def baseline(self, client):
        harmless = ArticleFactory(body="<p>Nội dung <strong>bình thường</strong>.</p>")
        response = client.get(harmless.get_absolute_url())
        assert response.status_code == 200
        return dangerous_counts(response.content.decode())

    def test_no_vector_reaches_the_article_page(self, client, baseline):
        found = {}
        for vector in VECTORS:
            article = ArticleFactory(body=vector["html"])
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200, vector["id"]
            if problems := page_problems(response.content.decode(), baseline=baseline):
                found[vector["id"]] = problems
        assert found == {}

    def test_the_checker_would_notice_an_unsanitized_body(self, client, baseline):
        article = ArticleFactory()
        raw = "<p>x</p><img src=x onerror=alert(1)><script>alert(2)</script>"
        store_unsanitized_body(article, raw)
        html = client.get(article.get_absolute_url()).content.decode()
        problems = page_problems(html, baseline=baseline)
        assert any("onerror" in p for p in problems)
        assert any("inline script" in p for p in problems)

    def test_ordinary_formatting_reaches_the_page(self, client):
        pasted = (HERE / "word_paste" / "word_2016_export.html").read_text(encoding="utf-8")
        article = ArticleFactory(body=pasted)
        html = client.get(article.get_absolute_url()).content.decode()
        assert "<b>HỘI NGHỊ SƠ KẾT CHƯƠNG TRÌNH PHỐI HỢP</b>" in html
        assert "<td><p>1.250 suất</p></td>" in html
        assert "<li>Tuyên truyền trên mạng xã hội.</li>" in html

    @pytest.mark.parametrize("field", ["title", "lead", "byline", "source_name", "cover_caption"])
    def test_markup_in_plain_text_fields_is_shown_as_text(self, client, field):
        markup = "Tin <script>alert('tieu-de')</script> <b onmouseover=alert(1)>đậm</b>"
        article = ArticleFactory(**{field: markup}, cover_image=uploaded_png())
        html = client.get(article.get_absolute_url()).content.decode()
        assert "<script>alert('tieu-de')</script>" not in html
        assert "<b onmouseover" not in html
        assert "&lt;script&gt;alert(&#x27;tieu-de&#x27;)&lt;/script&gt;" in html

    def test_markup_in_an_image_caption_is_shown_as_text(self, client):
        from tests.factories import ArticleImageFactory

        image = ArticleImageFactory(caption='Ảnh "><script>alert("chu-thich")</script>')
        html = client.get(image.article.get_absolute_url()).content.decode()
        assert '<script>alert("chu-thich")</script>' not in html
        assert "&lt;script&gt;alert(&quot;chu-thich&quot;)&lt;/script&gt;" in html


@pytest.mark.django_db
class SourceLinkTests:
    def test_the_admin_refuses_a_javascript_source_address(self, client, publisher):
        client.force_login(publisher)
        add_url = reverse("admin:news_article_add")
        data = form_data(client.get(add_url).content, "article_form") | {
            "title": "Bài có nguồn",
            "slug": "bai-co-nguon",
            "category": str(CategoryFactory().pk),
            "source_name": "Nguồn",
            "source_url": "javascript:alert(1)",
        }
        response = client.post(add_url, data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["source_url"] == ["Nhập một URL hợp lệ."]
        assert not Article.objects.filter(slug="bai-co-nguon").exists()

    def test_the_admin_refuses_an_ftp_source_address_in_vietnamese(self, client, publisher):
        # The form's URLField takes ftp://; the model's validator does not: the page links it.
        client.force_login(publisher)
        add_url = reverse("admin:news_article_add")
        data = form_data(client.get(add_url).content, "article_form") | {
            "title": "Bài có nguồn ftp",
            "slug": "bai-co-nguon-ftp",
            "category": str(CategoryFactory().pk),
            "source_url": "ftp://files.example.vn/bai.doc",
        }
        response = client.post(add_url, data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["source_url"] == [
            "Nhập địa chỉ trang web đầy đủ, bắt đầu bằng http:// hoặc https://."
        ]
        assert not Article.objects.filter(slug="bai-co-nguon-ftp").exists()

    @pytest.mark.parametrize(
        "address",
        [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "ftp://files.example.vn/bai.doc",
            "//khuyenhoc.example.vn/",
            "https://",
        ],
    )
    def test_only_a_web_address_is_safe_to_link(self, address):
        article = ArticleFactory.build(source_url=address)
        assert article.safe_source_url == ""
        with pytest.raises(ValidationError) as refused:
            article.full_clean(exclude=["category", "slug"])
        assert "bắt đầu bằng http:// hoặc https://" in str(refused.value.message_dict["source_url"])

    @pytest.mark.parametrize(
        "address", ["https://khuyenhoc.haiphong.gov.vn/tin-tuc/1", "http://mattran.example.vn/a?b=1"]
    )
    def test_a_web_address_is_linked_as_entered(self, address):
        assert ArticleFactory.build(source_url=address).safe_source_url == address

    def test_the_source_line_does_not_link_a_javascript_address_stored_by_other_means(self, client):
        article = ArticleFactory(source_name="", source_url="javascript:alert(document.cookie)")
        html = client.get(article.get_absolute_url()).content.decode()
        source_line = re.search(r'<p class="article-source">.*?</p>', html).group(0)
        assert source_line == '<p class="article-source">Nguồn: javascript:alert(document.cookie)</p>'

    def test_the_source_line_links_a_web_address(self, client):
        article = ArticleFactory(source_name="haiphong.gov.vn", source_url="https://haiphong.gov.vn/tin/1")
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<a href="https://haiphong.gov.vn/tin/1" rel="nofollow noopener">haiphong.gov.vn</a>' in html

    def test_a_javascript_source_address_stored_by_other_means_is_not_a_link(self, client):
        article = ArticleFactory(source_name="Nguồn", source_url="javascript:alert(document.cookie)")
        html = client.get(article.get_absolute_url()).content.decode()
        assert 'href="javascript:' not in html
