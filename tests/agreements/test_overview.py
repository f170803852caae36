"""The programme overview (/chuong-trinh/tong-quan/) and its tile map of the 34 provinces, the
provinces of July 2025 with their former names, and finding things by a former name."""

import re
import uuid

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Party
from agreements.overview import SHADES, shades_for
from organizations.models import Organization, Region
from organizations.provinces import FORMER_PROVINCES, TILE_GRID, map_regions_to_units, unit_named, units
from pagecache import middleware as pagecache
from tests.factories import FIXED_NOW, OrganizationFactory, PartyFactory, ProgrammeFactory, ReviewFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("agreements:programme-overview")
LIST = reverse("agreements:programme-list")
TILE = re.compile(
    r'<a class="tile-map-tile" href="([^"]+)" aria-label="([^"]+)" data-region="([^"]+)" data-count="(\d+)">'
)


@pytest.fixture(autouse=True)
def in_2024():
    """Statuses follow today's year: 2024 here."""
    with time_machine.travel(FIXED_NOW, tick=False):
        yield


def region(code):
    return Region.objects.get(code=code)


def programme_in(*regions, start=2023, end=2026, published=True, **kwargs):
    programme = ProgrammeFactory(start_year=start, end_year=end, is_published=published, **kwargs)
    for order, place in enumerate(regions):
        PartyFactory(programme=programme, organization=OrganizationFactory(region=place), order=order)
    return programme


def tiles(response):
    body = response.content.decode().replace("&amp;", "&")
    return {slug: (href, label, int(count)) for href, label, slug, count in TILE.findall(body)}


def count_on_page(response, name):
    return int(re.search(rf'data-count="{name}">(?:<a [^>]+>)?(\d+)', response.content.decode()).group(1))


class ProvinceDataTests:
    def test_the_package_lists_the_34_units_of_july_2025_and_the_map_places_each_once(self):
        codes = {unit.code for unit in units()}
        assert len(codes) == 34
        assert set(TILE_GRID) == codes
        assert len(set(TILE_GRID.values())) == 34
        assert set(FORMER_PROVINCES) <= codes

    def test_the_former_provinces_are_the_29_merged_away(self):
        former = [name for names in FORMER_PROVINCES.values() for name in names if name != "Thừa Thiên Huế"]
        assert len(former) == 63 - 34
        assert unit_named("Hà Nam").name == unit_named("nam dinh").name == "Ninh Bình"
        assert unit_named("Tỉnh Bà Rịa – Vũng Tàu").name == "Hồ Chí Minh"
        assert unit_named("TP. Hải Phòng").code == 31
        assert unit_named("Hội cơ sở") is None

    def test_the_migration_gave_every_unit_a_region_with_its_code_and_former_names(self):
        assert Region.objects.filter(code__isnull=False).count() == 34
        ninh_binh = region(37)
        assert ninh_binh.name == "Ninh Bình"
        assert ninh_binh.former_name_list() == ["Hà Nam", "Nam Định"]


class RegionAdminTests:
    def test_a_region_named_after_a_former_province_is_refused_with_where_it_belongs(self, admin_client):
        url = reverse("admin:organizations_region_add")
        response = admin_client.post(url, {"name": "Hà Nam", "slug": "ha-nam", "former_names": "", "order": 0})
        assert response.status_code == 200
        assert "“Hà Nam” nay thuộc Ninh Bình (sắp xếp từ 1/7/2025): hãy dùng địa bàn Ninh Bình." in (
            response.content.decode()
        )
        response = admin_client.post(url, {"name": "tỉnh ninh bình", "slug": "x", "former_names": "", "order": 0})
        assert "Đã có địa bàn Ninh Bình." in response.content.decode()
        assert not Region.objects.filter(slug__in=["ha-nam", "x"]).exists()
        response = admin_client.post(url, {"name": "Các trường đại học", "slug": "dai-hoc", "order": 0})
        assert response.status_code == 302 and Region.objects.filter(slug="dai-hoc", code=None).exists()


