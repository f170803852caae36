"""The programme overview's tile map in real headless Chromium, at a phone and a desktop width:
no sideways scrolling, every tile readable and a tap away from its filtered list.

Screenshots of the page and of the map go to the ``artifacts`` folder (test-artifacts/)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from organizations.models import Organization, Region
from organizations.provinces import map_regions_to_units
from tests.factories import VN, OrganizationFactory, PartyFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
OVERVIEW = reverse("agreements:programme-overview")


@pytest.fixture(autouse=True)
def june_2024():
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)):
        yield


@pytest.fixture
def programmes():
    """Programmes in force in five provinces, two of them in Ninh Bình (one signed as Hà Nam's)."""
    map_regions_to_units(Region, Organization)  # the 34, should a flush have removed what the migration made
    spread = {1: 1, 31: 3, 37: 2, 38: 1, 79: 4}
    for code, count in spread.items():
        region = Region.objects.get(code=code)
        for n in range(count):
            programme = ProgrammeFactory(
                title=f"Chương trình phối hợp {region.name} số {n}", start_year=2023, end_year=2026
            )
            PartyFactory(programme=programme, organization=OrganizationFactory(region=region))
    return spread


@pytest.mark.parametrize("device", WIDTHS)
def test_the_map_fits_the_screen_and_every_tile_can_be_read_and_tapped(
    live_server, page, artifacts, programmes, device
):
    width, height = WIDTHS[device]
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(f"{live_server.url}{OVERVIEW}")
    assert response.status == 200
    page.screenshot(path=str(artifacts / f"programme-overview-{width}.png"), full_page=True)
    page.locator("figure.tile-map").screenshot(path=str(artifacts / f"programme-overview-map-{width}.png"))
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"the overview at {width}px scrolls sideways ({scroll_width} > {inner_width})"
    assert page.console_errors == [], page.console_errors

    tiles = page.locator("a.tile-map-tile")
    assert tiles.count() == 34
    sizes = tiles.evaluate_all(
        """tiles => tiles.map(tile => {
            const box = tile.getBoundingClientRect();
            const name = tile.querySelector('text').getBoundingClientRect();
            const size = parseFloat(getComputedStyle(tile.querySelector('text')).fontSize);
            const scale = tile.ownerSVGElement.getScreenCTM().a;
            return {width: box.width, height: box.height, font: size * scale,
                    fits: name.left >= box.left - 0.5 && name.right <= box.right + 0.5,
                    inside: box.left >= 0 && box.right <= innerWidth};
        })"""
    )
    for size in sizes:
        assert size["inside"] and size["fits"], size
        assert size["width"] >= 60 and size["height"] >= 44, size  # a finger's tap
        assert size["font"] >= 11.5, size  # the province's name, in CSS pixels

    ho_chi_minh = page.locator('a.tile-map-tile[data-region="ho-chi-minh"]')
    assert ho_chi_minh.get_attribute("data-count") == "4"
    ho_chi_minh.click()
    page.wait_for_url("**/chuong-trinh/?region=ho-chi-minh&status=dang_hieu_luc")
    assert page.locator("main [role=status]").first.inner_text().startswith("Có 4 chương trình")


def test_a_tile_is_reached_and_followed_with_the_keyboard(live_server, page, programmes):
    page.goto(f"{live_server.url}{OVERVIEW}")
    tile = page.locator('a.tile-map-tile[data-region="ninh-binh"]')
    tile.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Ninh Bình: 2 chương trình đang hiệu lực"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**region=ninh-binh**")
    assert page.locator("main [role=status]").first.inner_text().startswith("Có 2 chương trình")
