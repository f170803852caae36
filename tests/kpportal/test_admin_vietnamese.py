"""Staff read the admin in Vietnamese: every page a role reaches from the dashboard (the index, each
change list, each add form, the change form of an existing object) is walked, and its visible text and
tooltips are searched for English that Django or a library left behind."""

import gettext
import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import NoReverseMatch, reverse

from news.models import Comment, Feedback
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    OrganizationFactory,
    PartyFactory,
    ProgrammeFactory,
    ReviewFactory,
    SignatoryFactory,
)
from tests.kpportal.test_locale import CATALOGUE, read_po

# Words and phrases of Django's admin and of the libraries it shows (simple-history, django-axes,
# django-prose-editor) as they read when left untranslated. Matched as whole words, case-sensitive.
ENGLISH = [
    "Add",
    "Change",
    "Delete",
    "Save",
    "Search",
    "History",
    "Filter",
    "Home",
    "View site",
    "Log out",
    "Welcome",
    "Documentation",
    "Select",
    "Action",
    "Go",
    "Recent actions",
    "My actions",
    "None available",
    "Show counts",
    "Hide counts",
    "Clear all filters",
    "All",
    "Yes",
    "No",
    "Unknown",
    "Today",
    "Now",
    "Choose",
    "Currently",
    "Clear",
    "Remove",
    "Close",
    "Previous",
    "Next",
    "results",
    "selected",
    "Start typing to filter",
    "Skip to main content",
    "Toggle",
    "theme",
    "Heading",
    "Paragraph",
    "AXES",
    "Axes",
    "Access",
    "attempts",
    "Failures",
    "Username",
    "Password",
    "Email",
    "First name",
    "Last name",
    "Permissions",
    "Groups",
    "Staff status",
    "Active",
    "Superuser status",
    "Important dates",
    "Last login",
    "Date joined",
    "Personal info",
    "User agent",
    "IP address",
    "Path",
    "Attempt time",
    "Logout time",
    "Login time",
    "Expiration",
    "object",
    "objects",
    "Revert",
    "Object",
    "Comment",
    "Date/time",
    "Author",
    "Changed by",
    "Change reason",
    "ago",
    "Image",
    "Caption",
    "Upload",
    "Browse",
    "Required",
    "Optional",
    "This field",
    "Enter",
    "Please",
    "Error",
    "Warning",
    "Success",
    "Download",
    "Export",
    "Import",
    "View",
    "Edit",
    "Update",
    "Cancel",
    "Title",
    "Summary",
]
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])")
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "value"}
SHOWN_VALUE_INPUTS = {"submit", "button", "reset"}


class VisibleText(HTMLParser):
    """What a reader sees or hears: text outside scripts and styles, tooltips, labels, button captions."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style", "template"):
            self.hidden_depth += 1
        for name in SHOWN_ATTRIBUTES - {"value"}:
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in SHOWN_VALUE_INPUTS and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden_depth = max(0, self.hidden_depth - 1)

    def handle_data(self, data):
        if not self.hidden_depth and data.strip():
            self.parts.append(data.strip())


def english_in(html, own_text=()):
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for part in parser.parts:
        if part in own_text:
            continue
        found.update(match.group(1) for match in PATTERN.finditer(part))
    return found


@pytest.fixture
def content(superuser):
    hkh = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng")
    programme = ProgrammeFactory(title="Chương trình phối hợp khuyến học giai đoạn 2019-2022")
    PartyFactory(programme=programme, organization=hkh)
    SignatoryFactory(programme=programme, organization=hkh, name="Nguyễn Văn An", position="Chủ tịch Hội")
    CommitmentFactory(programme=programme, number=1, title="Tuyên truyền về khuyến học")
    ReviewFactory(programme=programme)
    article = ArticleFactory(title="Hội nghị tổng kết công tác khuyến học")
    Comment.objects.create(article=article, name="Lan", body="Bài viết hay.")
    Feedback.objects.create(name="Minh", subject="Góp ý", message="Cảm ơn ban biên tập.")
    AccessAttempt.objects.create(
        username="khach", ip_address="127.0.0.1", user_agent="trình duyệt", failures_since_start=1
    )
    AccessLog.objects.create(username="quantri", ip_address="127.0.0.1", user_agent="trình duyệt")
    AccessFailureLog.objects.create(username="khach", ip_address="127.0.0.1", user_agent="trình duyệt")
    return programme


def pages_of(client):
    """The admin pages reachable from the dashboard: index, then each model's list, add and change pages."""
    index = client.get(reverse("admin:index"))
    yield reverse("admin:index"), index
    for app in index.context["app_list"]:
        for model in app["models"]:
            if model.get("admin_url"):
                yield model["admin_url"], client.get(model["admin_url"], follow=True)
            if model.get("add_url"):
                yield model["add_url"], client.get(model["add_url"], follow=True)
            obj = model["model"]._default_manager.first()
            meta = model["model"]._meta
            if obj is not None:
                try:
                    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
                except NoReverseMatch:
                    continue
                yield url, client.get(url, follow=True)


@pytest.mark.django_db
@pytest.mark.usefixtures("content")
class AdminInVietnameseTests:
    @pytest.mark.parametrize("role", ["superuser", "editor", "publisher"])
    def test_no_admin_page_a_role_reaches_shows_english(self, client, request, role):
        client.force_login(request.getfixturevalue(role))
        found = {}
        for url, response in pages_of(client):
            assert response.status_code == 200, url
            if english := english_in(response.text):
                found[url] = sorted(english)
        assert found == {}


class EditorDialogCatalogueTests:
    def test_the_compiled_javascript_catalogue_is_the_source_compiled(self):
        # Django reads only the .mo: an edit to the .po that was not compiled would silently not show.
        source = read_po(CATALOGUE / "djangojs.po")
        with (CATALOGUE / "djangojs.mo").open("rb") as compiled:
            translations = gettext.GNUTranslations(compiled)
        assert {msgid: translations.gettext(msgid) for msgid in source} == source
        assert all(source.values())

    @pytest.mark.django_db
    def test_the_admins_javascript_catalogue_answers_the_editors_dialogs_in_vietnamese(self, client, superuser):
        client.force_login(superuser)
        catalogue = client.get(reverse("admin:jsi18n")).text
        assert '"Edit Link": "S\\u1eeda li\\u00ean k\\u1ebft"' in catalogue
        assert '"Cancel": "H\\u1ee7y"' in catalogue
