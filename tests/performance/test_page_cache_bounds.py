"""What the page cache may hold: only pages of known query parameters, a bounded number of query
strings per address, no entry of an old generation, and one invalidation per transaction."""

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from news.models import Article, ArticleImage
from pagecache import middleware as pagecache
from pagecache.invalidation import content_changed
from tests.factories import ArticleFactory, CategoryFactory, OrganizationFactory, ProgrammeFactory, uploaded_png
from tests.news.test_admin import ADD_URL, PUBLISH_FIELDS, article_post

NEWS = reverse("news:article-list")
SEARCH = reverse("search")
PROGRAMMES = reverse("agreements:programme-list")


def status(response):
    assert response.status_code == 200, response.status_code
    return response.headers.get(pagecache.STATUS_HEADER)


@pytest.fixture
def stored(page_cache, monkeypatch):
    """The keys of the pages the page cache stores during the test."""
    keys = set()
    real_set = page_cache.set

    def recording_set(key, value, *args, **kwargs):
        if key.startswith(pagecache.ENTRY_KEY_PREFIX):
            keys.add(key)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(page_cache, "set", recording_set)
    return keys


def generation():
    return pagecache.shared_cache().get(pagecache.GENERATION_KEY)


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_now", "page_cache")
class KeyTests:
    @pytest.fixture(autouse=True)
    def content(self):
        ArticleFactory.create_batch(3, title="Trao học bổng khuyến học")

    @pytest.mark.parametrize(
        "query",
        [
            "utm_source=zalo",
            "page=2&fbclid=abc",
            "page=01",  # not a page number as the site writes it
            "page=abc",
            "page=1&page=2",  # twice: which one the view reads is not the key's business
        ],
    )
    def test_a_request_with_an_unknown_parameter_or_value_is_rendered_and_stores_nothing(self, client, stored, query):
        assert status(client.get(f"{NEWS}?{query}")) is None
        assert status(client.get(f"{NEWS}?{query}")) is None
        assert stored == set()
        assert pagecache.entry_key(RequestFactory().get(f"{NEWS}?{query}")) is None

    def test_a_value_longer_than_the_limit_is_not_stored(self, client, stored):
        words = "khuyen hoc " * 20
        assert status(client.get(SEARCH, {"q": words})) is None
        assert stored == set()

    def test_the_known_parameters_form_one_key_in_any_order(self, client, stored):
        assert status(client.get(f"{SEARCH}?q=hoc+bong&loai=bai-viet")) == "miss"
        assert status(client.get(f"{SEARCH}?loai=bai-viet&q=hoc+bong")) == "hit"
        assert len(stored) == 1

    def test_each_view_declares_what_it_reads(self, client):
        assert status(client.get(f"{PROGRAMMES}?status=dang-thuc-hien&year=2024&page=1")) == "miss"
        assert status(client.get(f"{PROGRAMMES}?year=2024&page=1&status=dang-thuc-hien")) == "hit"
        # The news list reads no search words: ?q= there is an unknown parameter.
        assert status(client.get(f"{NEWS}?q=hoc")) is None

    def test_a_404_address_has_no_key(self):
        assert pagecache.entry_key(RequestFactory().get("/khong-co-trang-nay/")) is None

    def test_query_strings_of_one_address_are_capped_and_the_address_itself_is_always_stored(
        self, client, stored, settings
    ):
        settings.PAGECACHE_MAX_VARIANTS = 3
        answers = [status(client.get(SEARCH, {"q": f"tu khoa {n}"})) for n in range(6)]
        assert answers == ["miss"] * 3 + [None] * 3
        assert [status(client.get(SEARCH, {"q": f"tu khoa {n}"})) for n in range(6)] == ["hit"] * 3 + [None] * 3
        assert status(client.get(SEARCH)) == "miss"
        assert status(client.get(SEARCH)) == "hit"
        assert len(stored) == 4

    def test_a_stale_entry_is_deleted_when_found_even_if_nothing_replaces_it(self, client, page_cache):
        article = Article.objects.first()
        url = article.get_absolute_url()
        client.get(url)
        key = pagecache.entry_key(RequestFactory().get(url))
        assert page_cache.get(key) is not None
        article.status = Article.Status.DRAFT
        article.save()
        assert client.get(url).status_code == 404
        assert page_cache.get(key) is None


class OneBumpPerTransactionTests:
    def test_outside_a_transaction_a_change_bumps_at_once(self, page_cache):
        pagecache.bump_generation()
        before = generation()
        content_changed()
        assert generation() == before + 1

    @pytest.mark.django_db
    def test_changes_in_a_transaction_bump_once_at_commit_and_a_rolled_back_one_not_at_all(
        self, page_cache, django_capture_on_commit_callbacks
    ):
        pagecache.bump_generation()
        before = generation()
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        content_changed()
                        content_changed()
                        raise RuntimeError("annulé")
                except RuntimeError:
                    pass
                for _ in range(5):
                    content_changed()
                assert generation() == before  # nothing is raised before the commit
        assert generation() == before + 1

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        content_changed()
                        raise RuntimeError("annulé")
                except RuntimeError:
                    pass
        assert callbacks == [] and generation() == before + 1  # only a rolled-back change: no bump

    @pytest.mark.django_db
    def test_a_page_rendered_by_the_changing_thread_before_the_commit_is_fresh(self, client, page_cache, frozen_now):
        article = ArticleFactory(title="Khai giảng lớp học tình thương")
        client.get(NEWS)
        assert status(client.get(NEWS)) == "hit"
        article.title = "Bế giảng lớp học tình thương"
        article.save()  # inside the test's transaction: not committed
        body = client.get(NEWS).content.decode()
        assert "Bế giảng lớp học tình thương" in body and "Khai giảng" not in body


# Committed for real (the admin's own transaction commits): serialized_rollback leaves the
# database as the migrations made it, as in test_shared_cache.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saving_an_article_with_pictures_and_links_in_the_admin_bumps_once(client, superuser, page_cache):
    programme = ProgrammeFactory()
    organizations = OrganizationFactory.create_batch(2)
    category = CategoryFactory()
    pagecache.bump_generation()
    before = generation()
    client.force_login(superuser)
    data = article_post(
        category=category.pk,
        programmes=[programme.pk],
        organizations=[organization.pk for organization in organizations],
        **PUBLISH_FIELDS,
        **{
            "images-TOTAL_FORMS": "2",
            **{
                f"images-{n}-{name}": value
                for n in range(2)
                for name, value in {
                    "image": uploaded_png(f"anh-{n}.png"),
                    "caption": f"Ảnh {n}",
                    "alt": f"Đại biểu {n}",
                    "order": str(n),
                }.items()
            },
        },
    )
    assert client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert ArticleImage.objects.filter(article=article).count() == 2
    assert article.programmes.count() == 1 and article.organizations.count() == 2
    assert generation() == before + 1
