"""SQL queries per programme page: small, and the same with 10 and with 200 rows behind the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Region
from tests.agreements.factories import (
    add_evidence,
    bulk_articles,
    bulk_organizations,
    bulk_programmes,
    fill_programme,
)
from tests.factories import ArticleFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("agreements:programme-list")


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return len(captured), response


class ProgrammeListQueryTests:
    @pytest.fixture
    def grow(self):
        """Call with a size: the database then holds that many programmes, organizations and regions."""
        state = {"programmes": 0, "organizations": 0, "regions": []}

        def grow_to(size):
            new_regions = Region.objects.bulk_create(
                Region(name=f"Địa bàn {n}", slug=f"dia-ban-{n}") for n in range(len(state["regions"]), size)
            )
            state["regions"] += new_regions
            organizations = bulk_organizations(
                size - state["organizations"], start=state["organizations"], regions=state["regions"]
            )
            state["organizations"] = size
            bulk_programmes(size - state["programmes"], start=state["programmes"], organizations=organizations)
            state["programmes"] = size
            return state

        return grow_to

    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"page": "2"},
            {"status": "dang_hieu_luc"},
            {"year": "2020"},
            {"page": "khong-phai-so", "year": "abc"},
        ],
        ids=["plain", "page-2", "status", "year", "bad-input"],
    )
    def test_list_query_count_does_not_grow_with_data(self, client, grow, params):
        grow(10)
        small, response = queries_for(client, LIST_URL, params)
        grow(200)
        large, response = queries_for(client, LIST_URL, params)

        assert small == large <= 6
        assert response.context["page_obj"].object_list

    def test_filtered_by_region_and_organization_query_count_does_not_grow(self, client, grow):
        state = grow(10)
        region = state["regions"][0]
        organization = ProgrammeFactory._meta.model.objects.first().parties.first().organization
        params = {"region": region.slug, "organization": organization.pk, "status": "dang_hieu_luc", "year": 2020}

        small, _ = queries_for(client, LIST_URL, params)
        grow(200)
        large, _ = queries_for(client, LIST_URL, params)

        assert small == large <= 8

    def test_staff_list_query_count_does_not_grow(self, client, grow, editor):
        client.force_login(editor)
        grow(10)
        small, _ = queries_for(client, LIST_URL)
        grow(200)
        large, _ = queries_for(client, LIST_URL)

        # Two more than anonymous visitors: the session and the user.
        assert small == large <= 8


class ProgrammeDetailQueryTests:
    @pytest.mark.parametrize("authenticated", [False, True], ids=["anonymous", "staff"])
    def test_programme_page_query_count_does_not_grow_with_its_parts(self, client, editor, authenticated):
        if authenticated:
            client.force_login(editor)
        organizations = bulk_organizations(200)

        counts = []
        for size, start in ((10, 0), (200, 1000)):
            programme = ProgrammeFactory()
            entries = fill_programme(programme, organizations, count=size)
            review = programme.reviews.first()
            bulk_articles(size, start=start, programme=programme)
            bulk_articles(size, start=start + 500, review=review)
            add_evidence([e for e in entries if e.is_published], bulk_articles(size, start=start + 700))
            ArticleFactory(status="draft", published_at=None).programmes.add(programme)

            count, response = queries_for(client, programme.get_absolute_url())
            assert len(response.context["programme"].parties.all()) == size
            assert len(response.context["articles"]) == size
            html = response.content.decode()
            assert html.count('class="timeline-step"') == size  # the published entries
            assert html.count('class="timeline-step timeline-review"') == size
            assert html.count("Minh chứng: <a") == size
            counts.append(count)

        # Progress entries, assessments, evidence articles and review participants: one query each.
        assert counts[0] == counts[1] <= (15 if authenticated else 13)
