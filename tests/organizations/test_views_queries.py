"""SQL queries per directory and organization page: small, and the same with 10 and with 200 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Organization
from tests.agreements.factories import bulk_articles, bulk_organizations, bulk_programmes, bulk_regions
from tests.factories import OrganizationFactory, uploaded_png

pytestmark = pytest.mark.django_db

DIRECTORY_URL = reverse("organizations:organization-list")


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return len(captured), response


class DirectoryQueryTests:
    @pytest.mark.parametrize(
        "params",
        [{}, {"kind": Organization.Kind.STUDY_PROMOTION}, {"region": "dia-ban-so-0"}, {"page": "2"}, {"kind": "x"}],
        ids=["plain", "kind", "region", "page-2", "bad-kind"],
    )
    def test_directory_query_count_does_not_grow_with_data(self, client, params):
        regions = bulk_regions(3)
        parent = OrganizationFactory(name="Cấp trên", logo=uploaded_png())

        bulk_organizations(10, regions=regions)
        small, response = queries_for(client, DIRECTORY_URL, params)
        assert response.context["page_obj"].object_list
        Organization.objects.update(parent=parent)
        bulk_organizations(190, start=10, regions=regions)
        large, response = queries_for(client, DIRECTORY_URL, params)

        assert small == large <= 5


class OrganizationPageQueryTests:
    def test_organization_page_query_count_does_not_grow_with_its_programmes_news_and_children(self, client):
        organizations = bulk_organizations(400)
        organization = organizations[0]
        organization.parent = organizations[1]
        organization.save()

        counts = []
        for size, start in ((10, 0), (200, 1000)):
            bulk_programmes(size, start=start, organizations=[organization, *organizations[1:5]])
            bulk_articles(size, start=start, organization=organization)
            Organization.objects.filter(pk__in=[o.pk for o in organizations[2 : 2 + size]]).update(parent=organization)

            count, response = queries_for(client, organization.get_absolute_url())
            assert len(response.context["children"]) == size
            assert len(response.context["parties"]) >= size // 5
            counts.append(count)

        assert counts[0] == counts[1] <= 6
