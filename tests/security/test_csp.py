"""The Content Security Policy (no inline scripts without the request's nonce) and the pages that
must still work under it: the admin with django-prose-editor, and the public pages."""

import re

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, OrganizationFactory, programme_with_parties
from tests.security.html_checks import elements

NONCE = re.compile(r"'nonce-([^']+)'")
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


def script_src(response):
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split("; ") if part.startswith("script-src ")).split()[1:]


def inline_scripts(html):
    """(type, nonce) of every <script> element without src that a browser would execute."""
    found = []
    for tag, attrs, _text in elements(html):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            kind = (attributes.get("type") or "").lower()
            if kind not in DATA_BLOCK_TYPES:
                found.append((kind or "text/javascript", attributes.get("nonce")))
    return found


def event_handlers(html):
    return [f"<{tag} {name}>" for tag, attrs, _ in elements(html) for name, _v in attrs if name.startswith("on")]


@pytest.fixture
def content():
    article = ArticleFactory()
    programme = programme_with_parties([OrganizationFactory(), OrganizationFactory()])
    return {"article": article, "programme": programme, "organization": programme.parties.first().organization}


def admin_pages(content):
    article, programme, organization = content["article"], content["programme"], content["organization"]
    return [
        reverse("admin:index"),
        reverse("admin:news_article_add"),
        reverse("admin:news_article_change", args=[article.pk]),
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_history", args=[article.pk]),
        reverse("admin:agreements_programme_add"),
        reverse("admin:agreements_programme_change", args=[programme.pk]),
        reverse("admin:agreements_programme_history", args=[programme.pk]),
        reverse("admin:agreements_programme_restore", args=[programme.pk, programme.history.earliest().history_id]),
        reverse("admin:organizations_organization_change", args=[organization.pk]),
    ]


@pytest.mark.django_db
class AdminPolicyTests:
    def test_every_inline_script_in_the_admin_carries_the_nonce_of_its_response(self, client, superuser, content):
        client.force_login(superuser)
        for url in admin_pages(content):
            response = client.get(url)
            assert response.status_code == 200, url
            sources = script_src(response)
            assert "'unsafe-inline'" not in sources
            html = response.content.decode()
            for kind, nonce in inline_scripts(html):
                assert nonce is not None, f"{url}: inline {kind} without a nonce"
                assert f"'nonce-{nonce}'" in sources, url
            assert event_handlers(html) == [], url

    def test_the_rich_text_editor_import_map_gets_the_nonce(self, client, superuser):
        client.force_login(superuser)
        response = client.get(reverse("admin:news_article_add"))
        html = response.content.decode()
        [(_kind, nonce)] = [script for script in inline_scripts(html) if script[0] == "importmap"]
        assert f"'nonce-{nonce}'" in script_src(response)
        assert 'type="module"' in html  # the editor's own modules load from /static/

    def test_the_login_page_works_without_any_inline_script(self, client):
        response = client.get(reverse("admin:login"))
        assert inline_scripts(response.content.decode()) == []

    def test_a_nonce_is_never_reused(self, client, superuser):
        client.force_login(superuser)
        url = reverse("admin:news_article_add")
        first, second = (NONCE.search(client.get(url)["Content-Security-Policy"]).group(1) for _ in range(2))
        assert first != second


@pytest.mark.django_db
class PublicPolicyTests:
    def test_public_pages_hold_no_inline_script_or_event_handler(self, client, content):
        # Public pages come from the anonymous page cache: they should not depend on a nonce at all.
        for url in ("/", "/tin-tuc/", content["article"].get_absolute_url(), content["programme"].get_absolute_url()):
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert inline_scripts(html) == [], url
            assert event_handlers(html) == [], url
            assert "'unsafe-inline'" not in script_src(response)


def in_chromium(actions, *, cookies=()):
    """Run ``actions(page)`` in Debian's Chromium (Playwright) and return its result and the console
    errors. ``actions`` runs in the session's Playwright thread (tests/browser/conftest.py), with
    Playwright's own page, in a fresh browser context: the test thread never runs Playwright's event
    loop, so its database connections are left alone."""
    from tests.browser.conftest import shared_chromium

    chromium = shared_chromium()

    def run():
        context = chromium.browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        try:
            context.add_cookies(list(cookies))
            page = context.new_page()
            errors = []
            page.on("console", lambda message: message.type == "error" and errors.append(message.text))
            page.on("pageerror", lambda error: errors.append(str(error)))
            return actions(page), errors
        finally:
            context.close()

    return chromium.call(run)


def policy_violations(errors):
    return [message for message in errors if "Content Security Policy" in message]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class BrowserPolicyTests:
    """In Chromium, with the policy enforced: the admin's scripts and the rich-text editor still run."""

    def session_cookie(self, client, live_server, user):
        client.force_login(user)
        return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]

    def test_the_rich_text_editor_loads_in_the_article_form(self, client, live_server, superuser):
        def type_into_the_editor(page):
            page.goto(live_server.url + reverse("admin:news_article_add"))
            editor = ".prose-editor .ProseMirror[contenteditable='true']"
            page.wait_for_selector(editor, timeout=15_000)
            page.click(editor)
            page.keyboard.type("Xin chào")
            return page.inner_text(editor)

        text, errors = in_chromium(type_into_the_editor, cookies=self.session_cookie(client, live_server, superuser))
        assert "Xin chào" in text
        assert policy_violations(errors) == []

    def test_admin_scripts_run_in_the_programme_form(self, client, live_server, superuser):
        def fill_the_title(page):
            page.goto(live_server.url + reverse("admin:agreements_programme_add"))
            # inlines.js adds the "add another" links; prepopulate.js fills the slug from the title.
            page.wait_for_selector(".add-row a", timeout=15_000)
            page.type("#id_title", "Chương trình phối hợp Đoàn Hội")
            page.press("#id_title", "Tab")
            return page.input_value("#id_slug")

        slug, errors = in_chromium(fill_the_title, cookies=self.session_cookie(client, live_server, superuser))
        assert slug.startswith("chuong-trinh-phoi-hop-doan-hoi")
        assert policy_violations(errors) == []

    def test_a_public_article_page_raises_no_policy_violation(self, live_server):
        article = ArticleFactory(body="<p>Nội dung</p>")

        def open_the_article(page):
            page.goto(live_server.url + article.get_absolute_url())
            page.wait_for_load_state("load")
            return page.title()

        title, errors = in_chromium(open_the_article)
        assert article.title in title
        assert policy_violations(errors) == []
