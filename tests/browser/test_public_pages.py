"""A reader walks the public site in real headless Chromium, on a phone and on a desktop:
home -> article -> programme -> organization -> search, clicking links as a person would.

On every page: no horizontal scrolling, no console errors (CSP violations included), and a
full-page screenshot in the ``artifacts`` folder for a person to look at."""

import datetime

import pytest
import time_machine

from tests.factories import VN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


@pytest.fixture(autouse=True)
def june_2024():
    # Programme statuses depend on the date; the clock keeps ticking for the browser.
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)):
        yield


def settle(page):
    """Load lazy images (scroll through the page), then come back to the top."""
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")


def check_page(page, artifacts, name, width_name):
    settle(page)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.screenshot(path=str(artifacts / f"public-{name}-{width_name}.png"), full_page=True)
    assert scroll_width <= inner_width, f"{name} at {width_name}: page is {scroll_width}px wide in {inner_width}px"
    assert page.console_errors == [], f"{name} at {width_name}: {page.console_errors}"
    broken = page.evaluate(
        "Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], f"{name} at {width_name}: broken images {broken}"


@pytest.mark.parametrize("width_name", WIDTHS)
def test_a_reader_walks_from_home_to_search_without_sideways_scrolling(
    page, live_server, demo_site, artifacts, width_name
):
    width, height = WIDTHS[width_name]
    page.set_viewport_size({"width": width, "height": height})

    page.goto(f"{live_server.url}/")
    assert page.locator("h2", has_text="Tin mới").is_visible()
    assert page.locator("footer").get_by_text("Chịu trách nhiệm nội dung").is_visible()
    check_page(page, artifacts, "1-home", width_name)

    page.locator(".featured-title a").click()
    page.wait_for_url("**/tin-tuc/*-*/")
    assert page.locator("h1.article-title").is_visible()
    assert page.get_by_text("Tiện ích thông tin").is_visible()
    assert page.locator(".article-meta").inner_text().startswith("Thứ ")
    check_page(page, artifacts, "2-article", width_name)

    page.locator(".programme-box h2 a").first.click()
    page.wait_for_url("**/chuong-trinh/*-*/")
    assert page.locator("h1").is_visible()
    check_page(page, artifacts, "3-programme", width_name)

    page.locator("main a[href^='/to-chuc/']").first.click()
    page.wait_for_url("**/to-chuc/*-*/")
    assert page.locator("h1").is_visible()
    check_page(page, artifacts, "4-organization", width_name)

    if width_name == "phone":
        page.locator(".navbar-toggler").click()
    search_box = page.locator("#masthead-q")
    search_box.wait_for(state="visible")
    search_box.fill("doan thanh nien hai phong")
    search_box.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    assert page.locator("mark").first.is_visible()
    assert "Đoàn" in page.locator("main").inner_text()
    check_page(page, artifacts, "5-search", width_name)


@pytest.mark.parametrize("width_name", WIDTHS)
def test_the_news_list_and_the_feedback_form_fit_the_screen(page, live_server, demo_site, artifacts, width_name):
    width, height = WIDTHS[width_name]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/tin-tuc/")
    check_page(page, artifacts, "6-news-list", width_name)

    page.goto(f"{live_server.url}/gop-y/")
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Vui lòng nhập họ và tên.").is_visible()
    check_page(page, artifacts, "7-feedback-errors", width_name)


def test_comment_after_approval_appears_under_the_article(page, live_server, demo_site, artifacts):
    from news.models import Article, Comment

    article = Article.objects.published().order_by("-published_at").first()
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.get_by_role("link", name="Viết bình luận").click()
    page.fill("#id_name", "Nguyễn Thị Hoa")
    page.fill("#id_body", "Mong chương trình được nhân rộng ra các xã.")
    page.locator("input[type=submit][value='Gửi bình luận']").click()
    page.wait_for_url(f"**{article.get_absolute_url()}#binh-luan")
    assert page.get_by_text("sau khi ban biên tập duyệt").first.is_visible()
    assert not page.get_by_text("Mong chương trình được nhân rộng ra các xã.").count()

    Comment.objects.update(is_approved=True)
    page.reload()
    assert page.get_by_text("Mong chương trình được nhân rộng ra các xã.").is_visible()
    assert page.console_errors == []
