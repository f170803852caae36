"""Public lists stay small however much there is behind them: what a reader downloads is one page."""

import re

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory, PartyFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("agreements:programme-list")


def organization_options(html):
    select = re.search(r'<select name="organization".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select)


class ProgrammeFilterSizeTests:
    @pytest.fixture
    def parties(self, monkeypatch):
        """Four organizations in 4, 3, 2 and 1 programmes, and two in none; the filter offers three."""
        monkeypatch.setattr("agreements.views.ORGANIZATION_OPTIONS", 3)
        organizations = [OrganizationFactory(name=f"Tổ chức {letter}") for letter in "ABCD"]
        OrganizationFactory.create_batch(2)
        for count, organization in zip((4, 3, 2, 1), organizations, strict=True):
            for _ in range(count):
                PartyFactory(organization=organization, programme=ProgrammeFactory())
        return organizations

    def test_the_organization_filter_offers_the_organizations_in_the_most_listed_programmes(self, client, parties):
        response = client.get(LIST_URL)
        options = organization_options(response.text)
        assert [name for _pk, name in options] == ["Tất cả tổ chức", "Tổ chức A", "Tổ chức B", "Tổ chức C"]
        assert "3 tổ chức tham gia nhiều chương trình nhất trong kết quả" in response.text

    def test_an_organization_not_offered_still_filters_and_shows_as_chosen(self, client, parties):
        last = parties[-1]
        response = client.get(LIST_URL, {"organization": last.pk})
        assert response.context["paginator"].count == 1
        assert re.search(rf'<option value="{last.pk}" selected>Tổ chức D</option>', response.text)
        assert not response.context["filter_form"].errors

    def test_with_few_organizations_every_one_is_offered_without_a_note(self, client, monkeypatch):
        PartyFactory(organization=OrganizationFactory(name="Tổ chức duy nhất"))
        response = client.get(LIST_URL)
        assert [name for _pk, name in organization_options(response.text)] == ["Tất cả tổ chức", "Tổ chức duy nhất"]
        assert "tham gia nhiều chương trình nhất" not in response.text
