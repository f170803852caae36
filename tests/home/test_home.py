"""The home page, the masthead and footer every page carries, and the error pages."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from organizations.models import Organization
from tests.factories import (
    FIXED_NOW,
    VN,
    ArticleFactory,
    CategoryFactory,
    OrganizationFactory,
    ProgrammeFactory,
    programme_with_parties,
    uploaded_png,
)
from tests.news.factories import bulk_articles

HOME = reverse("home")


def host(**fields):
    return OrganizationFactory(
        name="Hội Khuyến học thành phố Hải Phòng",
        short_name="Hội Khuyến học thành phố",
        is_host=True,
        is_member=True,
        managing_body="Hội Khuyến học thành phố Hải Phòng",
        content_responsible="Chủ tịch Hội",
        licence="Giấy phép số 01/GP-TTĐT",
        address="Số 1 đường Lạch Tray",
        phone="0225 3000 000",
        email="lienhe@example.vn",
        fanpage="https://facebook.com/khuyenhochp",
        **fields,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_now")
class HomeTests:
    def test_the_featured_article_leads_and_latest_news_follow_without_repeating_it(self, client):
        cover = uploaded_png(width=120, height=60)
        featured = ArticleFactory(title="Tin nổi bật nhất", is_featured=True, cover_image=cover)
        ArticleFactory(title="Tin thường", published_at=datetime.datetime(2024, 5, 20, tzinfo=VN))
        response = client.get(HOME)
        body = response.content.decode()
        assert response.context["featured"] == featured
        assert "Tin nổi bật nhất" not in [article.title for article in response.context["latest"]]
        assert "Tin mới" in body and "Tin thường" in body
        assert 'width="120" height="60"' in body

    def test_latest_news_are_the_newest_eight(self, client):
        bulk_articles(10, category=CategoryFactory())
        latest = client.get(HOME).context["latest"]
        assert len(latest) == 8
        assert latest == sorted(latest, key=lambda article: article.published_at, reverse=True)

    def test_unpublished_articles_are_neither_featured_nor_listed(self, client, frozen_now):
        ArticleFactory(title="Nháp nổi bật", is_featured=True, status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(title="Hẹn giờ nổi bật", is_featured=True, published_at=FIXED_NOW + datetime.timedelta(hours=1))
        body = client.get(HOME).content.decode()
        assert "Nháp nổi bật" not in body
        assert "Hẹn giờ nổi bật" not in body
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(hours=1))
        assert client.get(HOME).context["featured"].title == "Hẹn giờ nổi bật"

    def test_active_programmes_only_and_published_only(self, client):
        lead = OrganizationFactory(short_name="Thành đoàn Hải Phòng")
        programme_with_parties([lead], title="Chương trình đang chạy", start_year=2023, end_year=2030)
        ProgrammeFactory(title="Chương trình đã hết", start_year=2019, end_year=2022)
        ProgrammeFactory(title="Chương trình chưa công bố", start_year=2023, end_year=2030, is_published=False)
        body = client.get(HOME).content.decode()
        assert "Chương trình đang chạy" in body
        assert "Giai đoạn 2023–2030 · Thành đoàn Hải Phòng" in body
        assert "Chương trình đã hết" not in body
        assert "Chương trình chưa công bố" not in body

    def test_member_organizations_show_with_their_logos(self, client):
        OrganizationFactory(short_name="Công an thành phố", is_member=True, logo=uploaded_png(name="logo.png"))
        OrganizationFactory(short_name="Tổ chức không là thành viên", is_member=False)
        body = client.get(HOME).content.decode()
        assert "Công an thành phố" in body
        assert '<img class="member-logo" src="/media/' in body
        assert "Tổ chức không là thành viên" not in body

    def test_the_fanpage_slot_links_to_the_hosts_fanpage(self, client):
        host()
        body = client.get(HOME).content.decode()
        assert "Chúng tôi trên mạng xã hội" in body
        assert 'href="https://facebook.com/khuyenhochp"' in body

    def test_an_empty_site_still_has_a_home_page(self, client):
        response = client.get(HOME)
        assert response.status_code == 200
        assert "Chưa có tin nào." in response.content.decode()

    def test_query_count_is_equal_at_10_and_200_articles(self, client):
        host()
        category = CategoryFactory()
        ArticleFactory(is_featured=True, category=category)
        organizations = [OrganizationFactory(is_member=True) for _ in range(3)]
        programme_with_parties(organizations, start_year=2023, end_year=2030)
        counts = []
        for size in (10, 190):
            bulk_articles(size, category=category)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(HOME).status_code == 200
            counts.append(len(captured))
        assert counts[0] == counts[1]
        assert counts[1] <= 6


@pytest.mark.django_db
class MastheadAndFooterTests:
    def test_every_page_names_the_host_its_managing_body_and_who_answers_for_the_content(self, client):
        host()
        body = client.get(reverse("news:article-list")).content.decode()
        for text in [
            "Hội Khuyến học thành phố Hải Phòng",
            "Cơ quan chủ quản: Hội Khuyến học thành phố Hải Phòng",
            "Chịu trách nhiệm nội dung: Chủ tịch Hội",
            "Giấy phép số 01/GP-TTĐT",
            "Địa chỉ: Số 1 đường Lạch Tray",
            "Điện thoại: 0225 3000 000",
            "lienhe@example.vn",
        ]:
            assert text in body, text

    def test_the_host_is_read_once_per_page(self, client):
        host()
        url = ArticleFactory().get_absolute_url()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        host_reads = [q for q in captured if '"organizations_organization"."is_host"' in q["sql"]]
        assert len(host_reads) == 1

    def test_the_masthead_offers_search(self, client):
        body = client.get(HOME).content.decode()
        assert f'action="{reverse("search")}"' in body


@pytest.mark.django_db
class ErrorPageTests:
    def test_unknown_addresses_get_a_vietnamese_404_page_with_a_search_box(self, client):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        body = response.content.decode()
        assert "Không tìm thấy trang" in body
        assert 'name="q"' in body
        assert '<link rel="canonical"' not in body

    def test_the_500_page_is_vietnamese_and_needs_no_database(self, django_assert_num_queries):
        from home.views import server_error

        request = Client().get("/").wsgi_request
        with django_assert_num_queries(0):
            response = server_error(request)
        assert response.status_code == 500
        assert "Xin lỗi, trang đang gặp sự cố" in response.content.decode()

    def test_the_favicon_request_is_never_an_error(self, client):
        assert client.get("/favicon.ico").status_code == 204
        host(logo=uploaded_png(name="logo.png"))
        response = client.get("/favicon.ico")
        assert response.status_code == 302
        assert response["Location"] == Organization.objects.host().logo.url
