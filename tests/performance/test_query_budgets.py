"""The benchmark's pages, on generated data at two sizes: the number of SQL queries does not grow.

The same pages and the same generator as bench/run, which reports these counts at full size
(100,000 articles); here 60 and 400 articles are enough to show that nothing is read per row."""

import io

import pytest

from bench.generate import Sizes, generate
from bench.pages import PAGE_NAMES, benchmark_pages, measure

pytestmark = pytest.mark.django_db

SMALL = Sizes(articles=60, organizations=30, programmes=12)
LARGE = Sizes(articles=400, organizations=120, programmes=40)


def counts_at(sizes):
    generate(sizes, out=io.StringIO())
    measured = measure(benchmark_pages())
    for name, page in measured.items():
        assert page["status"] == 200, (name, page["url"], page["status"])
    return {name: page["queries"] for name, page in measured.items()}


class BenchmarkPageQueryTests:
    def test_every_benchmark_page_makes_as_many_queries_at_400_articles_as_at_60(self, settings):
        settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
        small = counts_at(SMALL)
        large = counts_at(LARGE)
        assert list(small) == PAGE_NAMES
        assert small == large

    def test_a_page_in_the_page_cache_makes_no_query(self, settings):
        settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
        generate(SMALL, out=io.StringIO())
        measured = measure(benchmark_pages())
        assert {name: page["cached_queries"] for name, page in measured.items()} == dict.fromkeys(PAGE_NAMES, 0)
        assert {page["cached_status"] for page in measured.values()} == {"hit"}
