"""Commitments on the programme page: numbered for the editor (still editable), titles in a box."""

import re

import pytest
from django.urls import reverse

from agreements.models import Party, Programme
from tests.agreements.test_admin import ADD_URL, inline, programme_post
from tests.factories import CommitmentFactory, OrganizationFactory, PartyFactory, ProgrammeFactory


def commitment_rows(programme):
    return list(programme.commitments.order_by("number").values_list("number", "title"))


@pytest.fixture
def hkh():
    return OrganizationFactory(name="Hội Khuyến học thành phố")


@pytest.fixture
def programme_with_two(hkh):
    programme = ProgrammeFactory()
    PartyFactory(programme=programme, organization=hkh, role=Party.Role.LEAD)
    CommitmentFactory(programme=programme, number=1, title="Tuyên truyền về khuyến học")
    CommitmentFactory(programme=programme, number=2, title="Trao học bổng")
    return programme


def change_post(programme, *, commitments):
    """The change form as the browser sends it: every stored row, then the new ones."""
    party = programme.parties.get()
    stored = [{"id": c.pk, "number": c.number, "title": c.title} for c in programme.commitments.all()]
    data = programme_post(parties=[], signatories=[], commitments=[], title=programme.title, slug=programme.slug)
    data |= inline(
        "parties", [{"id": party.pk, "organization": party.organization_id, "role": party.role, "order": 0}], 1
    )
    data |= inline("commitments", stored + commitments, len(stored))
    return data


@pytest.mark.django_db
class CommitmentNumberingTests:
    def test_commitments_left_without_a_number_are_numbered_in_order(self, client, superuser, hkh):
        client.force_login(superuser)
        data = programme_post(
            parties=[{"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0}],
            signatories=[],
            commitments=[{"number": "", "title": f"Nội dung {n}", "description": ""} for n in ("một", "hai", "ba")],
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 302, response.context["errors"] if response.context else response
        assert commitment_rows(Programme.objects.get()) == [
            (1, "Nội dung một"),
            (2, "Nội dung hai"),
            (3, "Nội dung ba"),
        ]

    def test_a_new_commitment_of_an_existing_programme_gets_the_next_number(
        self, client, superuser, programme_with_two
    ):
        client.force_login(superuser)
        url = reverse("admin:agreements_programme_change", args=[programme_with_two.pk])
        response = client.post(url, change_post(programme_with_two, commitments=[{"number": "", "title": "Mới"}]))
        assert response.status_code == 302, response.context["errors"] if response.context else response
        assert commitment_rows(programme_with_two)[-1] == (3, "Mới")

    def test_a_typed_number_is_kept_and_empty_ones_follow_it(self, client, superuser, programme_with_two):
        client.force_login(superuser)
        url = reverse("admin:agreements_programme_change", args=[programme_with_two.pk])
        rows = [{"number": "7", "title": "Số bảy"}, {"number": "", "title": "Tiếp theo"}]
        response = client.post(url, change_post(programme_with_two, commitments=rows))
        assert response.status_code == 302, response.context["errors"] if response.context else response
        assert [number for number, _title in commitment_rows(programme_with_two)] == [1, 2, 7, 8]

    def test_the_empty_row_on_the_page_proposes_the_next_number(self, client, superuser, programme_with_two):
        client.force_login(superuser)
        html = client.get(reverse("admin:agreements_programme_change", args=[programme_with_two.pk])).text
        new_row = re.search(r'<input[^>]*name="commitments-2-number"[^>]*>', html).group(0)
        assert 'value="3"' in new_row
        add_page = client.get(ADD_URL).text
        assert 'value="1"' in re.search(r'<input[^>]*name="commitments-0-number"[^>]*>', add_page).group(0)

    def test_a_proposed_number_alone_does_not_make_a_commitment(self, client, superuser, programme_with_two):
        client.force_login(superuser)
        url = reverse("admin:agreements_programme_change", args=[programme_with_two.pk])
        response = client.post(url, change_post(programme_with_two, commitments=[{"number": "3", "title": ""}]))
        assert response.status_code == 302, response.context["errors"] if response.context else response
        assert programme_with_two.commitments.count() == 2

    def test_the_page_loads_the_script_that_numbers_added_rows(self, client, superuser):
        client.force_login(superuser)
        assert "admin/js/commitment_numbers.js" in client.get(ADD_URL).text


@pytest.mark.django_db
class CommitmentTitleBoxTests:
    def test_the_title_is_typed_in_a_multi_line_box(self, client, superuser, programme_with_two):
        client.force_login(superuser)
        html = client.get(reverse("admin:agreements_programme_change", args=[programme_with_two.pk])).text
        assert re.search(r'<textarea[^>]*name="commitments-0-title"', html)
        assert "Tuyên truyền về khuyến học</textarea>" in html

    def test_line_breaks_typed_in_the_box_do_not_enter_the_title(self, client, superuser, programme_with_two):
        client.force_login(superuser)
        url = reverse("admin:agreements_programme_change", args=[programme_with_two.pk])
        row = {"number": "", "title": "Phối hợp xây dựng\r\nmô hình học tập  "}
        response = client.post(url, change_post(programme_with_two, commitments=[row]))
        assert response.status_code == 302, response.context["errors"] if response.context else response
        assert commitment_rows(programme_with_two)[-1] == (3, "Phối hợp xây dựng mô hình học tập")
