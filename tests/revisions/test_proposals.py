"""An editor's save of published content becomes a pending revision; the public keeps the published version."""

import pytest
from django.contrib.messages import get_messages

from agreements.models import Commitment
from news.models import Article
from organizations.models import Organization
from revisions.models import Revision
from tests.factories import ArticleFactory, OrganizationFactory, filled_article, filled_programme
from tests.revisions.helpers import change_url, inline_row, save_in_admin

pytestmark = pytest.mark.django_db


def test_an_editors_change_to_a_published_article_waits_for_review(client, editor):
    article = filled_article(title="Tiêu đề cũ", body="<p>Nội dung cũ</p>")
    history_before = article.history.count()
    client.force_login(editor)
    response = save_in_admin(client, article, title="Tiêu đề mới", body="<p>Nội dung mới</p>")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Tiêu đề cũ", "<p>Nội dung cũ</p>")
    assert article.history.count() == history_before
    revision = Revision.objects.get()
    assert revision.status == Revision.Status.PENDING
    assert revision.proposed_by == editor
    assert revision.data["object"]["fields"]["title"] == "Tiêu đề mới"
    assert revision.base["object"]["fields"]["title"] == "Tiêu đề cũ"
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Đã gửi thành công thay đổi" in text and "để duyệt" in text for text in texts), texts

    client.logout()
    public = client.get(article.get_absolute_url()).content.decode()
    assert "Tiêu đề cũ" in public and "Tiêu đề mới" not in public


def test_the_editor_goes_on_from_the_pending_revision(client, editor):
    article = filled_article(title="Tiêu đề cũ")
    client.force_login(editor)
    save_in_admin(client, article, title="Tiêu đề mới")
    page = client.get(change_url(article)).content.decode()
    assert 'value="Tiêu đề mới"' in page
    assert "bản thay đổi chờ duyệt" in page
    article.refresh_from_db()
    assert article.title == "Tiêu đề cũ"


def test_saving_unchanged_makes_no_revision(client, editor):
    article = filled_article()
    client.force_login(editor)
    assert save_in_admin(client, article).status_code == 302
    assert not Revision.objects.exists()


def test_a_newer_revision_supersedes_the_older_and_says_so(client, editor):
    article = filled_article(title="Tiêu đề cũ")
    client.force_login(editor)
    save_in_admin(client, article, title="Bản thứ nhất")
    response = save_in_admin(client, article, title="Bản thứ hai")
    first, second = Revision.objects.order_by("pk")
    assert first.status == Revision.Status.SUPERSEDED and first.superseded_by == second
    assert second.status == Revision.Status.PENDING
    assert second.data["object"]["fields"]["title"] == "Bản thứ hai"
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(f"#{first.pk}" in text and "đã được thay bằng" in text for text in texts), texts


def test_a_programme_revision_holds_its_parts(client, editor):
    programme = filled_programme()
    commitment = programme.commitments.get(number=1)
    client.force_login(editor)
    prefix = inline_row(client, programme, "commitments", commitment.pk)
    response = save_in_admin(client, programme, **{f"{prefix}-title": "Nội dung phối hợp đã sửa"})
    assert response.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).title == "Nội dung phối hợp thứ 1"
    revision = Revision.objects.get()
    proposed = {r["pk"]: r["fields"]["title"] for r in revision.data["parts"]["commitments"]}
    assert proposed[commitment.pk] == "Nội dung phối hợp đã sửa"
    assert {"parties", "signatories", "commitments", "reviews"} <= set(revision.data["parts"])


def test_drafts_and_publishers_save_directly(client, editor, publisher):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Bản nháp")
    client.force_login(editor)
    save_in_admin(client, draft, title="Bản nháp đã sửa")
    draft.refresh_from_db()
    assert draft.title == "Bản nháp đã sửa"

    published = filled_article(title="Bài đã đăng")
    client.force_login(publisher)
    save_in_admin(client, published, title="Bài đã đăng, đã sửa")
    published.refresh_from_db()
    assert published.title == "Bài đã đăng, đã sửa"
    assert not Revision.objects.exists()


def test_an_organization_counts_as_published_until_the_model_says_otherwise(client, editor):
    organization = OrganizationFactory(name="Hội Khuyến học huyện An Dương")
    client.force_login(editor)
    save_in_admin(client, organization, name="Hội Khuyến học huyện An Dương (mới)")
    assert Organization.objects.get(pk=organization.pk).name == "Hội Khuyến học huyện An Dương"
    assert Revision.objects.get().data["object"]["fields"]["name"] == "Hội Khuyến học huyện An Dương (mới)"
