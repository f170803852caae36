"""Sharing an article or a programme in real Chromium: Facebook and Zalo are plain links, so nothing is
fetched from them (or from any other server) until the reader clicks; "Sao chép địa chỉ" puts the page's
canonical address on the clipboard and says so; none of it is printed."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine

from tests.factories import VN, ArticleFactory, OrganizationFactory, programme_with_parties, uploaded_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SITE = "https://khuyenhoc.example.vn"


@pytest.fixture(autouse=True)
def june_2024():
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)):
        yield


@pytest.fixture
def items():
    host = OrganizationFactory(
        name="Hội Khuyến học thành phố Hải Phòng", is_host=True, logo=uploaded_png("logo.png", width=64, height=64)
    )
    article = ArticleFactory(
        title="Trao 200 suất học bổng",
        cover_image=uploaded_png("anh-bia.png", width=400, height=300),
        cover_alt="Học sinh nhận học bổng.",
    )
    programme = programme_with_parties([host, OrganizationFactory(name="Đoàn Thanh niên thành phố")])
    return {"article": article, "programme": programme}


@pytest.mark.parametrize("kind", ["article", "programme"])
def test_sharing_loads_nothing_from_elsewhere_and_copies_the_address(page, live_server, items, artifacts, kind):
    item = items[kind]
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    page.goto(f"{live_server.url}{item.get_absolute_url()}?ban-in=abc")
    page.wait_for_load_state("networkidle")
    facebook = page.get_by_role("link", name="Chia sẻ lên Facebook")
    zalo = page.get_by_role("link", name="Chia sẻ qua Zalo")
    assert facebook.is_visible() and zalo.is_visible()
    assert urlsplit(facebook.get_attribute("href")).netloc == "www.facebook.com"
    assert urlsplit(zalo.get_attribute("href")).netloc == "button-share.zalo.me"
    assert facebook.get_attribute("target") == "_blank"

    copy = page.get_by_role("button", name="Sao chép địa chỉ")  # a link until portal.js makes it a button
    copy.click()
    page.get_by_text("Đã sao chép địa chỉ trang.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{SITE}{item.get_absolute_url()}"
    assert page.url.endswith("?ban-in=abc")  # the reader stays where they were
    page.locator(".article-tools, .programme-tools").screenshot(path=str(artifacts / f"sharing-{kind}.png"))

    page.emulate_media(media="print")
    assert not facebook.is_visible() and not zalo.is_visible() and not copy.is_visible()

    hosts = {urlsplit(url).netloc for url in requested}
    assert hosts == {urlsplit(live_server.url).netloc}, requested
    assert page.console_errors == []


def test_without_the_script_copying_is_a_plain_link_to_the_page(browser, live_server, items):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{items['article'].get_absolute_url()}")
        link = page.get_by_role("link", name="Sao chép địa chỉ")
        assert link.get_attribute("href") == f"{SITE}{items['article'].get_absolute_url()}"
    finally:
        context.close()