class RegionMappingTests:
    """``map_regions_to_units``, what organizations migration 0009 runs."""

    def test_former_provinces_are_merged_into_their_new_unit_and_nothing_is_lost(self):
        Region.objects.filter(code__in=[37, 31]).delete()
        ha_nam = Region.objects.create(name="Tỉnh Hà Nam", order=2)
        nam_dinh = Region.objects.create(name="nam dinh", former_names="Nam Hà")
        hai_phong = Region.objects.create(name="Hải Phòng", slug="hai-phong")
        odd = Region.objects.create(name="Các trường đại học")
        in_ha_nam = OrganizationFactory(name="Hội Khuyến học tỉnh Hà Nam", region=ha_nam)
        in_nam_dinh = OrganizationFactory(name="Hội Khuyến học tỉnh Nam Định", region=nam_dinh)
        in_odd = OrganizationFactory(name="Hội Khuyến học Đại học", region=odd)
        before = Organization.objects.count()

        map_regions_to_units(Region, Organization)

        ninh_binh = region(37)
        assert ninh_binh.name == "Ninh Bình"
        assert set(ninh_binh.former_name_list()) == {"Hà Nam", "Nam Định", "Nam Hà"}
        assert set(ninh_binh.organizations.all()) == {in_ha_nam, in_nam_dinh}
        assert Region.objects.filter(pk__in=[ha_nam.pk, nam_dinh.pk]).count() == 1  # one became Ninh Bình
        assert Region.objects.get(pk=hai_phong.pk).code == 31  # the same row: its address and links stay
        assert Region.objects.get(pk=hai_phong.pk).slug == "hai-phong"
        in_odd.refresh_from_db()
        assert in_odd.region == odd and Region.objects.get(pk=odd.pk).code is None
        assert Organization.objects.count() == before
        assert Region.objects.filter(code__isnull=False).count() == 34

    def test_mapping_twice_changes_nothing(self):
        map_regions_to_units(Region, Organization)
        first = list(Region.objects.values_list("pk", "name", "code", "former_names", "order"))
        map_regions_to_units(Region, Organization)
        assert list(Region.objects.values_list("pk", "name", "code", "former_names", "order")) == first


class OverviewCountTests:
    def test_the_counts_are_those_of_the_published_programmes(self, client):
        active = programme_in(region(31), region(37))
        programme_in(region(31), start=2019, end=2022)
        programme_in(region(38), start=2025, end=2028)
        programme_in(region(38), end=None)
        programme_in(region(38), published=False)
        ReviewFactory(programme=active)
        ReviewFactory(programme=active, kind="tong_ket")
        response = client.get(OVERVIEW)
        assert response.status_code == 200
        assert count_on_page(response, "programmes") == 4
        assert count_on_page(response, "active") == 2
        assert count_on_page(response, "expired") == 1
        assert count_on_page(response, "upcoming") == 1
        assert count_on_page(response, "parties") == 5
        assert count_on_page(response, "organizations") == Organization.objects.count()
        assert count_on_page(response, "reviews") == 2

    def test_the_list_links_to_the_overview(self, client):
        assert f'href="{OVERVIEW}"' in client.get(LIST).content.decode()


