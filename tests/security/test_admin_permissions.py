"""The admin side of permissions: who may publish, who may delete, and that nobody gets in unsigned."""

import datetime
import zoneinfo

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, reverse

from agreements.models import Programme
from news.models import Article
from organizations.models import Organization
from tests.factories import ArticleFactory, OrganizationFactory, programme_with_parties
from tests.security.forms import form_data

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOT_BEHIND_LOGIN = {"login", "logout"}


def _patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def every_admin_url():
    """One concrete address for every named admin URL: index, app lists, and for each registered
    model its changelist, add, change, delete, history and per-version history pages (ids that may
    not exist: the login check comes before any lookup)."""
    urls = {}
    app_label = "agreements"
    for pattern in _patterns(admin.site.get_urls()):
        if pattern.name in NOT_BEHIND_LOGIN:
            continue
        regex = pattern.pattern.regex
        kwargs = {name: app_label if name == "app_label" else "1" for name in regex.groupindex}
        positional = regex.groups - len(regex.groupindex)
        urls[pattern.name] = reverse(f"admin:{pattern.name}", args=["1"] * positional, kwargs=kwargs)
    return urls


ADMIN_URLS = every_admin_url()


class AnonymousAdminTests:
    def test_the_list_covers_every_kind_of_admin_page(self):
        for name in (
            "index",
            "app_list",
            "jsi18n",
            "autocomplete",
            "password_change",
            "agreements_programme_changelist",
            "agreements_programme_add",
            "agreements_programme_change",
            "agreements_programme_delete",
            "agreements_programme_history",
            "agreements_programme_simple_history",
            "news_article_history",
            "news_article_simple_history",
            "organizations_organization_delete",
            "auth_user_change",
            "auth_group_changelist",
        ):
            assert name in ADMIN_URLS, name
        assert len(ADMIN_URLS) >= 60

    @pytest.mark.django_db
    @pytest.mark.parametrize("name", sorted(ADMIN_URLS))
    def test_every_admin_page_sends_an_anonymous_visitor_to_the_login(self, client, name):
        url = ADMIN_URLS[name]
        login = reverse("admin:login")
        for response in (client.get(url), client.post(url, {"is_published": "on", "status": "published"})):
            assert response.status_code == 302, url
            assert response.url.startswith(f"{login}?next="), url


def change(client, obj, expect=302, **fields):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, form_data(page.content, f"{opts.model_name}_form") | fields)
    assert response.status_code == expect, response.context and response.context["adminform"].form.errors
    if expect == 403:
        assert "Không có quyền truy cập" in response.content.decode()
    obj.refresh_from_db()
    return obj


PUBLISH_ARTICLE = {
    "status": "published",
    "published_at_0": "01/06/2024",
    "published_at_1": "08:00",
    "is_featured": "on",
}


@pytest.fixture
def draft():
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, is_featured=False)


@pytest.fixture
def unpublished_programme():
    return programme_with_parties([OrganizationFactory(), OrganizationFactory()], is_published=False)


@pytest.mark.django_db
class PublishingPermissionTests:
    def test_an_editor_forging_the_publishing_fields_is_refused_and_changes_nothing(self, client, editor, draft):
        client.force_login(editor)
        article = change(client, draft, expect=403, title="Tiêu đề đã sửa", **PUBLISH_ARTICLE)
        assert article.title != "Tiêu đề đã sửa"
        assert (article.status, article.published_at, article.is_featured) == (Article.Status.DRAFT, None, False)

    def test_an_editor_cannot_add_an_article_already_published(self, client, editor, draft):
        client.force_login(editor)
        url = reverse("admin:news_article_add")
        data = form_data(client.get(url).content, "article_form") | PUBLISH_ARTICLE
        data |= {"title": "Bài mới", "slug": "bai-moi", "category": str(draft.category_id)}
        assert client.post(url, data).status_code == 403
        assert not Article.objects.filter(slug="bai-moi").exists()

    def test_an_editor_forging_is_published_is_refused_and_changes_nothing(self, client, editor, unpublished_programme):
        client.force_login(editor)
        programme = change(client, unpublished_programme, expect=403, venue="Nhà văn hoá quận", is_published="on")
        assert programme.venue != "Nhà văn hoá quận"
        assert programme.is_published is False

    def test_a_publisher_publishes_an_article(self, client, publisher, draft):
        client.force_login(publisher)
        article = change(client, draft, **PUBLISH_ARTICLE)
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == datetime.datetime(2024, 6, 1, 8, 0, tzinfo=VN)

    def test_a_publisher_publishes_a_programme(self, client, publisher, unpublished_programme):
        client.force_login(publisher)
        assert change(client, unpublished_programme, is_published="on").is_published is True


