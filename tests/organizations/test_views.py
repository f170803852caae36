import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from agreements.models import Party
from news.models import Article
from organizations.models import Organization
from tests.agreements.factories import bulk_articles
from tests.factories import (
    VN,
    ArticleFactory,
    OrganizationFactory,
    ProgrammeFactory,
    RegionFactory,
    programme_with_parties,
    uploaded_png,
)

pytestmark = pytest.mark.django_db

DIRECTORY_URL = reverse("organizations:organization-list")


def names(response):
    return [org.name for org in response.context["page_obj"]]


class DirectoryTests:
    @pytest.fixture
    def directory(self):
        hai_phong, ha_nam = RegionFactory(name="Hải Phòng"), RegionFactory(name="Hà Nam")
        return {
            "hai_phong": hai_phong,
            "ha_nam": ha_nam,
            "doan": OrganizationFactory(
                name="Thành đoàn Hải Phòng", kind=Organization.Kind.YOUTH_UNION, region=hai_phong
            ),
            "hkh": OrganizationFactory(
                name="Hội Khuyến học thành phố",
                kind=Organization.Kind.STUDY_PROMOTION,
                region=hai_phong,
                logo=uploaded_png(),
                is_member=True,
            ),
            "ha_nam_hkh": OrganizationFactory(
                name="Hội Khuyến học tỉnh Hà Nam", kind=Organization.Kind.STUDY_PROMOTION, region=ha_nam
            ),
            "school": OrganizationFactory(
                name="Trường THPT Ngô Quyền", kind=Organization.Kind.SCHOOL, region=hai_phong, abbreviation="NQ"
            ),
        }

    def test_directory_groups_organizations_by_kind_in_the_kinds_order(self, client, directory):
        text = client.get(DIRECTORY_URL).text

        headings = re.findall(r'<h2 class="h5 border-bottom pb-1" id="loai-\d+">([^<]+)</h2>', text)
        assert headings == ["Hội Khuyến học", "Đoàn Thanh niên", "Trường học"]
        assert text.index("Hội Khuyến học thành phố") < text.index("Hội Khuyến học tỉnh Hà Nam")

    def test_logo_or_abbreviation_is_shown_in_a_fixed_box(self, client, directory):
        text = client.get(DIRECTORY_URL).text

        assert re.search(
            r'<img class="org-logo org-logo-48" src="/media/logos/[^"]+" alt="Biểu trưng Hội Khuyến học '
            r'thành phố" width="48" height="48"',
            text,
        )
        assert re.search(r'org-logo-placeholder" aria-hidden="true">NQ</span>', text)

    def test_members_region_and_level_are_said(self, client, directory):
        text = client.get(DIRECTORY_URL).text

        assert "Tỉnh / Thành phố · Hải Phòng · Thành viên" in text

    def test_kind_filter(self, client, directory):
        response = client.get(DIRECTORY_URL, {"kind": Organization.Kind.STUDY_PROMOTION})

        assert names(response) == ["Hội Khuyến học thành phố", "Hội Khuyến học tỉnh Hà Nam"]

    def test_region_filter(self, client, directory):
        response = client.get(DIRECTORY_URL, {"region": directory["ha_nam"].slug})

        assert names(response) == ["Hội Khuyến học tỉnh Hà Nam"]

    def test_kind_and_region_combine(self, client, directory):
        response = client.get(
            DIRECTORY_URL, {"kind": Organization.Kind.STUDY_PROMOTION, "region": directory["hai_phong"].slug}
        )

        assert names(response) == ["Hội Khuyến học thành phố"]

    def test_nothing_found_says_so_with_a_way_back(self, client, directory):
        response = client.get(DIRECTORY_URL, {"kind": Organization.Kind.POLICE})

        assert "Không có tổ chức nào phù hợp." in response.text
        assert f'<a href="{DIRECTORY_URL}">Xem tất cả</a>' in response.text

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"kind": "cau-lac-bo"}, "Loại tổ chức “cau-lac-bo” không có"),
            ({"region": "khong-co"}, "Không tìm thấy địa bàn này"),
            ({"region": "x\x00"}, "Không tìm thấy địa bàn này"),
            ({"region": "x" * 5000}, "Không tìm thấy địa bàn này"),
        ],
    )
    def test_malformed_filter_gives_the_normal_page_with_a_message(self, client, directory, params, message):
        response = client.get(DIRECTORY_URL, params)

        assert response.status_code == 200
        assert message in response.text
        assert len(names(response)) == 4

    @pytest.mark.parametrize(
        ("page", "message"),
        [("abc", "Số trang “abc” không hợp lệ; đang hiện trang 1."), ("7", "Không có trang 7; đang hiện trang cuối")],
    )
    def test_bad_page_number_shows_a_real_page_with_a_message(self, client, directory, page, message):
        response = client.get(DIRECTORY_URL, {"page": page})

        assert response.status_code == 200
        assert message in response.text
        assert response.context["page_obj"].number == 1


