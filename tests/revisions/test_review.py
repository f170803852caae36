"""Publishers review pending revisions: the difference, publish (atomic, in the history), send back with a comment."""

import pytest
from django.contrib.messages import get_messages
from django.db import DatabaseError
from django.urls import reverse

from agreements.models import Commitment
from news.models import Article
from revisions.diff import marked
from revisions.models import Revision
from tests.factories import filled_article, filled_programme
from tests.revisions.helpers import change_url, inline_row, review_url, save_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed_article(client, editor):
    article = filled_article(title="Hội nghị tổng kết năm học", body="<p>Năm học vừa qua có 120 học sinh giỏi.</p>")
    client.force_login(editor)
    save_in_admin(
        client, article, title="Hội nghị tổng kết năm học 2023", body="<p>Năm học vừa qua có 150 học sinh giỏi.</p>"
    )
    client.logout()
    return article, Revision.objects.get()


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_review_screen_shows_every_field_side_by_side_with_words_marked(client, publisher, proposed_article):
    _article, revision = proposed_article
    client.force_login(publisher)
    page = client.get(review_url(revision)).content.decode()
    assert "Bản đang xuất bản" in page and "Bản đề xuất" in page
    assert "2023</ins>" in page
    assert "<del>120</del>" in page and "<ins>150</ins>" in page
    assert "Tác giả" in page  # unchanged fields are listed too
    assert 'name="_publish"' in page and 'name="_send_back"' in page


def test_words_added_and_removed_are_marked():
    old, new = marked("có 120 học sinh <giỏi>", "có 150 học sinh <giỏi> nhất")
    assert old == "có <del>120</del> học sinh &lt;giỏi&gt;"
    assert new == "có <ins>150</ins> học sinh &lt;giỏi&gt; <ins>nhất</ins>"
    assert marked("Nội dung thứ 1", "Tuyên truyền, vận động")[1] == "<ins>Tuyên truyền, vận động</ins>"


