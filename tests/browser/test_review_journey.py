"""Issue 13's review journey in Chromium: an editor changes a published article's title and body and a
programme's commitment; readers still see the published versions (page, print, feed, search); the
publisher finds both in the queue with their differences, publishes one and sends the other back with a
comment; readers see the published change at once (the page cache is invalidated) and the editor reads
the comment. The review screen is kept as test-artifacts/review-diff.png for a person to look at."""

import pytest
from django.test import Client
from django.urls import reverse

from core.text import html_to_text
from revisions.models import Revision
from tests.browser.journeys import Journey
from tests.factories import filled_article, filled_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OLD_TITLE = "Hải Phòng tổng kết năm học khuyến học"
NEW_TITLE = "Tổng kết năm học 2023-2024: Hải Phòng trao 150 suất học bổng"
OLD_BODY = "Năm học vừa qua, 120 học sinh nhận học bổng của Hội."
NEW_BODY = "Năm học vừa qua, 150 học sinh nhận học bổng của Hội và 12 thầy cô được khen thưởng."
OLD_COMMITMENT = "Nội dung phối hợp thứ 1"
NEW_COMMITMENT = "Tuyên truyền, vận động đoàn viên thanh niên học tập suốt đời"
COMMENT = "Nội dung này chưa có trong văn bản đã ký; hãy đối chiếu lại bản gốc."


def reader_sees(path, *texts):
    """What an anonymous reader gets (through the page cache), and whether each text is on it."""
    body = " ".join(html_to_text(Client().get(path).content.decode()).split())  # search marks the words it found
    return [text in body for text in texts]


def public_state(article, programme):
    return {
        "article": reader_sees(article.get_absolute_url(), OLD_TITLE, NEW_TITLE, OLD_BODY, NEW_BODY),
        "print": reader_sees(reverse("printing:article-print", args=[article.pk, article.slug]), OLD_TITLE, NEW_TITLE),
        "feed": reader_sees(reverse("news-feed"), OLD_TITLE, NEW_TITLE),
        "search": reader_sees(reverse("search") + "?q=tong+ket+nam+hoc", OLD_TITLE, NEW_TITLE),
        "programme": reader_sees(programme.get_absolute_url(), OLD_COMMITMENT, NEW_COMMITMENT),
    }


def test_editors_propose_publishers_publish(browser, live_server, artifacts, editor, publisher):
    article = filled_article(title=OLD_TITLE, body=f"<p>{OLD_BODY}</p>")
    programme = filled_programme()
    commitment = programme.commitments.get(number=1)
    published = {
        "article": [True, False, True, False],
        "print": [True, False],
        "feed": [True, False],
        "search": [True, False],
        "programme": [True, False],
    }
    assert public_state(article, programme) == published

    # The editor changes the article's title and body, and a commitment of the programme.
    writer = Journey(browser, live_server, editor, artifacts, "review-editor")
    try:
        writer.open(reverse("admin:news_article_change", args=[article.pk]))
        writer.page.fill("input[name=title]", NEW_TITLE)
        body = writer.page.locator(".ProseMirror:visible").first
        body.click()
        writer.page.keyboard.press("Control+A")
        writer.page.keyboard.type(NEW_BODY)
        writer.save("gui-bai-viet")
        assert "để duyệt" in writer.page.locator(".messagelist .success").inner_text()
        writer.open(reverse("admin:agreements_programme_change", args=[programme.pk]))
        row_id = f"input[name^='commitments-'][name$='-id'][value='{commitment.pk}']"
        row = writer.page.locator(row_id).get_attribute("name")
        writer.page.fill(f"[name='{row.removesuffix('-id')}-title']", NEW_COMMITMENT)
        writer.save("gui-chuong-trinh")
    finally:
        writer.close()
    assert Revision.objects.filter(status=Revision.Status.PENDING).count() == 2
    assert public_state(article, programme) == published

    # The publisher: the queue on the dashboard, each difference, publish one, send the other back.
    reviewer = Journey(browser, live_server, publisher, artifacts, "review-publisher")
    page = reviewer.page
    try:
        reviewer.open(reverse("admin:index"))
        assert page.inner_text("#revision-queue-total") == "2"
        with page.expect_navigation():
            page.click(f"#revision-queue-list a:text('{OLD_TITLE}')")
        reviewer.check("bai-viet")
        assert page.locator("table.review-diff ins", has_text="2023-2024").count() >= 1
        assert page.locator("table.review-diff del", has_text="120").count() >= 1
        assert page.locator("table.review-diff ins", has_text="150").count() >= 1
        page.screenshot(path=str(artifacts / "review-diff.png"), full_page=True)
        with page.expect_navigation():
            page.click("input[name=_publish]")
        reviewer.check("xuat-ban")
        reviewer.expect_success("xuat-ban")

        reviewer.open(reverse("admin:index"))
        assert page.inner_text("#revision-queue-total") == "1"
        with page.expect_navigation():
            page.click(f"#revision-queue-list a:text('{programme.title}')")
        reviewer.check("chuong-trinh")
        page.screenshot(path=str(artifacts / "review-diff-programme.png"), full_page=True)
        assert page.locator("table.review-diff ins", has_text="đoàn viên").count() >= 1
        page.fill("#id_comment", COMMENT)
        with page.expect_navigation():
            page.click("input[name=_send_back]")
        reviewer.check("tra-lai")
        reviewer.expect_success("tra-lai")
    finally:
        reviewer.close()

    assert public_state(article, programme) == {
        "article": [False, True, False, True],
        "print": [False, True],
        "feed": [False, True],
        "search": [False, True],
        "programme": [True, False],
    }

    # The editor reads the comment on the programme's page and on the dashboard.
    writer = Journey(browser, live_server, editor, artifacts, "review-editor-comment")
    try:
        writer.open(reverse("admin:agreements_programme_change", args=[programme.pk]))
        assert COMMENT in writer.page.locator(".messagelist").inner_text()
        writer.open(reverse("admin:index"))
        assert COMMENT in writer.page.inner_text("#revision-sent-back")
    finally:
        writer.close()
