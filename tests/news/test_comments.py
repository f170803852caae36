"""Readers' input: comments under articles (shown after approval) and messages to the editorial board."""

import re

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from news.models import Article, Comment, Feedback
from news.views import COMMENT_RATE, FEEDBACK_RATE
from tests.factories import FIXED_NOW, ArticleFactory
from tests.news.factories import CommentFactory, FeedbackFactory

FEEDBACK_URL = reverse("feedback")
COMMENT_LIMIT = int(COMMENT_RATE.split("/")[0])
FEEDBACK_LIMIT = int(FEEDBACK_RATE.split("/")[0])


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(FIXED_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fresh_cache():
    # django-ratelimit counts in the cache: one test's posts must not limit the next one.
    cache.clear()
    yield
    cache.clear()


def comment_data(**fields):
    return {"name": "Nguyễn Thị Hoa", "email": "hoa@example.vn", "body": "Mong chương trình được nhân rộng.", **fields}


def feedback_data(**fields):
    return {
        "name": "Phạm Văn Dũng",
        "email": "dung@example.vn",
        "phone": "",
        "subject": "Tin trao học bổng ở xã",
        "message": "Chi hội khuyến học xã vừa trao 30 suất học bổng.",
        **fields,
    }


@pytest.mark.django_db
class CommentTests:
    def test_a_comment_is_stored_unapproved_and_the_reader_is_told_so_after_a_redirect(self, client):
        article = ArticleFactory()
        response = client.post(article.get_absolute_url(), comment_data(), REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 302
        assert response["Location"] == f"{article.get_absolute_url()}#binh-luan"
        comment = Comment.objects.get()
        assert (comment.article, comment.name, comment.is_approved) == (article, "Nguyễn Thị Hoa", False)
        assert comment.ip_address == "203.0.113.5"
        body = client.get(response["Location"]).content.decode()
        assert "Bình luận sẽ hiện dưới bài sau khi ban biên tập duyệt." in body
        assert "Mong chương trình được nhân rộng." not in body

    def test_only_approved_comments_are_shown(self, client):
        article = ArticleFactory()
        CommentFactory(article=article, body="Ý kiến đã duyệt.", is_approved=True)
        CommentFactory(article=article, body="Ý kiến chờ duyệt.", is_approved=False)
        CommentFactory(body="Ý kiến ở bài khác.", is_approved=True)
        body = client.get(article.get_absolute_url()).content.decode()
        assert "Ý kiến đã duyệt." in body
        assert "Ý kiến chờ duyệt." not in body
        assert "Ý kiến ở bài khác." not in body
        assert "Bình luận (1)" in body

    def test_missing_fields_get_clear_vietnamese_messages_and_nothing_is_stored(self, client):
        article = ArticleFactory()
        response = client.post(article.get_absolute_url(), comment_data(name="", body="", email="khong-phai-email"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Vui lòng nhập họ và tên." in body
        assert "Vui lòng nhập nội dung bình luận." in body
        assert "Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn." in body
        assert Comment.objects.count() == 0

    def test_a_too_short_comment_is_refused(self, client):
        response = client.post(ArticleFactory().get_absolute_url(), comment_data(body=" ok "))
        assert "Bình luận quá ngắn" in response.content.decode()
        assert Comment.objects.count() == 0

    def test_a_filled_honeypot_looks_like_success_but_stores_nothing(self, client):
        article = ArticleFactory()
        response = client.post(article.get_absolute_url(), comment_data(website="http://spam.example"))
        assert response.status_code == 302
        assert Comment.objects.count() == 0

    def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(self, client):
        body = client.get(ArticleFactory().get_comment_url()).content.decode()
        assert re.search(r'class="kp-honeypot"\s+aria-hidden="true"', body)
        assert 'name="website"' in body
        assert 'tabindex="-1"' in body

    def test_comments_are_limited_per_address(self, client):
        article = ArticleFactory()
        for _ in range(COMMENT_LIMIT):
            response = client.post(article.get_absolute_url(), comment_data(), REMOTE_ADDR="198.51.100.7")
            assert response.status_code == 302
        response = client.post(article.get_absolute_url(), comment_data(), REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 429
        assert "Bạn đã gửi quá nhiều lần" in response.content.decode()
        assert Comment.objects.count() == COMMENT_LIMIT
        other = client.post(article.get_absolute_url(), comment_data(), REMOTE_ADDR="198.51.100.8")
        assert other.status_code == 302

    def test_the_limit_lifts_after_the_window(self, client, frozen_now):
        article = ArticleFactory()
        for _ in range(COMMENT_LIMIT + 1):
            client.post(article.get_absolute_url(), comment_data())
        frozen_now.shift(11 * 60)
        assert client.post(article.get_absolute_url(), comment_data()).status_code == 302

    def test_a_post_without_csrf_token_is_refused(self):
        article = ArticleFactory()
        response = Client(enforce_csrf_checks=True).post(article.get_absolute_url(), comment_data())
        assert response.status_code == 403
        assert Comment.objects.count() == 0

    def test_the_csrf_token_is_only_inside_the_form_on_its_own_page_never_on_the_article_page(self, client):
        article = ArticleFactory()
        page = client.get(article.get_absolute_url()).content.decode()
        assert "csrfmiddlewaretoken" not in page
        assert f'href="{article.get_comment_url()}"' in page
        response = client.get(article.get_comment_url())
        assert "no-store" in response["Cache-Control"]
        body = response.content.decode()
        form = body[body.index('<form class="comment-form') : body.index("</form>", body.index("comment-form"))]
        assert body.count("csrfmiddlewaretoken") == 1
        assert "csrfmiddlewaretoken" in form
        assert f'action="{article.get_absolute_url()}#binh-luan"' in form

    def test_a_rejected_comment_comes_back_on_the_article_page_with_a_token(self, client):
        article = ArticleFactory()
        body = client.post(article.get_absolute_url(), comment_data(body="")).content.decode()
        assert "Vui lòng nhập nội dung bình luận." in body
        assert body.count("csrfmiddlewaretoken") == 1

    def test_the_comment_form_page_follows_the_article_and_is_there_only_for_published_ones(self, client):
        article = ArticleFactory()
        old = article.get_comment_url().replace(article.slug, "ten-cu")
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, article.get_comment_url())
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        assert client.get(draft.get_comment_url()).status_code == 404
        assert client.post(article.get_comment_url(), comment_data()).status_code == 405
        assert Comment.objects.count() == 0

    def test_unpublished_articles_take_no_comments(self, client, editor):
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        assert client.post(article.get_absolute_url(), comment_data()).status_code == 404
        client.force_login(editor)
        assert client.post(article.get_absolute_url(), comment_data()).status_code == 404
        assert Comment.objects.count() == 0

    def test_comment_text_is_shown_escaped(self, client):
        article = ArticleFactory()
        CommentFactory(article=article, body="<script>alert(1)</script> hay quá")
        body = client.get(article.get_absolute_url()).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; hay quá" in body


@pytest.mark.django_db
class CommentModerationTests:
    def changelist(self):
        return reverse("admin:news_comment_changelist")

    def test_publishers_approve_comments_with_an_admin_action_and_readers_then_see_them(self, client, publisher):
        article = ArticleFactory()
        waiting = CommentFactory(article=article, body="Ý kiến chờ duyệt.", is_approved=False)
        staff = Client()
        staff.force_login(publisher)
        response = staff.post(self.changelist(), {"action": "approve", ACTION_CHECKBOX_NAME: [waiting.pk]}, follow=True)
        assert "Đã duyệt 1 bình luận." in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.is_approved and waiting.approved_at == FIXED_NOW
        assert "Ý kiến chờ duyệt." in client.get(article.get_absolute_url()).content.decode()

    def test_approval_reaches_readers_of_a_cached_article_page(self, client, publisher, settings):
        settings.PAGECACHE_ENABLED = True
        article = ArticleFactory()
        waiting = CommentFactory(article=article, body="Ý kiến chờ duyệt.", is_approved=False)
        client.get(article.get_absolute_url())
        assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
        staff = Client()
        staff.force_login(publisher)
        staff.post(self.changelist(), {"action": "approve", ACTION_CHECKBOX_NAME: [waiting.pk]})
        assert "Ý kiến chờ duyệt." in client.get(article.get_absolute_url()).content.decode()
        staff.post(self.changelist(), {"action": "unapprove", ACTION_CHECKBOX_NAME: [waiting.pk]})
        assert "Ý kiến chờ duyệt." not in client.get(article.get_absolute_url()).content.decode()

    def test_unapproving_hides_a_comment_again(self, client, publisher):
        article = ArticleFactory()
        shown = CommentFactory(article=article, body="Ý kiến cần ẩn.")
        staff = Client()
        staff.force_login(publisher)
        staff.post(self.changelist(), {"action": "unapprove", ACTION_CHECKBOX_NAME: [shown.pk]})
        shown.refresh_from_db()
        assert not shown.is_approved
        assert "Ý kiến cần ẩn." not in client.get(article.get_absolute_url()).content.decode()

    def test_the_comment_list_in_the_admin_filters_by_approval(self, client, editor):
        CommentFactory(body="Đã duyệt rồi", is_approved=True)
        CommentFactory(body="Chưa duyệt đâu", is_approved=False)
        client.force_login(editor)
        body = client.get(self.changelist(), {"is_approved__exact": "0"}).content.decode()
        assert "Chưa duyệt đâu" in body
        assert "Đã duyệt rồi" not in body


@pytest.mark.django_db
class FeedbackTests:
    def test_a_message_is_stored_and_the_reader_thanked_after_a_redirect(self, client):
        response = client.post(FEEDBACK_URL, feedback_data(), REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 302
        assert response["Location"] == FEEDBACK_URL
        feedback = Feedback.objects.get()
        assert (feedback.subject, feedback.email) == ("Tin trao học bổng ở xã", "dung@example.vn")
        assert not feedback.is_handled
        assert feedback.ip_address == "203.0.113.9"
        assert "Ban biên tập đã nhận được thư" in client.get(FEEDBACK_URL).content.decode()

    def test_the_page_is_a_crispy_bootstrap_form(self, client):
        body = client.get(FEEDBACK_URL).content.decode()
        assert "<h1" in body and "Gửi ban biên tập" in body
        assert 'class="form-control' in body
        assert "csrfmiddlewaretoken" in body

    def test_a_reply_address_or_phone_is_required(self, client):
        response = client.post(FEEDBACK_URL, feedback_data(email="", phone=""))
        assert "Hãy điền thư điện tử hoặc số điện thoại." in response.content.decode()
        assert Feedback.objects.count() == 0

    def test_a_phone_number_alone_is_enough(self, client):
        assert client.post(FEEDBACK_URL, feedback_data(email="", phone="0225 3842 123")).status_code == 302
        assert Feedback.objects.get().phone == "0225 3842 123"

    def test_a_malformed_phone_number_is_explained(self, client):
        response = client.post(FEEDBACK_URL, feedback_data(phone="gọi tôi"))
        assert "Số điện thoại chỉ gồm chữ số" in response.content.decode()

    def test_empty_fields_get_vietnamese_messages(self, client):
        body = client.post(FEEDBACK_URL, feedback_data(name="", subject="", message="")).content.decode()
        assert "Vui lòng nhập họ và tên." in body
        assert "Vui lòng nhập tiêu đề." in body
        assert "Vui lòng nhập nội dung." in body

    def test_a_filled_honeypot_stores_nothing(self, client):
        assert client.post(FEEDBACK_URL, feedback_data(website="x")).status_code == 302
        assert Feedback.objects.count() == 0

    def test_messages_are_limited_per_address(self, client):
        for _ in range(FEEDBACK_LIMIT):
            assert client.post(FEEDBACK_URL, feedback_data()).status_code == 302
        response = client.post(FEEDBACK_URL, feedback_data())
        assert response.status_code == 429
        assert "Bạn đã gửi quá nhiều lần" in response.content.decode()
        assert Feedback.objects.count() == FEEDBACK_LIMIT

    def test_a_post_without_csrf_token_is_refused(self):
        assert Client(enforce_csrf_checks=True).post(FEEDBACK_URL, feedback_data()).status_code == 403

    def test_staff_mark_messages_handled_in_the_admin(self, client, editor):
        feedback = FeedbackFactory()
        client.force_login(editor)
        changelist = reverse("admin:news_feedback_changelist")
        assert "Tin hoạt động của chi hội" in client.get(changelist).content.decode()
        client.post(changelist, {"action": "mark_handled", ACTION_CHECKBOX_NAME: [feedback.pk]})
        feedback.refresh_from_db()
        assert feedback.is_handled
