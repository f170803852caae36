"""Organizations have a publication state: readers see published ones only, everywhere.

New organizations (entered by an editor or created by the importer) start unpublished; the
directory, the organization page, search, the home page's members, the sitemap and the links on
programme pages leave them out until a publisher publishes them.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from organizations.models import Organization
from tests.factories import ArticleFactory, OrganizationFactory, programme_with_parties
from tests.security.forms import form_data

pytestmark = pytest.mark.django_db

DIRECTORY_URL = reverse("organizations:organization-list")
HIDDEN = "Hội Khuyến học xã Chưa Công Bố"
SHOWN = "Hội Khuyến học xã Đã Công Bố"


@pytest.fixture
def hidden():
    return OrganizationFactory(name=HIDDEN, is_published=False, is_member=True)


@pytest.fixture
def shown():
    return OrganizationFactory(name=SHOWN, is_published=True, is_member=True)


def test_a_new_organization_starts_unpublished():
    assert Organization.objects.create(name="Tổ chức mới").is_published is False


def test_organizations_stored_before_the_publication_state_stay_published():
    stored = Organization.objects.create(name="Tổ chức có từ trước")
    importlib.import_module("organizations.migrations.0010_organization_is_published").publish_existing(apps, None)
    stored.refresh_from_db()
    assert stored.is_published is True


class DirectoryTests:
    def test_the_directory_lists_published_organizations_only(self, client, hidden, shown, editor):
        body = client.get(DIRECTORY_URL).content.decode()
        assert SHOWN in body and HIDDEN not in body
        client.force_login(editor)  # the directory is what readers see, for staff too
        assert HIDDEN not in client.get(DIRECTORY_URL).content.decode()

    def test_an_unpublished_organization_page_is_not_found_for_readers(self, client, hidden):
        response = client.get(hidden.get_absolute_url())
        assert response.status_code == 404

    def test_staff_preview_an_unpublished_organization_page_with_a_banner(self, client, hidden, editor):
        client.force_login(editor)
        response = client.get(hidden.get_absolute_url())
        assert response.status_code == 200
        body = response.content.decode()
        assert "CHƯA CÔNG BỐ" in body and '<meta name="robots" content="noindex">' in body

    def test_a_published_organization_page_has_no_banner(self, client, shown):
        assert "CHƯA CÔNG BỐ" not in client.get(shown.get_absolute_url()).content.decode()

    def test_unpublished_children_and_parents_are_named_without_a_link(self, client, hidden, shown):
        OrganizationFactory(name="Chi hội chưa công bố", parent=shown, is_published=False)
        child = OrganizationFactory(name="Chi hội đã công bố", parent=hidden, is_published=True)
        body = client.get(shown.get_absolute_url()).content.decode()
        assert "Chi hội chưa công bố" not in body
        body = client.get(child.get_absolute_url()).content.decode()
        assert HIDDEN in body and hidden.get_absolute_url() not in body


class ElsewhereTests:
    def test_search_finds_published_organizations_only(self, client, hidden, shown):
        response = client.get(reverse("search"), {"q": "hoi khuyen hoc xa cong bo"})
        body = response.content.decode()  # names come highlighted: their addresses are compared
        assert shown.get_absolute_url() in body and hidden.get_absolute_url() not in body

    def test_the_home_page_lists_published_members_only(self, client, hidden, shown):
        body = client.get(reverse("home")).content.decode()
        assert shown.display_name in body and hidden.display_name not in body

    def test_the_sitemap_lists_published_organizations_only(self, client, hidden, shown):
        body = client.get("/sitemap.xml").content.decode()
        assert shown.get_absolute_url() in body and hidden.get_absolute_url() not in body

    def test_a_programme_names_an_unpublished_party_without_a_link(self, client, hidden, shown):
        programme = programme_with_parties([shown, hidden], signatories=[("Nguyễn Văn An", "Chủ tịch", hidden)])
        for url in (programme.get_absolute_url(), reverse("agreements:programme-list")):
            body = client.get(url).content.decode()
            assert HIDDEN in body or hidden.display_name in body, url
            assert hidden.get_absolute_url() not in body, url
            assert shown.get_absolute_url() in body, url

    def test_an_article_about_a_programme_names_an_unpublished_party_without_a_link(self, client, hidden, shown):
        article = ArticleFactory()
        article.programmes.add(programme_with_parties([shown, hidden]))
        body = client.get(article.get_absolute_url()).content.decode()
        assert hidden.display_name in body and hidden.get_absolute_url() not in body
        assert shown.get_absolute_url() in body


class PublishingTests:
    def test_a_publisher_publishes_from_the_list_and_a_cached_directory_shows_it(self, client, publisher, settings):
        settings.PAGECACHE_ENABLED = True
        hidden = OrganizationFactory(name=HIDDEN, is_published=False)
        assert HIDDEN not in client.get(DIRECTORY_URL).content.decode()  # now cached without it
        staff = Client()
        staff.force_login(publisher)
        response = staff.post(
            reverse("admin:organizations_organization_changelist"),
            {"action": "publish", ACTION_CHECKBOX_NAME: [hidden.pk]},
            follow=True,
        )
        assert "Đã công bố 1 tổ chức." in response.content.decode()
        assert HIDDEN in client.get(DIRECTORY_URL).content.decode()
        assert hidden.history.latest().history_user == publisher

    def test_an_editor_is_not_offered_publishing(self, client, editor, hidden):
        client.force_login(editor)
        changelist = client.get(reverse("admin:organizations_organization_changelist")).content.decode()
        assert 'value="publish"' not in changelist
        form = client.get(reverse("admin:organizations_organization_change", args=[hidden.pk])).content.decode()
        assert 'name="is_published"' not in form and 'name="is_host"' not in form

    def test_an_editor_sees_the_hosts_public_details_read_only(self, client, editor):
        host = OrganizationFactory(is_host=True, fanpage="https://facebook.example.vn/hoi")
        client.force_login(editor)
        form = client.get(reverse("admin:organizations_organization_change", args=[host.pk])).content.decode()
        for field in ("fanpage", "licence", "managing_body", "name", "phone"):
            assert f'name="{field}"' not in form, field
        assert 'name="description"' in form
        assert "https://facebook.example.vn/hoi" in form  # shown, not editable

    def test_an_editors_forged_fanpage_is_refused_with_a_message_saying_why(self, client, editor):
        host = OrganizationFactory(is_host=True, fanpage="https://facebook.example.vn/hoi")
        url = reverse("admin:organizations_organization_change", args=[host.pk])
        client.force_login(editor)
        data = form_data(client.get(url).content, "organization_form")
        response = client.post(url, data | {"fanpage": "https://lua-dao.example/", "description": "Mới"})
        assert response.status_code == 403
        assert "Bạn không có quyền sửa các mục: fanpage." in response.content.decode()
        host.refresh_from_db()
        assert (host.fanpage, host.description) == ("https://facebook.example.vn/hoi", "")
