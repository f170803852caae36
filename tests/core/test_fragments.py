"""Parts shared by many pages, kept per process for one content generation (core/fragments.py):
used again while nothing changed, made afresh on the next render after any change of content."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core import fragments
from news.models import Article
from organizations.models import Organization
from pagecache.invalidation import content_changed
from tests.factories import FIXED_NOW, VN, ArticleFactory, CategoryFactory, OrganizationFactory, ProgrammeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def fragment_cache(settings):
    """Fragments on, over a local memory cache of this test's own (the content generation lives there)."""
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"fr-{uuid.uuid4()}"}
    }
    fragments.reset()
    yield caches["default"]
    caches["default"].clear()
    fragments.reset()


def organization_reads(client, url):
    """(page HTML, number of queries that read organizations) of one anonymous request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    reads = [query for query in queries if 'FROM "organizations_organization"' in query["sql"]]
    return response.content.decode(), len(reads)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a commit runs (the page cache raises the generation once) at the end of the block:
    each test runs in a transaction of its own that never commits, and a thread whose open
    transaction changed content keeps no fragment (it might be rolled back)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def host(committed):
    with committed():
        return OrganizationFactory(
            name="Hội Khuyến học tỉnh Thử Nghiệm",
            short_name="Hội Khuyến học tỉnh",
            is_host=True,
            managing_body="Liên hiệp các hội tỉnh",
            fanpage="https://www.facebook.com/khuyenhoc.thu",
        )


class HostOrganizationFragmentTests:
    def test_the_host_is_read_once_and_the_next_page_uses_it_again(self, client, fragment_cache, host):
        first, reads = organization_reads(client, reverse("search"))
        assert reads == 1
        again, reads_again = organization_reads(client, reverse("news:article-list"))
        assert reads_again == 0
        for page in (first, again):
            assert "Cơ quan chủ quản: Liên hiệp các hội tỉnh" in page  # masthead and footer
            assert page.count("Hội Khuyến học tỉnh Thử Nghiệm") >= 2

    def test_editing_the_host_shows_on_the_next_render(self, client, fragment_cache, host, committed):
        organization_reads(client, reverse("search"))
        host.name = "Hội Khuyến học tỉnh Đổi Tên"
        host.managing_body = "Sở Nội vụ"
        with committed():
            host.save()
        page, reads = organization_reads(client, reverse("search"))
        assert reads == 1
        assert "Hội Khuyến học tỉnh Đổi Tên" in page and "Cơ quan chủ quản: Sở Nội vụ" in page
        assert "Thử Nghiệm" not in page and "Liên hiệp các hội tỉnh" not in page

    def test_a_new_fanpage_address_shows_on_the_next_render(self, client, fragment_cache, host, committed):
        page = organization_reads(client, reverse("news:article-list"))[0]
        assert 'href="https://www.facebook.com/khuyenhoc.thu"' in page
        host.fanpage = "https://www.facebook.com/khuyenhoc.moi"
        with committed():
            host.save()
        page = organization_reads(client, reverse("news:article-list"))[0]
        assert 'href="https://www.facebook.com/khuyenhoc.moi" rel="noopener">Fanpage' in page
        assert "khuyenhoc.thu" not in page

    def test_a_change_saved_without_signals_shows_once_content_changed_is_called(
        self, client, fragment_cache, host, committed
    ):
        organization_reads(client, reverse("search"))
        with committed():
            Organization.objects.filter(pk=host.pk).update(managing_body="Ủy ban nhân dân tỉnh")
        assert "Ủy ban nhân dân tỉnh" not in organization_reads(client, reverse("search"))[0]  # as cached pages
        with committed():
            content_changed()
        assert "Cơ quan chủ quản: Ủy ban nhân dân tỉnh" in organization_reads(client, reverse("search"))[0]

    def test_publishing_an_article_makes_every_fragment_again(self, client, fragment_cache, host, committed):
        organization_reads(client, reverse("search"))
        assert organization_reads(client, reverse("search"))[1] == 0
        with committed():
            article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Tin mới xuất bản")
        article.status = Article.Status.PUBLISHED
        article.published_at = article.created_at
        with committed():
            article.save()
        page, reads = organization_reads(client, article.get_absolute_url())
        assert reads == 1
        assert "Tin mới xuất bản" in page

    def test_what_a_rolled_back_change_showed_is_never_kept(self, client, fragment_cache, host):
        """A revision's preview renders the public page inside a transaction it rolls back."""
        organization_reads(client, reverse("search"))
        with transaction.atomic():
            host.name = "Tên chưa được duyệt"
            host.save()
            assert "Tên chưa được duyệt" in organization_reads(client, reverse("search"))[0]
            transaction.set_rollback(True)
        page = organization_reads(client, reverse("search"))[0]
        assert "Tên chưa được duyệt" not in page and "Hội Khuyến học tỉnh Thử Nghiệm" in page

    def test_without_the_fragment_cache_every_page_reads_the_host(self, client, settings, host):
        settings.FRAGMENT_CACHE_ENABLED = False
        organization_reads(client, reverse("search"))
        assert organization_reads(client, reverse("search"))[1] == 1

    def test_a_cache_server_that_fails_leaves_pages_rendered_afresh(self, client, fragment_cache, host, monkeypatch):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        monkeypatch.setattr(type(fragment_cache), "get", fail)
        for _ in range(2):
            page, reads = organization_reads(client, reverse("search"))
            assert reads == 1 and "Hội Khuyến học tỉnh Thử Nghiệm" in page