def test_publishing_applies_the_revision_and_names_proposer_and_approver(client, editor, publisher, proposed_article):
    article, revision = proposed_article
    client.get(article.get_absolute_url())  # cached for readers
    client.force_login(publisher)
    response = client.post(review_url(revision), {"_publish": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Hội nghị tổng kết năm học 2023"
    assert article.status == Article.Status.PUBLISHED
    revision.refresh_from_db()
    assert (revision.status, revision.decided_by) == (Revision.Status.PUBLISHED, publisher)
    record = article.history.order_by("-history_date", "-history_id").first()
    assert record.history_user == publisher
    assert editor.username in record.history_change_reason and publisher.username in record.history_change_reason
    client.logout()
    assert "Hội nghị tổng kết năm học 2023" in client.get(article.get_absolute_url()).content.decode()


def test_sending_back_needs_a_comment_and_the_editor_sees_it(client, editor, publisher, proposed_article):
    article, revision = proposed_article
    client.force_login(publisher)
    response = client.post(review_url(revision), {"_send_back": "1", "comment": "  "})
    assert any("Hãy viết nhận xét" in text for text in messages_of(response))
    assert Revision.objects.get().status == Revision.Status.PENDING
    client.post(review_url(revision), {"_send_back": "1", "comment": "Số liệu chưa khớp với báo cáo."})
    revision.refresh_from_db()
    assert revision.status == Revision.Status.SENT_BACK
    article.refresh_from_db()
    assert article.title == "Hội nghị tổng kết năm học"

    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "Số liệu chưa khớp với báo cáo." in page and "trả lại" in page
    assert "Số liệu chưa khớp với báo cáo." in client.get(reverse("admin:index")).content.decode()


def test_an_editors_forged_publish_is_refused_in_vietnamese_and_changes_nothing(client, editor, proposed_article):
    article, revision = proposed_article
    client.force_login(editor)
    for action in ({"_publish": "1"}, {"_send_back": "1", "comment": "Tự duyệt"}):
        response = client.post(review_url(revision), action)
        assert response.status_code == 403
        assert "Không có quyền truy cập" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Hội nghị tổng kết năm học"
    assert Revision.objects.get().status == Revision.Status.PENDING
    page = client.get(review_url(revision)).content.decode()  # editors may read the queue
    assert 'name="_publish"' not in page


def test_a_conflicting_revision_is_shown_and_never_overwrites_the_newer_state(client, publisher, proposed_article):
    article, revision = proposed_article
    client.force_login(publisher)
    save_in_admin(client, article, lead="Sapo do người xuất bản sửa trực tiếp.")
    page = client.get(review_url(revision)).content.decode()
    assert "Xung đột" in page
    response = client.post(review_url(revision), {"_publish": "1"})
    assert any("đã được thay đổi sau khi bản này được gửi" in text for text in messages_of(response))
    article.refresh_from_db()
    assert article.lead == "Sapo do người xuất bản sửa trực tiếp."
    assert article.title == "Hội nghị tổng kết năm học"
    assert Revision.objects.get().status == Revision.Status.PENDING


def test_the_editor_does_not_go_on_from_an_outdated_revision(client, editor, publisher, proposed_article):
    article, revision = proposed_article
    client.force_login(publisher)
    save_in_admin(client, article, lead="Sapo do người xuất bản sửa trực tiếp.")
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "Sapo do người xuất bản sửa trực tiếp." in page
    assert 'value="Hội nghị tổng kết năm học"' in page
    assert "hiện bản đang xuất bản" in page
    save_in_admin(client, article, title="Hội nghị tổng kết năm học 2024")
    newest = Revision.objects.latest("pk")
    assert newest.data["object"]["fields"]["lead"] == "Sapo do người xuất bản sửa trực tiếp."
    revision.refresh_from_db()
    assert revision.status == Revision.Status.SUPERSEDED
    client.force_login(publisher)
    client.post(review_url(newest), {"_publish": "1"})
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Hội nghị tổng kết năm học 2024", "Sapo do người xuất bản sửa trực tiếp.")


def test_a_failure_mid_publish_changes_nothing(client, editor, publisher, monkeypatch):
    programme = filled_programme(title="Chương trình cũ")
    first = programme.commitments.get(number=1)
    client.force_login(editor)
    row = inline_row(client, programme, "commitments", first.pk)
    save_in_admin(client, programme, title="Chương trình mới", **{f"{row}-title": "Nội dung mới"})
    revision = Revision.objects.get()

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("mất kết nối giữa chừng")

    monkeypatch.setattr(Commitment, "save", broken_save)
    client.force_login(publisher)
    response = client.post(review_url(revision), {"_publish": "1"})
    assert response.status_code == 302
    assert any("Không xuất bản được" in text for text in messages_of(response))
    programme.refresh_from_db()
    assert programme.title == "Chương trình cũ"  # the programme row was written before the failing part
    assert Commitment.objects.get(pk=first.pk).title == "Nội dung phối hợp thứ 1"
    assert Revision.objects.get().status == Revision.Status.PENDING


def test_publishing_a_programme_writes_its_parts_and_keeps_the_rest(client, editor, publisher):
    programme = filled_programme()
    one, two = programme.commitments.order_by("number")
    responsible = set(one.responsible.all())
    client.force_login(editor)
    row_one = inline_row(client, programme, "commitments", one.pk)
    row_two = inline_row(client, programme, "commitments", two.pk)
    row_new = inline_row(client, programme, "commitments", "")
    save_in_admin(
        client,
        programme,
        **{
            f"{row_one}-title": "Nội dung thứ nhất, đã sửa",
            f"{row_two}-DELETE": "on",
            f"{row_new}-number": "2",
            f"{row_new}-title": "Nội dung thay cho nội dung thứ hai",
        },
    )
    assert list(programme.commitments.order_by("number").values_list("pk", flat=True)) == [one.pk, two.pk]
    client.force_login(publisher)
    client.post(review_url(Revision.objects.get()), {"_publish": "1"})
    titles = list(programme.commitments.order_by("number").values_list("number", "title"))
    assert titles == [(1, "Nội dung thứ nhất, đã sửa"), (2, "Nội dung thay cho nội dung thứ hai")]
    assert set(Commitment.objects.get(pk=one.pk).responsible.all()) == responsible
    assert not Commitment.objects.filter(pk=two.pk).exists()
    assert programme.parties.count() == 2 and programme.signatories.count() == 2


def test_the_preview_is_marked_pending_and_for_staff_only(client, publisher, proposed_article):
    article, revision = proposed_article
    preview = reverse("admin:revisions_revision_preview", args=[revision.pk])
    printed = reverse("admin:revisions_revision_preview_print", args=[revision.pk])
    assert client.get(preview).status_code == 302  # to the sign-in page
    client.force_login(publisher)
    for url in (preview, printed):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "BẢN CHỜ DUYỆT" in page and "Hội nghị tổng kết năm học 2023" in page
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    article.refresh_from_db()
    assert article.title == "Hội nghị tổng kết năm học"


def test_the_dashboard_counts_the_queue_for_publishers(client, publisher, proposed_article):
    client.force_login(publisher)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="revision-queue-total">1<' in page
    assert "Hội nghị tổng kết năm học" in page
