import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from organizations.models import Organization
from tests.factories import OrganizationFactory


@pytest.mark.django_db
class OrganizationTests:
    def test_slug_is_made_from_the_short_name_with_vietnamese_letters_folded(self):
        organization = OrganizationFactory(
            name="Ban Chấp hành Đoàn TNCS Hồ Chí Minh", short_name="Thành đoàn Hải Phòng"
        )
        assert organization.slug == "thanh-doan-hai-phong"

    def test_same_name_gets_a_distinct_slug(self):
        first = OrganizationFactory(name="Hội Khuyến học")
        second = OrganizationFactory(name="Hội Khuyến học")
        assert (first.slug, second.slug) == ("hoi-khuyen-hoc", "hoi-khuyen-hoc-2")

    def test_only_one_organization_can_host_the_portal(self):
        OrganizationFactory(is_host=True)
        with pytest.raises(IntegrityError):
            OrganizationFactory(is_host=True)

    def test_second_host_is_refused_with_a_vietnamese_message_in_forms(self):
        OrganizationFactory(is_host=True)
        candidate = Organization(name="Hội thứ hai", slug="hoi-thu-hai", is_host=True)
        with pytest.raises(ValidationError) as excinfo:
            candidate.full_clean()
        assert "cơ quan chủ quản cổng" in str(excinfo.value)

    def test_host_is_found_by_the_queryset(self):
        OrganizationFactory(name="Khác")
        host = OrganizationFactory(name="Chủ quản", is_host=True)
        assert Organization.objects.host() == host

    def test_known_names_include_abbreviation_and_aliases(self):
        organization = OrganizationFactory(
            name="Hội Khuyến học thành phố Hải Phòng",
            abbreviation="HKH",
            aliases="Hội KH thành phố\n\n  Hội Khuyến học HP ",
        )
        assert organization.known_names() == [
            "Hội Khuyến học thành phố Hải Phòng",
            "HKH",
            "Hội KH thành phố",
            "Hội Khuyến học HP",
        ]
