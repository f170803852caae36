"""SanitizedHTMLField: every write path stores clean HTML, once per row, and lookups are left alone."""

import pytest
from django.db import connection

import news.fields
from news.models import Article
from tests.factories import ArticleFactory, CategoryFactory

RAW = '<p onclick="steal()">Hội nghị <strong>sơ kết</strong></p><script>bimat()</script>'
CLEAN = "<p>Hội nghị <strong>sơ kết</strong></p>"


@pytest.fixture
def sanitizer_calls(monkeypatch):
    calls = []
    real = news.fields.sanitize_html

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(news.fields, "sanitize_html", counting)
    return calls


@pytest.mark.django_db
class SanitizedHTMLFieldTests:
    def test_after_save_the_article_holds_what_was_stored(self):
        article = ArticleFactory(body=RAW)
        assert article.body == CLEAN
        assert type(article.body) is str
        article.refresh_from_db()
        assert article.body == CLEAN

    def test_the_search_text_is_made_from_the_clean_body(self):
        article = ArticleFactory(body=RAW)
        assert "so ket" in article.search_text
        assert "bimat" not in article.search_text

    @pytest.mark.parametrize("path", ["update", "bulk_update"])
    def test_writes_that_skip_save_store_clean_html(self, path):
        article = ArticleFactory()
        if path == "update":
            Article.objects.filter(pk=article.pk).update(body=RAW)
        else:
            article.body = RAW
            Article.objects.bulk_update([article], ["body"])
        assert Article.objects.get(pk=article.pk).body == CLEAN

    def test_bulk_create_cleans_each_body_once(self, sanitizer_calls):
        category = CategoryFactory()
        Article.objects.bulk_create(
            [Article(title=f"Bài {n}", slug=f"bai-{n}", category=category, body=RAW) for n in range(5)]
        )
        assert len(sanitizer_calls) == 5
        assert set(Article.objects.values_list("body", flat=True)) == {CLEAN}

    def test_lookups_compare_with_the_text_as_given(self):
        # A lookup value is not HTML to store: cleaning "<script" to "" would match every article.
        raw_article, clean_article = ArticleFactory(), ArticleFactory()
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Article._meta.db_table} SET body = %s WHERE id = %s", [RAW, raw_article.pk])
        assert list(Article.objects.filter(body__contains="<script>")) == [raw_article]
        assert list(Article.objects.filter(body__contains="<strong>")) == [raw_article]
        assert Article.objects.filter(body=clean_article.body).get() == clean_article
