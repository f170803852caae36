"""One pagination for every public list: the same page numbers, messages and "last" everywhere."""

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from core.pagination import CappedPaginator, lenient_page, page_range
from tests.factories import CategoryFactory, OrganizationFactory, ProgrammeFactory
from tests.news.factories import bulk_articles

pytestmark = pytest.mark.usefixtures("frozen_now")


class LenientPageTests:
    @pytest.mark.parametrize(
        ("requested", "number", "message"),
        [
            (None, 1, ""),
            ("", 1, ""),
            ("2", 2, ""),
            (" 3 ", 3, ""),
            ("last", 3, ""),
            ("0", 1, "Không có trang 0; đang hiện trang 1."),
            ("-4", 1, "Không có trang -4; đang hiện trang 1."),
            ("99", 3, "Không có trang 99; đang hiện trang cuối (trang 3)."),
            ("abc", 1, "Số trang “abc” không hợp lệ; đang hiện trang 1."),
            ("1e9", 1, "Số trang “1e9” không hợp lệ; đang hiện trang 1."),
        ],
    )
    def test_any_requested_page_gives_a_real_page_and_says_why_when_it_differs(self, requested, number, message):
        page, said = lenient_page(Paginator(list(range(25)), 10), requested)
        assert (page.number, said) == (number, message)

    def test_an_empty_list_has_one_empty_page(self):
        page, said = lenient_page(Paginator([], 10), "5")
        assert (page.number, list(page.object_list)) == (1, [])
        assert said == "Không có trang 5; đang hiện trang cuối (trang 1)."

    def test_long_page_ranges_are_elided_around_the_current_page(self):
        page = Paginator(list(range(200)), 10).page(10)
        assert page_range(page) == [1, "…", 9, 10, 11, "…", 20]


class CappedPaginatorTests:
    def test_a_short_list_is_counted_exactly(self):
        paginator = CappedPaginator(list(range(25)), 10, cap=100)
        assert (paginator.count, paginator.num_pages, paginator.is_capped) == (25, 3, False)

    def test_a_long_list_is_counted_to_the_cap_and_says_there_is_more(self):
        paginator = CappedPaginator(list(range(5000)), 10, cap=100)
        assert (paginator.count, paginator.num_pages, paginator.is_capped) == (100, 10, True)
        assert list(paginator.page(10).object_list) == list(range(90, 100))

    def test_exactly_the_cap_is_not_more_than_the_cap(self):
        assert not CappedPaginator(list(range(100)), 10, cap=100).is_capped


@pytest.mark.django_db
class ListPageNumberTests:
    """What a reader sees on each public list for ``?page=last``, a page too far and nonsense."""

    @pytest.fixture
    def lists(self):
        category = CategoryFactory()
        bulk_articles(30, category=category)  # 3 pages of 12
        for n in range(45):  # 3 pages of 20
            ProgrammeFactory(title=f"Chương trình phối hợp số {n}")
        OrganizationFactory.create_batch(3)
        return {  # name: (address, other parameters, number of the last page)
            "news": (reverse("news:article-list"), {}, 3),
            "category": (category.get_absolute_url(), {}, 3),
            "programmes": (reverse("agreements:programme-list"), {}, 3),
            "organizations": (reverse("organizations:organization-list"), {}, 1),
            "search": (reverse("search"), {"q": "tin hoat dong"}, 3),
        }

    @pytest.mark.parametrize("name", ["news", "category", "programmes", "organizations", "search"])
    def test_last_shows_the_last_page_without_a_warning(self, client, lists, name):
        url, params, last = lists[name]
        response = client.get(url, {**params, "page": "last"})
        assert response.status_code == 200
        assert response.context["page_obj"].number == last
        assert "không hợp lệ" not in response.content.decode()

    @pytest.mark.parametrize("name", ["news", "category", "programmes", "organizations", "search"])
    def test_a_page_too_far_shows_the_last_page_and_says_so(self, client, lists, name):
        url, params, last = lists[name]
        response = client.get(url, {**params, "page": "999"})
        assert response.context["page_obj"].number == last
        assert f"Không có trang 999; đang hiện trang cuối (trang {last})." in response.content.decode()

    @pytest.mark.parametrize("name", ["news", "category", "programmes", "organizations", "search"])
    def test_nonsense_shows_the_first_page_and_says_so(self, client, lists, name):
        url, params, _last = lists[name]
        response = client.get(url, {**params, "page": "x<b>"})
        assert response.context["page_obj"].number == 1
        assert "Số trang “x&lt;b&gt;” không hợp lệ; đang hiện trang 1." in response.content.decode()
