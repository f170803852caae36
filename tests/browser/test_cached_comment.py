"""A reader comments on an article page served from the page cache, in Chromium with the site's CSP
enforced: the cached page holds no CSRF token, the form with the reader's own token is fetched when
they ask for it, and the comment lands for moderation. Without JavaScript the link opens the form's page."""

import urllib.request
import uuid

import pytest

from news.models import Comment
from pagecache import middleware as pagecache
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page_cache_on(settings):
    settings.PAGECACHE_ENABLED = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"pc-{uuid.uuid4()}"}
    }
    pagecache.reset_state()
    yield
    pagecache.reset_state()


def cached_article():
    return ArticleFactory(title="Trao học bổng cho học sinh vượt khó", body="<p>Nội dung</p>")


def stored_page(url):
    """The page cache's status for ``url`` asked by another reader (no cookie)."""
    with urllib.request.urlopen(url) as answer:
        return answer.headers[pagecache.STATUS_HEADER]


def policy_violations(errors):
    return [message for message in errors if "Content Security Policy" in message]


def test_a_reader_comments_on_a_cached_article_page(page, live_server, page_cache_on):
    article = cached_article()
    url = f"{live_server.url}{article.get_absolute_url()}"
    statuses = []
    page.on("response", lambda response: statuses.append((response.url, response.headers.get("x-page-cache"))))
    assert [stored_page(url) for _ in range(2)] == ["miss", "hit"]
    page.goto(url)
    assert [status for address, status in statuses if address == url] == ["hit"]
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0

    page.get_by_role("link", name="Viết bình luận").click()
    page.locator("#binh-luan form.comment-form #id_name").wait_for()
    assert page.url == f"{live_server.url}{article.get_absolute_url()}"  # the form came to the article page
    assert page.evaluate("document.activeElement.id") == "id_name"
    page.fill("#id_name", "Nguyễn Thị Hoa")
    page.fill("#id_body", "Mong chương trình được nhân rộng ra các xã.")
    page.locator("input[type=submit][value='Gửi bình luận']").click()
    page.wait_for_url(f"**{article.get_absolute_url()}#binh-luan")
    assert page.get_by_text("sau khi ban biên tập duyệt").first.is_visible()

    comment = Comment.objects.get()
    assert (comment.article, comment.name, comment.is_approved) == (article, "Nguyễn Thị Hoa", False)
    assert policy_violations(page.console_errors) == []
    assert page.console_errors == []


def test_without_javascript_the_link_opens_the_form_page(browser, live_server, page_cache_on):
    article = cached_article()
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    try:
        page = context.new_page()
        url = f"{live_server.url}{article.get_absolute_url()}"
        assert [stored_page(url) for _ in range(2)] == ["miss", "hit"]
        page.goto(url)
        assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
        page.get_by_role("link", name="Viết bình luận").click()
        page.wait_for_url(f"**{article.get_comment_url()}")
        page.fill("#id_name", "Trần Văn Bình")
        page.fill("#id_body", "Cảm ơn ban biên tập đã đưa tin.")
        page.locator("input[type=submit][value='Gửi bình luận']").click()
        page.wait_for_url(f"**{article.get_absolute_url()}#binh-luan")
        assert page.get_by_text("sau khi ban biên tập duyệt").first.is_visible()
    finally:
        context.close()
    assert Comment.objects.get().name == "Trần Văn Bình"
