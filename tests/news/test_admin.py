import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from news.models import Article
from revisions.models import Revision
from tests.factories import VN, ArticleFactory, CategoryFactory
from tests.security.forms import form_data

ADD_URL = reverse("admin:news_article_add")


def article_post(**fields):
    category = CategoryFactory()
    data = {
        "title": "Đẩy mạnh phong trào khuyến học",
        "slug": "day-manh-phong-trao-khuyen-hoc",
        "category": category.pk,
        "lead": "Sapo",
        "body": "<p>Nội dung <strong>đậm</strong></p><script>alert(1)</script>",
        "cover_caption": "",
        "byline": "Hoàng Tùng",
        "source_name": "haiphong.gov.vn",
        "source_url": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        **fields,
    }
    return data


PUBLISH_FIELDS = {"status": "published", "published_at_0": "26/03/2019", "published_at_1": "15:08", "is_featured": "on"}


@pytest.mark.django_db
class ArticlePublishPermissionTests:
    def test_an_editors_post_that_tries_to_publish_is_refused_and_saves_nothing(self, client, editor):
        client.force_login(editor)
        response = client.post(ADD_URL, article_post(**PUBLISH_FIELDS))
        assert response.status_code == 403
        assert "Không có quyền truy cập" in response.content.decode()
        assert not Article.objects.exists()

    def test_an_editors_article_is_a_draft_of_theirs(self, client, editor):
        client.force_login(editor)
        response = client.post(ADD_URL, article_post())
        assert response.status_code == 302
        article = Article.objects.get()
        assert (article.status, article.published_at, article.is_featured) == (Article.Status.DRAFT, None, False)
        assert article.created_by == editor

    def test_an_editor_cannot_publish_an_existing_draft(self, client, editor):
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        client.force_login(editor)
        data = article_post(title=draft.title, slug=draft.slug, **PUBLISH_FIELDS)
        response = client.post(reverse("admin:news_article_change", args=[draft.pk]), data)
        assert response.status_code == 403
        draft.refresh_from_db()
        assert draft.state() == Article.State.DRAFT

    def test_the_editors_form_does_not_offer_the_publishing_fields(self, client, editor):
        client.force_login(editor)
        body = client.get(ADD_URL).content.decode()
        assert 'name="status"' not in body
        assert 'name="published_at_0"' not in body

    def test_a_publisher_publishes_at_the_given_local_time(self, client, publisher):
        client.force_login(publisher)
        response = client.post(ADD_URL, article_post(**PUBLISH_FIELDS))
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == datetime.datetime(2019, 3, 26, 15, 8, tzinfo=VN)

    def test_publishing_without_a_time_is_refused_with_a_message(self, client, publisher):
        client.force_login(publisher)
        response = client.post(ADD_URL, article_post(status="published"))
        assert response.status_code == 200
        assert "Hãy nhập thời điểm xuất bản" in response.content.decode()
        assert Article.objects.count() == 0


def revert(client, article, version):
    url = reverse("admin:news_article_simple_history", args=[article.pk, version.history_id])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_data(page.content, "historicalarticle_form"))


@pytest.mark.django_db
class ArticleRevertPublishingTests:
    """simple-history's "Revert" saves an old version of the whole row; publishing stays with publishers."""

    def test_an_editor_reverting_text_keeps_the_articles_current_publication(self, client, editor):
        when = datetime.datetime(2024, 6, 1, 8, 0, tzinfo=VN)
        article = ArticleFactory(title="Tiêu đề cũ", status=Article.Status.DRAFT, published_at=None)
        old_version = article.history.latest()
        # Later a publisher retitles and publishes it.
        article.title, article.status, article.published_at, article.is_featured = (
            "Tiêu đề mới",
            "published",
            when,
            True,
        )
        article.save()
        client.force_login(editor)
        assert revert(client, article, old_version).status_code == 302
        # The article is published: the editor's revert waits for review (revisions/), with the old
        # text and the current publication.
        article.refresh_from_db()
        assert article.title == "Tiêu đề mới"
        proposed = Revision.objects.get().data["object"]["fields"]
        assert proposed["title"] == "Tiêu đề cũ"
        assert (proposed["status"], proposed["is_featured"]) == (Article.Status.PUBLISHED, True)
        assert parse_datetime(proposed["published_at"]) == when

    def test_an_editor_reverting_a_deleted_article_brings_it_back_as_a_draft(self, client, editor):
        article = ArticleFactory(status=Article.Status.PUBLISHED, is_featured=True)
        version = article.history.latest()
        Article.objects.filter(pk=article.pk).delete()
        client.force_login(editor)
        assert revert(client, article, version).status_code == 302
        restored = Article.objects.get(pk=article.pk)
        assert (restored.status, restored.published_at, restored.is_featured) == (Article.Status.DRAFT, None, False)

    def test_a_publisher_may_revert_to_a_published_version(self, client, publisher):
        article = ArticleFactory(status=Article.Status.PUBLISHED)
        published_version = article.history.latest()
        article.status, article.published_at = Article.Status.DRAFT, None
        article.save()
        client.force_login(publisher)
        assert revert(client, article, published_version).status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == published_version.published_at


