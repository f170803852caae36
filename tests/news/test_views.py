"""The public news pages: lists, categories, the article page, stable addresses, bad input."""

import datetime
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Party
from news.models import Article
from tests.factories import (
    FIXED_NOW,
    VN,
    ArticleFactory,
    ArticleImageFactory,
    CategoryFactory,
    OrganizationFactory,
    ProgrammeFactory,
    programme_with_parties,
    uploaded_png,
)
from tests.news.factories import CommentFactory, bulk_articles

LIST_URL = reverse("news:article-list")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(FIXED_NOW, tick=False) as traveller:
        yield traveller


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **kwargs)


def scheduled(**kwargs):
    return ArticleFactory(published_at=FIXED_NOW + datetime.timedelta(hours=2), **kwargs)


@pytest.mark.django_db
class ArticleListTests:
    def test_the_list_shows_published_articles_newest_first_with_lead_and_date(self, client):
        older = ArticleFactory(title="Tin cũ hơn", published_at=datetime.datetime(2024, 4, 1, 8, 0, tzinfo=VN))
        newer = ArticleFactory(title="Tin mới hơn", lead="Sapo của tin mới.")
        body = client.get(LIST_URL).content.decode()
        assert body.index(newer.title) < body.index(older.title)
        assert "Sapo của tin mới." in body
        assert "Thứ tư, 01/05/2024 08:00" in body

    def test_drafts_and_scheduled_articles_are_not_listed_or_counted(self, client):
        ArticleFactory(title="Tin đã đăng")
        draft(title="Bản nháp bí mật")
        scheduled(title="Tin hẹn giờ")
        body = client.get(LIST_URL).content.decode()
        assert "Tin đã đăng" in body
        assert "Bản nháp bí mật" not in body
        assert "Tin hẹn giờ" not in body
        assert "1 bài viết" in body
        assert re.search(r"Tin hoạt động</a> <span[^>]*>\(1\)", body)

    def test_staff_see_the_same_public_list_as_readers(self, client, editor):
        draft(title="Bản nháp bí mật")
        client.force_login(editor)
        assert "Bản nháp bí mật" not in client.get(LIST_URL).content.decode()

    def test_a_scheduled_article_appears_at_its_time_without_any_job(self, client, frozen_now):
        scheduled(title="Tin hẹn giờ")
        assert "Tin hẹn giờ" not in client.get(LIST_URL).content.decode()
        frozen_now.move_to(FIXED_NOW + datetime.timedelta(hours=2, seconds=1))
        assert "Tin hẹn giờ" in client.get(LIST_URL).content.decode()

    def test_the_thumbnail_is_the_cover_image_with_its_width_and_height(self, client):
        ArticleFactory(cover_image=uploaded_png(width=120, height=80))
        body = client.get(LIST_URL).content.decode()
        assert re.search(r'<img src="/media/[^"]+" width="120" height="80" alt=""[^>]* class="article-thumb">', body)

    def test_a_cover_image_missing_from_storage_does_not_break_the_page(self, client):
        # The page never opens a picture (its size is in the row), so it cannot notice a lost file:
        # the list still answers, with the address the picture had.
        article = ArticleFactory(cover_image=uploaded_png())
        article.cover_image.storage.delete(article.cover_image.name)
        response = client.get(LIST_URL)
        assert response.status_code == 200
        assert article.cover_image.url in response.content.decode()

    def test_pages_hold_twelve_articles(self, client):
        bulk_articles(13, category=CategoryFactory())
        first = client.get(LIST_URL).content.decode()
        second = client.get(LIST_URL, {"page": 2}).content.decode()
        assert first.count('class="article-item') == 12
        assert second.count('class="article-item') == 1
        assert "Tin hoạt động số" in second

    @pytest.mark.parametrize(
        ("page", "message", "shown"),
        [
            ("abc", "Số trang “abc” không hợp lệ; đang hiện trang 1.", 1),
            ("99999", "Không có trang 99999; đang hiện trang cuối (trang 2).", 2),
            ("0", "Không có trang 0; đang hiện trang 1.", 1),
            ("-3", "Không có trang -3; đang hiện trang 1.", 1),
            ("9" * 5000, "không hợp lệ; đang hiện trang 1.", 1),
            ("1.5", "không hợp lệ", 1),
        ],
    )
    def test_a_bad_page_number_shows_a_real_page_with_a_message(self, client, page, message, shown):
        bulk_articles(13, category=CategoryFactory())
        response = client.get(LIST_URL, {"page": page})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert response.context["page_obj"].number == shown

    def test_an_empty_list_says_so(self, client):
        response = client.get(LIST_URL, {"page": "7"})
        assert response.status_code == 200
        assert "Chưa có bài viết nào" in response.content.decode()