@pytest.mark.django_db
class DeletionPermissionTests:
    def test_an_editor_cannot_delete_an_organization(self, client, editor):
        organization = OrganizationFactory()
        client.force_login(editor)
        url = reverse("admin:organizations_organization_delete", args=[organization.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Organization.objects.filter(pk=organization.pk).exists()

    def test_an_editor_cannot_delete_organizations_from_the_list_either(self, client, editor):
        organization = OrganizationFactory()
        client.force_login(editor)
        url = reverse("admin:organizations_organization_changelist")
        changelist = client.get(url)
        assert "delete_selected" not in changelist.content.decode()
        response = client.post(url, {"action": "delete_selected", "_selected_action": [organization.pk], "post": "yes"})
        assert response.status_code == 403
        message = response.content.decode()
        assert "Bạn không có quyền dùng thao tác “Xóa các tổ chức đã chọn”. Không có gì thay đổi." in message
        assert Organization.objects.filter(pk=organization.pk).exists()

    def test_a_superuser_can_delete_an_organization(self, client, superuser):
        organization = OrganizationFactory()
        client.force_login(superuser)
        url = reverse("admin:organizations_organization_delete", args=[organization.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not Organization.objects.filter(pk=organization.pk).exists()


@pytest.mark.django_db
class AccountAdminPermissionTests:
    @pytest.mark.parametrize("name", ["auth_user_changelist", "auth_group_changelist", "auth_user_add"])
    @pytest.mark.parametrize("who", ["editor", "publisher"])
    def test_staff_cannot_manage_accounts_or_grant_themselves_rights(self, client, request, who, name):
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse(f"admin:{name}")).status_code == 403

    def test_staff_cannot_unlock_accounts_locked_by_axes(self, client, editor):
        client.force_login(editor)
        assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


@pytest.mark.django_db
class HistoryPermissionTests:
    def test_an_editor_sees_the_history_of_an_article(self, client, editor, draft):
        client.force_login(editor)
        assert client.get(reverse("admin:news_article_history", args=[draft.pk])).status_code == 200

    def test_an_editor_cannot_republish_by_reverting_to_a_published_version(self, client, editor, publisher):
        article = ArticleFactory(status=Article.Status.PUBLISHED)
        published_version = article.history.latest()
        client.force_login(publisher)
        change(client, article, status="draft", published_at_0="", published_at_1="")
        assert article.status == Article.Status.DRAFT
        client.force_login(editor)
        url = reverse("admin:news_article_simple_history", args=[article.pk, published_version.history_id])
        client.post(url, form_data(client.get(url).content, "historicalarticle_form"))
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT

    def test_an_editor_cannot_republish_a_programme_by_restoring_a_published_version(self, client, editor, publisher):
        programme = programme_with_parties([OrganizationFactory()], is_published=True)
        published_version = programme.history.latest()
        client.force_login(publisher)
        change(client, programme, is_published="")
        assert programme.is_published is False
        client.force_login(editor)
        url = reverse("admin:agreements_programme_restore", args=[programme.pk, published_version.history_id])
        client.post(url)
        programme.refresh_from_db()
        assert programme.is_published is False
        # The one-row revert of simple-history is not available for programmes at all.
        url = reverse("admin:agreements_programme_simple_history", args=[programme.pk, published_version.history_id])
        client.post(url, form_data(client.get(url).content, "historicalprogramme_form"))
        programme.refresh_from_db()
        assert programme.is_published is False
        assert Programme.objects.filter(pk=programme.pk, is_published=False).exists()
