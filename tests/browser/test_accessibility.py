"""WCAG 2.1 AA, checked by axe-core (npm, package.json) in real Chromium on every public page and the
staff sign-in page, on a phone (390 px) and a desktop (1366 px), with the menu open and after failed
form submissions; and a focus ring a reader can see on the dark menu bar.

axe is injected by the test into a browser context that ignores the page's Content Security Policy
(``bypass_csp``): the site's policy stays as strict as it is for readers, only the test's own script
is let in. Every finding fails the test, best practices included (there are none left to excuse)."""

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache

from tests.conftest import require_tool
from tests.factories import VN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(autouse=True)
def keep_what_the_migrations_made(django_db_serialized_rollback):
    """Serialized rollback, as the ``page`` fixture asks for it (tests/browser/conftest.py): these tests
    open their own browser contexts, and must leave the content types and groups for the next test."""


@pytest.fixture(autouse=True)
def fresh_cache():
    # django-ratelimit counts in the cache: the failed submissions here must not limit the next test's reader.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def june_2024():
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)):
        yield


@pytest.fixture
def axe_source():
    require_tool(AXE.exists(), f"axe-core not found at {AXE} (npm ci)")
    return AXE.read_text()


def public_pages():
    """Every kind of public page, as the demo content fills it."""
    from agreements.models import Programme
    from news.models import Article, Category
    from organizations.models import Organization

    article = Article.objects.published().filter(programmes__isnull=False, images__isnull=False).distinct().first()
    programme = Programme.objects.filter(signatories__isnull=False).distinct().first()
    member = Organization.objects.filter(is_host=False, parties__isnull=False).distinct().first()
    host = Organization.objects.host()
    return {
        "home": "/",
        "news": "/tin-tuc/",
        "category": Category.objects.filter(articles__isnull=False).first().get_absolute_url(),
        "article": article.get_absolute_url(),
        "article print": f"{article.get_absolute_url()}in/",
        "comment form": article.get_comment_url(),
        "programmes": "/chuong-trinh/",
        "programmes filtered": "/chuong-trinh/?status=dang_hieu_luc",
        "programme overview": "/chuong-trinh/tong-quan/",
        "programme": programme.get_absolute_url(),
        "programme print": f"{programme.get_absolute_url()}in/",
        "organizations": "/to-chuc/",
        "organization": member.get_absolute_url(),
        "host organization": host.get_absolute_url(),
        "search": "/tim-kiem/?q=khuyen+hoc",
        "search, nothing found": "/tim-kiem/?q=xyzxyz",
        "feedback": "/gop-y/",
        "not found": "/khong-co-trang-nay/",
        "staff sign-in": "/quan-tri/login/",
    }


def axe_findings(page, axe_source, label):
    """axe's violations on the page as it is now, one readable line per rule and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, tags: v.tags, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n').slice(1).join(' '))})))",
        AXE_TAGS,
    )
    return [
        f"{label}: [{finding['id']}] {finding['help']} -> {node}" for finding in results for node in finding["nodes"]
    ]


def open_context(browser, width_name):
    width, height = WIDTHS[width_name]
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": height}, bypass_csp=True
    )
    return context, context.new_page()


@pytest.mark.parametrize("width_name", WIDTHS)
def test_every_public_page_and_the_sign_in_page_pass_axe(browser, live_server, demo_site, axe_source, width_name):
    context, page = open_context(browser, width_name)
    findings = []
    try:
        for name, path in public_pages().items():
            page.goto(f"{live_server.url}{path}")
            findings += axe_findings(page, axe_source, f"{name} ({path}) at {width_name}")

        page.goto(f"{live_server.url}/")
        if width_name == "phone":
            page.locator(".navbar-toggler").click()
            page.locator("#main-nav.show").wait_for()
            findings += axe_findings(page, axe_source, "home, menu open, at phone")

        page.goto(f"{live_server.url}/gop-y/")
        page.locator("input[type=submit]").click()
        page.get_by_text("Vui lòng nhập họ và tên.").wait_for()
        findings += axe_findings(page, axe_source, f"feedback after a failed submit at {width_name}")

        page.goto(f"{live_server.url}{public_pages()['article']}")
        page.get_by_role("link", name="Viết bình luận").click()
        page.locator("#binh-luan form.comment-form #id_name").wait_for()
        findings += axe_findings(page, axe_source, f"comment form opened under the article at {width_name}")
        page.locator("input[type=submit][value='Gửi bình luận']").click()
        page.locator("#binh-luan .invalid-feedback").first.wait_for()
        findings += axe_findings(page, axe_source, f"comment form after a failed submit at {width_name}")

        page.goto(f"{live_server.url}/quan-tri/login/")
        page.fill("#id_username", "khong-co-ai")
        page.fill("#id_password", "sai-mat-khau")
        page.locator("input[type=submit]").click()
        page.locator(".errornote").wait_for()
        findings += axe_findings(page, axe_source, f"staff sign-in after a wrong password at {width_name}")
    finally:
        context.close()
    assert findings == [], f"{len(findings)} axe findings:\n" + "\n".join(findings)


def test_axe_reports_what_the_site_would_get_wrong(browser, live_server, demo_site, axe_source):
    """The check can fail: a link that looks like the menu's old 55 % white and an unlabelled field are found."""
    context, page = open_context(browser, "desktop")
    try:
        page.goto(f"{live_server.url}/")
        page.evaluate(
            "document.querySelector('.kp-navbar .nav-link').style.color = 'rgba(255,255,255,.55)';"
            "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text name=x>');"
        )
        rules = {line.split("[", 1)[1].split("]", 1)[0] for line in axe_findings(page, axe_source, "home")}
    finally:
        context.close()
    assert {"color-contrast", "label"} <= rules


def contrast(first, second):
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rgb(css_color):
    return [int(float(part)) for part in css_color[css_color.index("(") + 1 : -1].split(",")[:3]]


@pytest.mark.parametrize("width_name", WIDTHS)
def test_keyboard_focus_on_the_dark_menu_bar_is_a_visible_two_pixel_ring(
    page, live_server, demo_site, artifacts, width_name
):
    width, height = WIDTHS[width_name]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/")
    if width_name == "phone":
        page.locator(".navbar-toggler").click()
    bar = rgb(page.evaluate("getComputedStyle(document.querySelector('.kp-navbar')).backgroundColor"))
    link_color = rgb(page.evaluate("getComputedStyle(document.querySelector('.kp-navbar .nav-link')).color"))
    assert contrast(link_color, bar) >= 4.5, "menu links are readable on the bar (WCAG 1.4.3)"

    for selector in (".kp-navbar .nav-link", ".masthead-search button"):
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard: :focus-visible, as a keyboard user sees it
        style = json.loads(
            page.evaluate(
                "JSON.stringify((s => ({width: s.outlineWidth, style: s.outlineStyle, color: s.outlineColor}))"
                "(getComputedStyle(document.activeElement)))"
            )
        )
        assert style["style"] == "solid" and style["width"] == "2px", f"{selector}: {style}"
        assert contrast(rgb(style["color"]), bar) >= 3, f"{selector}: the ring stands out from the bar (WCAG 2.4.7)"
        if selector.endswith("nav-link"):
            page.locator(".masthead").screenshot(path=str(artifacts / f"focus-ring-menu-{width_name}.png"))