@pytest.mark.django_db
class CategoryListTests:
    def test_a_category_lists_only_its_public_articles(self, client):
        events = CategoryFactory(name="Sự kiện")
        other = CategoryFactory(name="Gương sáng")
        ArticleFactory(title="Hội nghị tổng kết", category=events)
        ArticleFactory(title="Tấm gương hiếu học", category=other)
        draft(title="Nháp sự kiện", category=events)
        body = client.get(events.get_absolute_url()).content.decode()
        assert "Hội nghị tổng kết" in body
        assert "Tấm gương hiếu học" not in body
        assert "Nháp sự kiện" not in body
        assert "<h1" in body and "Sự kiện" in body

    def test_an_unknown_category_is_a_404_page_in_vietnamese(self, client):
        response = client.get(reverse("news:category", kwargs={"slug": "khong-co"}))
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()

    def test_a_category_without_public_articles_is_left_out_of_the_category_menu(self, client):
        CategoryFactory(name="Chuyên mục trống")
        ArticleFactory()
        assert "Chuyên mục trống" not in client.get(LIST_URL).content.decode()


@pytest.mark.django_db
class ArticlePageTests:
    def test_the_page_carries_the_furniture_readers_expect(self, client):
        article = ArticleFactory(
            title="Thành đoàn và Hội Khuyến học ký kết",
            lead="Sáng 26/3, hai bên ký chương trình phối hợp.",
            body="<p>Bốn nội dung phối hợp trọng tâm.</p>",
            byline="Hoàng Tùng",
            source_name="haiphong.gov.vn",
            source_url="https://haiphong.gov.vn/tin/123",
            published_at=datetime.datetime(2019, 3, 26, 15, 8, tzinfo=VN),
            cover_image=uploaded_png(width=200, height=100),
            cover_caption="Lễ ký kết tại Trường THPT Ngô Quyền.",
        )
        ArticleImageFactory(article=article, caption="Đại biểu trao học bổng.")
        body = client.get(article.get_absolute_url()).content.decode()
        assert "<h1" in body and "Thành đoàn và Hội Khuyến học ký kết" in body
        assert "Thứ ba, 26/03/2019 15:08" in body
        assert "Sáng 26/3, hai bên ký chương trình phối hợp." in body
        assert "<p>Bốn nội dung phối hợp trọng tâm.</p>" in body
        assert "Lễ ký kết tại Trường THPT Ngô Quyền.</figcaption>" in body
        assert "Đại biểu trao học bổng.</figcaption>" in body
        assert 'width="200" height="100"' in body
        assert '<p class="article-byline">Hoàng Tùng</p>' in body
        assert 'Nguồn: <a href="https://haiphong.gov.vn/tin/123" rel="nofollow noopener">haiphong.gov.vn</a>' in body
        assert "Tiện ích thông tin" in body
        assert "Tin khác" in body

    def test_a_source_without_an_address_is_plain_text(self, client):
        article = ArticleFactory(source_name="Báo Công dân & Khuyến học", source_url="")
        body = client.get(article.get_absolute_url()).content.decode()
        assert "Nguồn: Báo Công dân &amp; Khuyến học</p>" in body

    def test_the_print_link_leads_to_the_print_view(self, client):
        article = ArticleFactory()
        body = client.get(article.get_absolute_url()).content.decode()
        print_url = f"{article.get_absolute_url()}in/"
        assert f'<a href="{print_url}">In bài viết</a>' in body
        assert client.get(print_url).status_code == 200

    def test_the_programme_box_shows_period_status_and_parties(self, client):
        lead = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", short_name="Hội Khuyến học thành phố")
        partner = OrganizationFactory(name="Thành đoàn Hải Phòng")
        programme = programme_with_parties([lead, partner], start_year=2023, end_year=2030)
        article = ArticleFactory()
        article.programmes.add(programme)
        body = client.get(article.get_absolute_url()).content.decode()
        assert programme.title in body
        assert "2023–2030" in body
        assert "Đang hiệu lực" in body
        assert 'Hội Khuyến học thành phố</a> <span class="text-body-secondary">(chủ trì)' in body
        assert 'Thành đoàn Hải Phòng</a> <span class="text-body-secondary">(phối hợp)' in body

    def test_two_programmes_each_with_their_own_parties_in_order_and_one_without_any(self, client):
        first = programme_with_parties(
            [OrganizationFactory(short_name="Hội A"), OrganizationFactory(short_name="Đoàn B", is_published=False)],
            start_year=2024,
            end_year=2026,
            title="Chương trình năm 2024",
        )
        second = programme_with_parties(
            [OrganizationFactory(short_name="Hội C")], start_year=2025, end_year=None, title="Chương trình năm 2025"
        )
        lone = ProgrammeFactory(start_year=2020, end_year=2021, title="Chương trình không có bên nào")
        article = ArticleFactory()
        article.programmes.add(first, second, lone)
        body = client.get(article.get_absolute_url()).content.decode()
        boxes = body.split('<section class="programme-box')[1:]
        assert [box.split("</a></h2>")[0].rsplit(">", 1)[1] for box in boxes] == [
            "Chương trình năm 2025",
            "Chương trình năm 2024",
            "Chương trình không có bên nào",
        ]
        assert "Hội C" in boxes[0] and "Hội A" not in boxes[0] and "từ 2025" in boxes[0]
        assert boxes[1].index("Hội A") < boxes[1].index("Đoàn B")
        assert f'<a href="{first.parties.first().organization.get_absolute_url()}">Hội A</a>' in boxes[1]
        assert "Đoàn B <span" in boxes[1]  # not published: no link
        assert "Các bên" not in boxes[2] and "Đã hết hiệu lực" in boxes[2]

    def test_an_unpublished_programme_stays_out_of_the_programme_box(self, client):
        programme = programme_with_parties(
            [OrganizationFactory()], is_published=False, title="Chương trình chưa công bố"
        )
        article = ArticleFactory()
        article.programmes.add(programme)
        assert "Chương trình chưa công bố" not in client.get(article.get_absolute_url()).content.decode()

    def test_other_news_are_of_the_same_programme_or_category_newest_first_never_the_article_itself(self, client):
        news, stories = CategoryFactory(name="Tin hoạt động"), CategoryFactory(name="Gương sáng")
        programme = programme_with_parties([OrganizationFactory()])
        article = ArticleFactory(title="Bài đang đọc", category=news)
        article.programmes.add(programme)
        ArticleFactory(title="Cùng chuyên mục", category=news, published_at=datetime.datetime(2024, 3, 1, tzinfo=VN))
        same_programme = ArticleFactory(
            title="Cùng chương trình", category=stories, published_at=datetime.datetime(2024, 4, 1, tzinfo=VN)
        )
        same_programme.programmes.add(programme)
        ArticleFactory(title="Không liên quan", category=stories)
        draft(title="Nháp cùng chuyên mục", category=news)
        response = client.get(article.get_absolute_url())
        others = [other.title for other in response.context["other_articles"]]
        assert others == ["Cùng chương trình", "Cùng chuyên mục"]

    def test_an_unknown_id_is_a_404_page(self, client):
        response = client.get(reverse("news:article-detail", kwargs={"pk": 987654, "slug": "khong-co"}))
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()

    def test_an_old_slug_redirects_permanently_to_the_current_address(self, client):
        article = ArticleFactory(title="Tiêu đề cũ")
        old_url = article.get_absolute_url()
        article.title, article.slug = "Tiêu đề mới", "tieu-de-moi"
        article.save()
        response = client.get(old_url)
        assert response.status_code == 301
        assert response["Location"] == f"/tin-tuc/{article.pk}-tieu-de-moi/"
        assert client.get(response["Location"]).status_code == 200

    def test_the_redirect_keeps_the_query_string(self, client):
        article = ArticleFactory()
        response = client.get(f"/tin-tuc/{article.pk}-sai/?utm_source=zalo")
        assert response.status_code == 301
        assert response["Location"] == f"{article.get_absolute_url()}?utm_source=zalo"

    def test_the_redirect_drops_a_query_string_too_long_to_carry(self, client):
        article = ArticleFactory()
        response = client.get(f"/tin-tuc/{article.pk}-sai/?page=" + "9" * 20_000)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()

    def test_a_request_body_over_the_limit_is_refused_with_a_vietnamese_page(self, client):
        response = client.post(
            "/gop-y/", "message=" + "a" * (6 * 1024 * 1024), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 400
        assert "Yêu cầu không hợp lệ" in response.content.decode()

    def test_an_old_slug_of_a_draft_is_still_a_404_for_readers(self, client):
        article = draft()
        assert client.get(f"/tin-tuc/{article.pk}-sai/").status_code == 404


@pytest.mark.django_db
class PublicationWindowOnArticlePageTests:
    def test_readers_get_a_404_for_drafts_and_scheduled_articles(self, client):
        assert client.get(draft().get_absolute_url()).status_code == 404
        assert client.get(scheduled().get_absolute_url()).status_code == 404

    def test_a_scheduled_article_opens_at_its_time(self, client, frozen_now):
        article = scheduled()
        assert client.get(article.get_absolute_url()).status_code == 404
        frozen_now.move_to(article.published_at)
        assert client.get(article.get_absolute_url()).status_code == 200

    def test_staff_preview_a_draft_under_a_clear_banner_kept_out_of_search_engines(self, client, editor):
        article = draft()
        client.force_login(editor)
        body = client.get(article.get_absolute_url()).content.decode()
        assert "CHƯA XUẤT BẢN" in body
        assert '<meta name="robots" content="noindex, nofollow">' in body
        assert "Gửi bình luận" not in body

    def test_staff_preview_a_scheduled_article_with_its_time(self, client, editor):
        article = scheduled()
        client.force_login(editor)
        body = client.get(article.get_absolute_url()).content.decode()
        assert "CHƯA XUẤT BẢN — Hẹn giờ xuất bản (hẹn Thứ bảy, 01/06/2024 11:00)" in body

    def test_a_published_article_has_no_banner_even_for_staff(self, client, editor):
        client.force_login(editor)
        assert "CHƯA XUẤT BẢN" not in client.get(ArticleFactory().get_absolute_url()).content.decode()

    def test_other_news_leave_out_unpublished_articles_even_for_staff(self, client, editor):
        article = ArticleFactory()
        draft(title="Nháp bên cạnh")
        scheduled(title="Hẹn giờ bên cạnh")
        client.force_login(editor)
        body = client.get(article.get_absolute_url()).content.decode()
        assert "Nháp bên cạnh" not in body
        assert "Hẹn giờ bên cạnh" not in body


@pytest.mark.django_db
class SharingMarkupTests:
    def test_canonical_and_open_graph_use_the_site_address_not_the_host_header(self, client):
        article = ArticleFactory(title="Tin chia sẻ", lead="Sapo chia sẻ", cover_image=uploaded_png())
        body = client.get(article.get_absolute_url(), HTTP_HOST="evil.example").content.decode()
        url = f"https://khuyenhoc.example.vn{article.get_absolute_url()}"
        assert f'<link rel="canonical" href="{url}">' in body
        assert f'<meta property="og:url" content="{url}">' in body
        assert '<meta property="og:type" content="article">' in body
        assert '<meta property="og:title" content="Tin chia sẻ">' in body
        assert '<meta property="og:description" content="Sapo chia sẻ">' in body
        assert '<meta property="og:image" content="https://khuyenhoc.example.vn/media/' in body
        assert "evil.example" not in body

    def test_news_article_data_cannot_be_broken_out_of_by_a_title(self, client):
        title = 'Khen thưởng </script><script>alert("x")</script> & “học giỏi”'
        article = ArticleFactory(title=title, byline="Hoàng Tùng")
        body = client.get(article.get_absolute_url()).content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
        assert "</" not in block
        data = json.loads(block)
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == title
        assert data["author"] == [{"@type": "Person", "name": "Hoàng Tùng"}]
        assert data["datePublished"] == "2024-05-01T08:00:00+07:00"
        assert data["mainEntityOfPage"] == f"https://khuyenhoc.example.vn{article.get_absolute_url()}"
        assert '<script>alert("x")' not in body

    def test_list_pages_have_a_canonical_address_with_their_page_number(self, client):
        bulk_articles(13, category=CategoryFactory())
        body = client.get(LIST_URL, {"page": "2", "utm": "x"}).content.decode()
        assert '<link rel="canonical" href="https://khuyenhoc.example.vn/tin-tuc/?page=2">' in body

    def test_every_page_announces_both_feeds(self, client):
        body = client.get(LIST_URL).content.decode()
        assert 'type="application/rss+xml" title="Tin tức (RSS)" href="https://khuyenhoc.example.vn/rss/"' in body
        assert 'href="https://khuyenhoc.example.vn/rss/chuong-trinh/"' in body


@pytest.mark.django_db
class NewsQueryCountTests:
    """The number of SQL queries of each page does not grow with the number of articles."""

    @staticmethod
    def article_with_everything():
        category = CategoryFactory()
        programme = programme_with_parties([OrganizationFactory(), OrganizationFactory()])
        article = ArticleFactory(category=category, cover_image=uploaded_png())
        article.programmes.add(programme)
        ArticleImageFactory(article=article)
        ArticleImageFactory(article=article)
        CommentFactory(article=article)
        CommentFactory(article=article, is_approved=False)
        return article, programme

    def grow(self, size, article, programme):
        others = bulk_articles(size, category=article.category)
        through = Article.programmes.through
        through.objects.bulk_create([through(article_id=other.pk, programme_id=programme.pk) for other in others])

    @pytest.mark.parametrize("page", ["list", "category", "article", "list-last-page"])
    def test_counts_are_equal_at_10_and_200_articles(self, client, page):
        article, programme = self.article_with_everything()
        urls = {
            "list": LIST_URL,
            "list-last-page": f"{LIST_URL}?page=99999",
            "category": article.category.get_absolute_url(),
            "article": article.get_absolute_url(),
        }
        self.grow(10, article, programme)
        small = count_queries(client, urls[page])
        self.grow(190, article, programme)
        large = count_queries(client, urls[page])
        assert small == large
        assert large <= 8

    def test_an_article_page_reads_only_the_parts_it_has(self, client):
        article, _programme = self.article_with_everything()
        # The article (with whether it has pictures, programmes and approved comments), its pictures,
        # the programme box (programmes and parties in one query), the comments, "Tin khác" and the
        # host organization: 6, down from 7 (the programmes and their parties were two prefetches).
        assert count_queries(client, article.get_absolute_url()) == 6
        # Without pictures, programme or comment only the article, "Tin khác" and the host are read.
        assert count_queries(client, ArticleFactory(category=article.category).get_absolute_url()) == 3

    def test_the_article_page_reads_parties_once_whatever_their_number(self, client):
        article, programme = self.article_with_everything()
        before = count_queries(client, article.get_absolute_url())
        Party.objects.bulk_create(
            [Party(programme=programme, organization=OrganizationFactory(), order=n + 2) for n in range(8)]
        )
        assert count_queries(client, article.get_absolute_url()) == before