class FragmentKeyTests:
    def request(self):
        return RequestFactory().get("/")

    def test_a_fragment_is_not_shared_across_languages(self, fragment_cache):
        made = []

        def make():
            made.append(translation.get_language())
            return f"<p>{translation.get_language()}</p>"

        request = self.request()
        with translation.override("vi"):
            assert fragments.get_or_make(request, "box", make) == "<p>vi</p>"
            assert fragments.get_or_make(request, "box", make) == "<p>vi</p>"
        with translation.override("en"):
            assert fragments.get_or_make(request, "box", make) == "<p>en</p>"
        assert made == ["vi", "en"]

    def test_a_fragment_varies_with_the_values_it_names(self, fragment_cache):
        template = Template(
            '{% load shared_fragments %}{% shared_fragment "box" pk %}<b>{{ title }}</b>{% endshared_fragment %}'
        )
        request = self.request()

        def render(**values):
            return template.render(Context({"request": request, **values}))

        assert render(pk=1, title="Một") == "<b>Một</b>"
        assert render(pk=2, title="Hai") == "<b>Hai</b>"
        # Same key, same generation: the part kept for it (what the name and values promise).
        assert render(pk=1, title="Khác") == "<b>Một</b>"

    def test_the_generation_is_read_once_per_request(self, fragment_cache, monkeypatch):
        reads = []
        original = type(fragment_cache).get

        def counting_get(cache, key, *args, **kwargs):
            reads.append(key)
            return original(cache, key, *args, **kwargs)

        monkeypatch.setattr(type(fragment_cache), "get", counting_get)
        request = self.request()
        for name in ("a", "b", "c", "a"):
            fragments.get_or_make(request, name, lambda: "x")
        assert len(reads) == 2  # the generation: missing, created, read again
        second = self.request()
        for name in ("a", "b", "c"):
            assert fragments.get_or_make(second, name, lambda: "y") == "x"
        assert len(reads) == 3  # one read for the whole second request

    def test_without_a_request_nothing_is_kept(self, fragment_cache):
        assert fragments.get_or_make(None, "box", lambda: "một") == "một"
        assert fragments.get_or_make(None, "box", lambda: "hai") == "hai"


