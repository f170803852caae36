"""The scale data generator (bench/generate.py), run small: the shape of what it writes, and refusals."""

import io
import unicodedata

import pytest
from django.db.models import Count

from agreements.models import CommitmentProgress, Party, Programme, Signatory
from bench.generate import PREFIX, Refused, Sizes, generate
from core.fulltext import search_words
from core.text import html_to_text
from news.models import Article, ArticleImage, ProgressEvidence
from news.sanitize import sanitize_html
from organizations.models import Organization
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SMALL = Sizes(articles=60, organizations=30, programmes=12)


def run(**kwargs):
    return generate(SMALL, out=io.StringIO(), **kwargs)


class GeneratorTests:
    def test_it_writes_the_requested_amounts_of_published_content(self):
        assert run() == {"articles": 60, "organizations": 30, "programmes": 12}
        assert Article.objects.published().count() == 60
        assert Organization.objects.filter(is_host=True).count() == 1

    def test_every_programme_has_two_to_eight_parties_and_its_signatories_are_parties(self):
        run()
        party_counts = Programme.objects.annotate(n=Count("parties")).values_list("n", flat=True)
        assert set(party_counts) <= set(range(2, 9))
        for signatory in Signatory.objects.all():
            assert Party.objects.filter(programme=signatory.programme, organization=signatory.organization).exists()

    def test_text_is_vietnamese_nfc_clean_html_with_search_columns_of_the_real_folding(self):
        run()
        for article in Article.objects.all()[:20]:
            assert unicodedata.is_normalized("NFC", article.title + article.lead + article.body)
            assert sanitize_html(article.body) == article.body
            assert len(html_to_text(article.body)) > 1500, "an article body of realistic length"
            assert article.search_title == search_words(article.title)
            assert set("ăâđêôơư") & set(article.body.lower()), "Vietnamese letters"
        assert Article.objects.exclude(cover_image="").exists()
        assert ArticleImage.objects.exists()
        assert Article.programmes.through.objects.exists()
        assert Article.organizations.through.objects.exists()

    def test_progress_entries_lie_in_their_programme_period_and_evidence_is_an_article_of_the_programme(self):
        run()
        entries = CommitmentProgress.objects.select_related("commitment__programme")
        assert entries.filter(is_published=True).exists()
        for entry in entries:
            assert entry.commitment.programme.covers_year(entry.year)
            if entry.party_id:
                assert Party.objects.filter(programme=entry.commitment.programme, organization=entry.party).exists()
        evidence = ProgressEvidence.objects.select_related("progress__commitment")
        assert evidence.exists()
        for item in evidence:
            assert item.article.programmes.filter(pk=item.progress.commitment.programme_id).exists()
        first = CommitmentProgress.objects.count()
        run()  # a second run deletes the first one's entries with its rows and makes the same again
        assert CommitmentProgress.objects.count() == first

    def test_many_rows_share_a_few_picture_files(self):
        run()
        covers = set(Article.objects.exclude(cover_image="").values_list("cover_image", flat=True))
        assert 1 < len(covers) <= 12

    def test_a_database_with_real_content_is_refused(self):
        ArticleFactory(title="Bài viết thật của ban biên tập")
        with pytest.raises(Refused, match="bài viết"):
            run()
        assert not Article.objects.filter(slug__startswith=PREFIX).exists()

    def test_with_force_it_writes_beside_real_content_and_later_deletes_only_its_own(self):
        real = ArticleFactory(title="Bài viết thật của ban biên tập")
        run(force=True)
        run(force=True)
        assert Article.objects.filter(slug__startswith=PREFIX).count() == 60
        assert Article.objects.filter(pk=real.pk).exists()

    def test_if_missing_does_nothing_when_the_data_is_there(self):
        run()
        first_ids = set(Article.objects.values_list("pk", flat=True))
        run(if_missing=True)
        assert set(Article.objects.values_list("pk", flat=True)) == first_ids