@pytest.mark.django_db
class ArticleAdminSanitizingTests:
    def test_body_entered_in_the_admin_is_sanitized(self, client, publisher):
        client.force_login(publisher)
        client.post(ADD_URL, article_post(status="draft"))
        body = Article.objects.get().body
        assert "<script" not in body
        assert "<strong>đậm</strong>" in body

    def test_direct_model_save_is_sanitized_too(self):
        article = ArticleFactory(body='<p onclick="x()">Chào <a href="javascript:alert(1)">liên kết</a></p>')
        article.refresh_from_db()
        assert "onclick" not in article.body
        assert "javascript:" not in article.body
        assert "Chào" in article.body


@pytest.mark.django_db
class ArticleStateTests:
    NOW = datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)

    def test_state_follows_status_and_publication_time(self):
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        scheduled = ArticleFactory(published_at=self.NOW + datetime.timedelta(hours=1))
        public = ArticleFactory(published_at=self.NOW - datetime.timedelta(hours=1))
        assert [a.state(self.NOW) for a in (draft, scheduled, public)] == [
            Article.State.DRAFT,
            Article.State.SCHEDULED,
            Article.State.PUBLISHED,
        ]
        assert list(Article.objects.published(now=self.NOW)) == [public]
        assert list(Article.objects.scheduled(now=self.NOW)) == [scheduled]
        assert Article.objects.next_publication_time(now=self.NOW) == scheduled.published_at

    def test_admin_state_filter_lists_scheduled_articles(self, client, publisher):
        ArticleFactory(title="Hẹn giờ", published_at=datetime.datetime(2099, 1, 1, tzinfo=VN))
        ArticleFactory(title="Đã đăng")
        client.force_login(publisher)
        response = client.get(reverse("admin:news_article_changelist"), {"tinh_trang": "scheduled"})
        body = response.content.decode()
        assert "Hẹn giờ" in body
        assert "Đã đăng" not in body


def visible_text(html):
    """The text a reader sees (no scripts or styles), one string per text node, and the button labels."""
    parts, skipping = [], []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in {"script", "style"}:
                skipping.append(tag)
            attributes = dict(attrs)
            if tag == "input" and attributes.get("type") == "submit":
                parts.append(attributes.get("value") or "")

        def handle_endtag(self, tag):
            if skipping and tag == skipping[-1]:
                skipping.pop()

        def handle_data(self, data):
            if not skipping and data.strip():
                parts.append(" ".join(data.split()))

    Reader().feed(html)
    return parts


HISTORY_ENGLISH = {
    "Object",
    "Date/time",
    "Comment",
    "Changed by",
    "Change reason",
    "Changes",
    "Changed",
    "Created",
    "None",
}


@pytest.mark.django_db
class ArticleHistoryPageTests:
    """simple-history's pages for an article speak Vietnamese (locale/vi and templates/simple_history/)."""

    @pytest.fixture
    def article(self, publisher):
        article = ArticleFactory(title="Hội nghị sơ kết")
        article.title = "Hội nghị sơ kết phong trào khuyến học"
        article._history_user = publisher
        article.save()
        return article

    def test_the_history_list_has_vietnamese_headers_and_no_english(self, client, superuser, article):
        client.force_login(superuser)
        response = client.get(reverse("admin:news_article_history", args=[article.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        start = html.index('<table id="change-history"')
        table = html[start : html.index("</table>", start)]
        headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
        assert headers == ["Phiên bản", "Ngày/giờ", "Thao tác", "Người thực hiện", "Ghi chú", "Những gì thay đổi"]
        text = visible_text(html)
        assert HISTORY_ENGLISH.isdisjoint(text), HISTORY_ENGLISH.intersection(text)
        assert {"Tạo mới", "Sửa", "xuatban", "2 bản ghi"} <= set(text)
        assert "Lịch sử thay đổi: Hội nghị sơ kết phong trào khuyến học" in text
        for english in ("Choose a date", "revert", "entries", "History"):
            assert all(english not in part for part in text), english

    def test_a_version_page_offers_to_restore_it_in_vietnamese(self, client, superuser, article):
        client.force_login(superuser)
        version = article.history.earliest()
        response = client.get(reverse("admin:news_article_simple_history", args=[article.pk, version.history_id]))
        assert response.status_code == 200
        text = visible_text(response.content.decode())
        assert "Khôi phục" in text
        assert "Bấm nút “Khôi phục” bên dưới để đưa nội dung về đúng phiên bản này." in text
        assert "Tin tức" in text  # the app in the breadcrumbs, not its code name
        assert any(part.endswith("› Khôi phục bài viết") for part in text), text
        for english in ("Revert", "News", "Press the", "History", "Close"):
            assert all(english not in part for part in text), english

    def test_reverting_reports_in_vietnamese(self, client, superuser, article):
        client.force_login(superuser)
        response = revert(client, article, article.history.earliest())
        page = client.get(response.url)
        messages = [str(message) for message in page.context["messages"]]
        assert any("Hội nghị sơ kết" in message for message in messages), messages
        assert all("successfully" not in message for message in messages), messages