class TileMapTests:
    def test_every_tile_counts_what_the_list_it_leads_to_counts(self, client):
        ha_noi, hai_phong, ninh_binh, ca_mau = region(1), region(31), region(37), region(96)
        programme_in(hai_phong, ninh_binh)
        programme_in(hai_phong, hai_phong)  # two parties in one province: once there
        programme_in(ninh_binh)
        programme_in(ninh_binh, start=2019, end=2022)  # expired: not on the map
        programme_in(ca_mau, published=False)  # unpublished: not for readers
        programme_in(ha_noi, end=None)
        found = tiles(client.get(OVERVIEW))
        assert len(found) == 34
        assert {slug: count for slug, (_, _, count) in found.items() if count} == {
            hai_phong.slug: 2,
            ninh_binh.slug: 2,
            ha_noi.slug: 1,
        }
        for slug, (href, label, count) in found.items():
            listed = client.get(href)
            assert listed.context["paginator"].count == count, slug
            assert f"Có {count} chương trình" in listed.content.decode() or count == 0
            assert label.endswith(f": {count} chương trình đang hiệu lực")

    def test_tiles_are_shaded_by_their_count_with_a_legend(self, client):
        for _ in range(4):
            programme_in(region(31))
        programme_in(region(37))
        body = client.get(OVERVIEW).content.decode()
        assert re.search(r'data-region="hai-phong" data-count="4"><title>[^<]+</title><rect [^>]*fill="#0b4f8a"', body)
        assert re.search(r'data-count="1"><title>[^<]+</title><rect [^>]*fill="#dbe7f3"', body)
        assert re.search(r'data-count="0"><title>[^<]+</title><rect [^>]*fill="#f3f4f6"', body)
        legend = re.search(r'<ul class="tile-map-legend.*?</ul>', body, re.S).group(0)
        assert [label for label in re.findall(r"</svg> ([^<]+) chương trình", legend)] == ["0", "1", "2", "3", "4"]

    def test_the_legend_ranges_cover_every_count_and_the_most_is_darkest(self):
        for highest in (0, 1, 2, 3, 7, 50):
            shades = shades_for(highest)
            covered = [n for shade in shades for n in range(shade.low, shade.high + 1)]
            assert covered == list(range(highest + 1))
            if highest:
                assert shades[-1].fill == SHADES[-1][0]

    @pytest.mark.parametrize(("fill", "text"), SHADES)
    def test_the_numbers_on_every_shade_are_readable(self, fill, text):
        def luminance(colour):
            channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
            linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

        light, dark = sorted([luminance(fill), luminance(text)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5

    def test_the_map_scales_to_its_column_and_names_itself(self, client):
        body = client.get(OVERVIEW).content.decode()
        svg = re.search(r"<svg [^>]*aria-labelledby=\"tile-map-title\"[^>]*>", body).group(0)
        assert 'viewBox="' in svg and 'width="100%"' in svg
        assert "Bản đồ ô 34 tỉnh, thành phố" in body

    def test_staff_see_unpublished_programmes_counted_as_in_the_list_they_see(self, client):
        staff = get_user_model().objects.create_user("bientap", password="x", is_staff=True)
        client.force_login(staff)
        programme_in(region(96), published=False)
        href, _, count = tiles(client.get(OVERVIEW))[region(96).slug]
        assert count == 1 == client.get(href).context["paginator"].count

    def test_the_overview_costs_the_same_queries_with_more_programmes(self, client):
        counts = []
        for size in (2, 20):
            while Party.objects.count() < size:
                programme_in(region(31), region(37))
            with CaptureQueriesContext(connection) as captured:
                client.get(OVERVIEW)
            counts.append(len(captured))
        assert counts[0] == counts[1]


class FormerNameTests:
    @pytest.fixture
    def ninh_binh_association(self):
        association = OrganizationFactory(name="Hội Khuyến học tỉnh Ninh Bình", region=region(37))
        police = OrganizationFactory(name="Công an tỉnh Ninh Bình", region=region(37))
        elsewhere = OrganizationFactory(name="Hội Khuyến học tỉnh Thanh Hóa", region=region(38))
        programme = ProgrammeFactory(
            title="Chương trình phối hợp khuyến học, khuyến tài", start_year=2023, end_year=2026
        )
        PartyFactory(programme=programme, organization=association)
        return association, police, elsewhere, programme

    @pytest.mark.parametrize("typed", ["Hà Nam", "ha nam", "HA NAM", "Nam Định", "ninh binh"])
    def test_searching_a_former_province_finds_what_is_in_its_new_unit(self, client, ninh_binh_association, typed):
        association, police, _, programme = ninh_binh_association
        response = client.get(reverse("search"), {"q": typed, "loai": "to-chuc"})
        assert {hit.object for hit in response.context["hits"]} == {association, police}
        assert association.get_absolute_url() in response.content.decode()
        programmes = client.get(reverse("search"), {"q": typed, "loai": "chuong-trinh"})
        assert [hit.object for hit in programmes.context["hits"]] == [programme]

    def test_the_other_words_still_narrow_the_province(self, client, ninh_binh_association):
        association, *_ = ninh_binh_association
        response = client.get(reverse("search"), {"q": "hội khuyến học hà nam", "loai": "to-chuc"})
        assert [hit.object for hit in response.context["hits"]] == [association]
        assert "“Hà Nam” nay thuộc Ninh Bình" in response.content.decode()

    def test_a_query_naming_no_province_is_unchanged(self, client, ninh_binh_association):
        _, police, *_ = ninh_binh_association
        response = client.get(reverse("search"), {"q": "công an", "loai": "to-chuc"})
        assert [hit.object for hit in response.context["hits"]] == [police]
        assert "nay thuộc" not in response.content.decode()

    def test_a_search_naming_no_province_does_not_read_the_regions(self, client, ninh_binh_association):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("search"), {"q": "khuyến học"})
        assert not [q["sql"] for q in captured if 'FROM "organizations_region"' in q["sql"]]
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("search"), {"q": "khuyến học hà nam"})
        assert len([q["sql"] for q in captured if 'FROM "organizations_region"' in q["sql"]]) == 1

    def test_the_programme_list_takes_a_former_province_address(self, client, ninh_binh_association):
        *_, programme = ninh_binh_association
        response = client.get(LIST, {"region": "ha-nam"})
        assert response.context["filter_form"].cleaned_data["region"] == region(37)
        assert programme.title in response.content.decode()
        assert "Không tìm thấy địa bàn này" in client.get(LIST, {"region": "khong-co"}).content.decode()

    def test_the_admin_finds_organizations_by_a_former_province(self, admin_client, ninh_binh_association):
        association, police, elsewhere, _ = ninh_binh_association
        url = reverse("admin:organizations_organization_changelist")
        body = admin_client.get(url, {"q": "ha nam"}).content.decode()
        assert association.name in body and police.name in body and elsewhere.name not in body
        listing = admin_client.get(url).content.decode()
        assert "Ninh Bình (gồm Hà Nam, Nam Định)" in listing
        programmes = admin_client.get(reverse("admin:agreements_programme_changelist")).content.decode()
        assert "Ninh Bình (gồm Hà Nam, Nam Định)" in programmes


class OverviewPageCacheTests:
    @pytest.fixture
    def page_cache(self, settings):
        settings.PAGECACHE_ENABLED = True
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"ov-{uuid.uuid4()}"}
        }
        pagecache.reset_state()
        yield caches["default"]
        caches["default"].clear()
        pagecache.reset_state()

    def test_readers_get_the_stored_overview_and_a_change_shows_at_once(self, client, page_cache):
        programme = programme_in(region(31))
        assert tiles(client.get(OVERVIEW))[region(31).slug][2] == 1
        with CaptureQueriesContext(connection) as captured:
            again = client.get(OVERVIEW)
        assert again.headers.get(pagecache.STATUS_HEADER) == "hit" and len(captured) == 0
        programme_in(region(31))
        assert tiles(client.get(OVERVIEW))[region(31).slug][2] == 2
        programme.is_published = False
        programme.save()
        assert tiles(client.get(OVERVIEW))[region(31).slug][2] == 1
        hai_phong = region(31)
        hai_phong.name = "TP Hải Phòng"
        hai_phong.save()
        assert "TP Hải Phòng" in client.get(OVERVIEW).content.decode()