def other_titles(client, article):
    """("Tin khác" titles, number of queries that read lists of articles) of one anonymous request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    lists = [query for query in queries if 'FROM "news_article"' in query["sql"] and "LIMIT 7" in query["sql"]]
    return [other.title for other in response.context["other_articles"]], len(lists)


class OtherArticlesFragmentTests:
    """ "Tin khác" from the newest articles of a category or programme, shared by all its article pages."""

    @pytest.fixture
    def articles(self, committed, host):
        with committed():
            news, stories = CategoryFactory(name="Tin hoạt động"), CategoryFactory(name="Gương sáng")
            programme = ProgrammeFactory()
            day = datetime.datetime(2024, 4, 1, 8, 0, tzinfo=VN)
            made = {
                title: ArticleFactory(title=title, category=category, published_at=day + datetime.timedelta(days=n))
                for n, (title, category) in enumerate(
                    [("Tin một", news), ("Tin hai", news), ("Gương một", stories), ("Gương hai", stories)]
                )
            }
            made["Gương một"].programmes.add(programme)
            made["Tin một"].programmes.add(programme)
            ArticleFactory(title="Sắp đăng", category=news, published_at=FIXED_NOW + datetime.timedelta(hours=2))
        return made

    def test_the_box_is_the_same_with_and_without_kept_fragments(self, client, settings, fragment_cache, articles):
        kept = {title: other_titles(client, article)[0] for title, article in articles.items()}
        settings.FRAGMENT_CACHE_ENABLED = False
        afresh = {title: other_titles(client, article)[0] for title, article in articles.items()}
        assert kept == afresh
        assert kept["Tin một"] == ["Gương một", "Tin hai"]  # same programme or category, newest first
        assert kept["Gương hai"] == ["Gương một"]

    def test_articles_of_one_category_share_its_newest_articles(self, client, fragment_cache, articles):
        assert other_titles(client, articles["Gương hai"])[1] == 1
        assert other_titles(client, articles["Gương một"]) == (["Gương hai", "Tin một"], 1)  # its programme's only
        assert other_titles(client, articles["Gương hai"])[1] == 0

    def test_a_scheduled_article_joins_the_box_at_its_time_without_any_save(self, client, fragment_cache, articles):
        assert "Sắp đăng" not in other_titles(client, articles["Tin hai"])[0]
        with time_machine.travel(FIXED_NOW + datetime.timedelta(hours=3), tick=False):
            assert other_titles(client, articles["Tin hai"])[0][0] == "Sắp đăng"

    def test_an_article_published_since_shows_on_the_next_render(self, client, fragment_cache, articles, committed):
        other_titles(client, articles["Tin hai"])
        with committed():
            ArticleFactory(title="Tin mới", category=articles["Tin hai"].category, published_at=FIXED_NOW)
        assert other_titles(client, articles["Tin hai"])[0][0] == "Tin mới"


def programme_box(client, article):
    """(the article page's programme boxes as (title, party names), queries that read programmes)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    reads = [query for query in queries if 'FROM "agreements_programme"' in query["sql"]]
    boxes = [
        (programme.title, [party.organization.name for party in programme.box_parties])
        for programme in response.context["programmes"]
    ]
    return boxes, len(reads)


def box_html(client, article):
    """The programme boxes of the article page, as HTML."""
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return re.findall(r'<section class="programme-box.*?</section>', response.content.decode(), re.S)


class ProgrammeBoxFragmentTests:
    """The box of a programme, shared by every article page of it."""

    @pytest.fixture
    def reports(self, committed, host):
        from agreements.models import Party

        with committed():
            programme = ProgrammeFactory(title="Chương trình phối hợp với Đoàn Thanh niên")
            for order, name in enumerate(["Hội Khuyến học tỉnh", "Tỉnh đoàn"]):
                Party.objects.create(programme=programme, organization=OrganizationFactory(name=name), order=order)
            other = ProgrammeFactory(title="Chương trình phối hợp với Công an tỉnh")
            first, second, both = (ArticleFactory(title=title) for title in ("Ký kết", "Sơ kết", "Tổng kết"))
            first.programmes.add(programme)
            second.programmes.add(programme)
            both.programmes.add(programme, other)
        return programme, first, second, both

    def test_articles_of_one_programme_share_its_box(self, client, fragment_cache, reports):
        _programme, first, second, _both = reports
        expected = [("Chương trình phối hợp với Đoàn Thanh niên", ["Hội Khuyến học tỉnh", "Tỉnh đoàn"])]
        assert programme_box(client, first) == (expected, 1)
        assert programme_box(client, second) == (expected, 0)

    def test_the_boxes_are_the_same_with_and_without_kept_fragments(self, client, settings, fragment_cache, reports):
        _programme, first, _second, both = reports
        programme_box(client, first)
        # Linked to two programmes: which of them are published, in order; one box kept, one read.
        assert programme_box(client, both)[1] == 2
        # Then both are kept, and so is which of the two are published, in order.
        assert programme_box(client, both)[1] == 0
        kept = [programme_box(client, article)[0] for article in (first, both)]
        settings.FRAGMENT_CACHE_ENABLED = False
        assert [programme_box(client, article)[0] for article in (first, both)] == kept
        assert sorted(title for title, _parties in kept[1]) == [
            "Chương trình phối hợp với Công an tỉnh",
            "Chương trình phối hợp với Đoàn Thanh niên",
        ]

    def test_a_renamed_party_and_an_unpublished_programme_show_on_the_next_render(
        self, client, fragment_cache, reports, committed
    ):
        programme, first, second, _both = reports
        programme_box(client, first)
        with committed():
            party = programme.parties.get(order=1)
            party.organization.name = "Đoàn Thanh niên tỉnh"
            party.organization.save()
        assert programme_box(client, second)[0][0][1] == ["Hội Khuyến học tỉnh", "Đoàn Thanh niên tỉnh"]
        with committed():
            programme.is_published = False
            programme.save()
        assert programme_box(client, first)[0] == []

    def test_the_rendered_boxes_are_the_same_with_and_without_kept_fragments(
        self, client, settings, fragment_cache, reports
    ):
        _programme, first, second, both = reports
        kept = [box_html(client, article) for article in (first, second, both, first)]
        settings.FRAGMENT_CACHE_ENABLED = False
        assert [box_html(client, article) for article in (first, second, both, first)] == kept
        assert kept[0] == kept[1] == kept[3] and len(kept[0]) == 1 and len(kept[2]) == 2
        assert kept[0][0] in kept[2]  # the same box on every article page of the programme
        assert "Tỉnh đoàn" in kept[0][0] and "(phối hợp)" in kept[0][0]

    def test_a_box_is_rendered_once_for_every_article_page_of_its_programme(
        self, client, fragment_cache, reports, monkeypatch
    ):
        from agreements.models import Party

        _programme, first, second, _both = reports
        labelled = []
        role_label = Party.role_label
        counted = property(lambda party: labelled.append(party) or role_label.fget(party))
        monkeypatch.setattr(Party, "role_label", counted)
        box_html(client, first)
        assert len(labelled) == 2  # each party's role, once
        box_html(client, second)
        assert len(labelled) == 2

    def test_which_of_several_programmes_are_published_is_kept_until_one_is_unpublished(
        self, client, fragment_cache, reports, committed
    ):
        programme, _first, _second, both = reports
        titles = sorted(title for title, _parties in programme_box(client, both)[0])
        assert titles == ["Chương trình phối hợp với Công an tỉnh", "Chương trình phối hợp với Đoàn Thanh niên"]
        assert programme_box(client, both)[1] == 0
        with committed():
            programme.is_published = False
            programme.save()
        assert programme_box(client, both)[0] == [("Chương trình phối hợp với Công an tỉnh", [])]

    def test_a_kept_box_shows_a_renamed_party_on_the_next_render(self, client, fragment_cache, reports, committed):
        programme, first, second, _both = reports
        assert "Tỉnh đoàn" in box_html(client, first)[0]
        with committed():
            organization = programme.parties.get(order=1).organization
            organization.name = "Đoàn Thanh niên tỉnh"
            organization.save()
        assert "Đoàn Thanh niên tỉnh" in box_html(client, second)[0]

    def test_a_kept_box_follows_the_year_without_any_save(self, client, fragment_cache, reports, committed):
        """The status ("Đang hiệu lực" until the period's last year ends) depends on today: a box kept in
        2024 is not shown in 2026."""
        programme, first, second, _both = reports
        with committed():
            programme.end_year = 2025
            programme.save()
        assert "Đang hiệu lực" in box_html(client, first)[0]
        with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=VN), tick=False):
            assert "Đã hết hiệu lực" in box_html(client, second)[0]