class OrganizationPageTests:
    @pytest.fixture
    def organization(self):
        parent = OrganizationFactory(name="Trung ương Hội Khuyến học Việt Nam", level=Organization.Level.CENTRAL)
        organization = OrganizationFactory(
            name="Hội Khuyến học thành phố Hải Phòng",
            short_name="Hội Khuyến học thành phố",
            abbreviation="HKH",
            level=Organization.Level.PROVINCE,
            parent=parent,
            region=RegionFactory(name="Hải Phòng"),
            address="Số 1 đường Lạch Tray",
            phone="0225 3 123 456",
            email="khuyenhoc@example.vn",
            website="https://khuyenhoc.example.vn",
            fanpage="https://facebook.com/khuyenhochaiphong",
            description="Tổ chức xã hội làm công tác khuyến học.",
            logo=uploaded_png(),
        )
        OrganizationFactory(name="Hội Khuyến học quận Lê Chân", parent=organization)
        return organization

    def test_details_are_shown(self, client, organization):
        response = client.get(organization.get_absolute_url())
        text = response.text

        assert response.status_code == 200
        for expected in (
            '<h1 class="h3 mb-1">Hội Khuyến học thành phố Hải Phòng</h1>',
            "Hội Khuyến học · HKH",
            "Tỉnh / Thành phố",
            "Trung ương Hội Khuyến học Việt Nam</a>",
            f'href="{DIRECTORY_URL}?region=hai-phong">Hải Phòng</a>',
            "Số 1 đường Lạch Tray",
            'href="tel:02253123456"',
            'href="mailto:khuyenhoc@example.vn"',
            'href="https://khuyenhoc.example.vn"',
            'href="https://facebook.com/khuyenhochaiphong"',
            "Tổ chức xã hội làm công tác khuyến học.",
            "Hội Khuyến học quận Lê Chân",
            'width="96" height="96"',
        ):
            assert expected in text, expected

    def test_its_published_programmes_with_status_and_role(self, client, organization):
        other = OrganizationFactory()
        programme_with_parties([organization, other], title="Chủ trì 2019-2022", start_year=2019, end_year=2022)
        programme_with_parties([other, organization], title="Phối hợp 2023-2026", start_year=2023, end_year=2026)
        programme_with_parties([organization], title="Chưa công bố", is_published=False)
        programme_with_parties([other], title="Không liên quan")

        with time_machine.travel(datetime.datetime(2024, 6, 1, 9, tzinfo=VN), tick=False):
            response = client.get(organization.get_absolute_url())

        parties = list(response.context["parties"])
        assert [(p.programme.title, p.role) for p in parties] == [
            ("Phối hợp 2023-2026", Party.Role.PARTNER),
            ("Chủ trì 2019-2022", Party.Role.LEAD),
        ]
        assert re.search(
            r"Phối hợp 2023-2026</a>\s*<div class=\"small\">Giai đoạn 2023–2026 · "
            r"<span class=\"status-badge status-dang_hieu_luc\">Đang hiệu lực</span>\s* · Phối hợp",
            response.text,
        )
        assert "Đã hết hiệu lực" in response.text
        assert "Chưa công bố" not in response.text

    def test_unpublished_programmes_stay_hidden_even_from_staff_here(self, client, organization, editor):
        programme_with_parties([organization], title="Chưa công bố", is_published=False)
        client.force_login(editor)

        assert "Chưa công bố" not in client.get(organization.get_absolute_url()).text

    def test_no_programmes_is_said(self, client, organization):
        assert (
            "Chưa tham gia chương trình phối hợp nào được công bố." in client.get(organization.get_absolute_url()).text
        )

    def test_only_published_news_mentioning_it_newest_first(self, client, organization):
        older = ArticleFactory(title="Tin cũ", published_at=datetime.datetime(2023, 1, 1, 8, tzinfo=VN))
        newer = ArticleFactory(title="Tin mới", published_at=datetime.datetime(2024, 5, 1, 8, tzinfo=VN))
        draft = ArticleFactory(title="Bản nháp", status=Article.Status.DRAFT, published_at=None)
        scheduled = ArticleFactory(title="Hẹn giờ", published_at=datetime.datetime(2099, 1, 1, tzinfo=VN))
        unrelated = ArticleFactory(title="Không nhắc đến")
        for article in (older, newer, draft, scheduled):
            article.organizations.add(organization)

        response = client.get(organization.get_absolute_url())

        assert [a.title for a in response.context["articles_page"]] == ["Tin mới", "Tin cũ"]
        for hidden in (draft, scheduled, unrelated):
            assert hidden.title not in response.text

    def test_news_is_paginated_and_bad_page_numbers_get_a_message(self, client, organization):
        bulk_articles(25, organization=organization)

        first = client.get(organization.get_absolute_url())
        third = client.get(organization.get_absolute_url(), {"page": "3"})
        bad = client.get(organization.get_absolute_url(), {"page": "99"})

        assert len(first.context["articles_page"]) == 10
        assert 'href="?page=2#tin-tuc"' in first.text
        assert len(third.context["articles_page"]) == 5
        assert bad.status_code == 200
        assert "Không có trang 99; đang hiện trang cuối (trang 3)." in bad.text
        assert first.context["articles_page"][0].title == "Tin hàng loạt số 24"

    def test_old_slug_redirects_permanently(self, client, organization):
        old_url = organization.get_absolute_url()
        organization.slug = "hoi-khuyen-hoc-hai-phong"
        organization.save()

        response = client.get(old_url)

        assert response.status_code == 301
        assert response["Location"] == f"/to-chuc/{organization.pk}-hoi-khuyen-hoc-hai-phong/"

    def test_unknown_id_is_not_found(self, client):
        assert (
            client.get(reverse("organizations:organization-detail", kwargs={"pk": 4040, "slug": "x"})).status_code
            == 404
        )

    def test_minimal_organization_renders(self, client):
        organization = Organization.objects.create(name="Tổ chức tối giản", is_published=True)

        response = client.get(organization.get_absolute_url())

        assert response.status_code == 200
        assert "Chưa có tin bài." in response.text
        assert 'org-logo-placeholder" aria-hidden="true">T</span>' in response.text

    def test_programme_of_the_organization_links_back_to_the_programme_page(self, client, organization):
        programme = ProgrammeFactory()
        Party.objects.create(programme=programme, organization=organization)

        assert programme.get_absolute_url() in client.get(organization.get_absolute_url()).text
