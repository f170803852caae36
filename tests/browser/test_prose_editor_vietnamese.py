"""The article editor's toolbar speaks Vietnamese: "Tiêu đề cấp 2", not "Heading 2"."""

import re

import pytest

from tests.browser.test_admin_programme_entry import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every label of the toolbar: tooltips and accessible names of its buttons, texts of its drop-down options.
TOOLBAR_LABELS = """menubar => {
    const labels = [];
    for (const element of menubar.querySelectorAll("button, [title], [aria-label], .prose-menubar__dropdown *")) {
        for (const name of ["title", "aria-label"]) {
            if (element.getAttribute(name)) labels.push(element.getAttribute(name));
        }
        if (!element.classList.contains("material-icons") && !element.children.length && element.textContent.trim()) {
            labels.push(element.textContent.trim());
        }
    }
    return labels;
}"""
ENGLISH = re.compile(
    r"\b(Heading|Paragraph|bold|italic|underline|list|blockquote|link|undo|redo|table|figure|rule|cells?|"
    r"Insert|Edit|Code|HTML|Update|Cancel)\b",
    re.IGNORECASE,
)


def test_the_article_editor_toolbar_is_in_vietnamese(page, live_server, superuser, artifacts):
    log_in(page, live_server, "quantri", "mat-khau-quan-tri")
    page.goto(f"{live_server.url}/quan-tri/news/article/add/")
    menubar = page.locator(".prose-menubar").first
    menubar.wait_for()
    labels = menubar.evaluate(TOOLBAR_LABELS)
    page.screenshot(path=artifacts / "admin-article-editor-toolbar.png")

    assert "Tiêu đề cấp 2" in labels
    assert "Đoạn văn" in labels
    assert "Chữ đậm" in labels
    # "HTML" may stay inside a Vietnamese label ("Sửa mã HTML"); nothing may stay in English alone.
    assert [label for label in labels if ENGLISH.search(label.replace("mã HTML", ""))] == []
    # The dialogs ask Django's JavaScript catalogue.
    assert page.evaluate("window.gettext('Edit Link')") == "Sửa liên kết"
    assert page.console_errors == []
