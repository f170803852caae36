"""A staff member's day in the admin, driven in Chromium like a person: open, change, press "Lưu".

``Journey`` holds one browser page signed in as one role, and checks after every step what staff
would notice: a server error, English on the screen, a success message missing or in English, a
field that lost its value. ``EXISTING`` builds, for each model of the admin, an object as staff meet
it, every optional field and file filled."""

import itertools
import mimetypes
import re
from pathlib import Path

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.test import Client, RequestFactory

from agreements.models import Commitment, CommitmentProgress, Programme, Review
from importer.models import ImportRecord
from news.models import Article, Category, Comment, Feedback
from organizations.models import Organization, Region
from revisions import snapshot
from revisions.models import Revision
from revisions.registry import can_publish, is_published, revisable
from revisions.services import record_proposal
from tests.factories import (
    FIXED_NOW,
    ArticleFactory,
    CategoryFactory,
    ProgrammeFactory,
    RegionFactory,
    filled_article,
    filled_commitment,
    filled_organization,
    filled_programme,
    filled_progress,
    filled_review,
    png_bytes,
)
from tests.news.factories import CommentFactory, FeedbackFactory
from tests.security.uploads import minimal_pdf

# Django's own English, as it would show through an untranslated admin page or message.
ENGLISH = re.compile(
    r"was (?:changed|added|deleted) successfully|Please correct|Save and|\bDelete\b|This field is required"
    r"|\bCurrently\b|\bChange:|\bClear\b|Are you sure|Yes, I’m sure|No, take me back|Add another|View on site"
    r"|\bHistory\b|Log out|Welcome,|Select all|Enter a valid|Ensure this value|\bSearch\b|\bFilter\b"
    r"|\brelationships?\b|\bobject \(\d+\)"
)

# Each object built gets its own number: a journey per role builds its own, and names are unique.
NUMBERS = itertools.count(1)


def registered_models():
    """Every model of the portal's admin site, found through its public API (a model registered later is here too)."""
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def staff_user(username, **fields):
    user = User.objects.create_user(username, f"{username}@example.vn", "mat-khau-nguoi-dung", is_staff=True, **fields)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


def filled_group():
    group = Group.objects.create(name=f"Cộng tác viên {next(NUMBERS)}")
    group.permissions.set(Permission.objects.filter(codename__in=["view_article", "view_programme"]))
    return group


def axes_fields():
    return {
        "user_agent": "Mozilla/5.0 (Android 14)",
        "ip_address": "203.0.113.7",
        "username": f"bientap{next(NUMBERS)}",
        "http_accept": "text/html",
        "path_info": "/quan-tri/login/",
    }


def pending_revision():
    """An editor's pending change of a filled, published article: a new title and lead."""
    article = filled_article()
    base = snapshot.take(revisable(article), article)
    data = snapshot.take(revisable(article), article)
    data["object"]["fields"] |= {"title": f"{article.title} (bản sửa)", "lead": "Sapo mới của người biên tập."}
    author = staff_user(f"bientap{next(NUMBERS)}")
    revision, _replaced = record_proposal(article, base=base, data=data, user=author)
    return revision


def waits_for_review(obj, user):
    """Whether ``user`` saving ``obj`` makes a pending revision (readers keep the published version)."""
    return revisable(obj) is not None and is_published(obj) and not can_publish(user, obj)


EXISTING = {
    Revision: pending_revision,
    Organization: filled_organization,
    Programme: filled_programme,
    Article: filled_article,
    Region: lambda: RegionFactory(name=f"Hà Nam {next(NUMBERS)}", order=2),
    Category: lambda: CategoryFactory(name=f"Gương sáng hiếu học {next(NUMBERS)}", order=3),
    Review: filled_review,
    Commitment: filled_commitment,
    CommitmentProgress: filled_progress,
    Comment: lambda: CommentFactory(article=ArticleFactory(), ip_address="203.0.113.9"),
    Feedback: lambda: FeedbackFactory(phone="0912 345 678", ip_address="203.0.113.8"),
    User: lambda: staff_user(f"phongvien{next(NUMBERS)}", first_name="Lan", last_name="Nguyễn Thị"),
    Group: filled_group,
    AccessAttempt: lambda: AccessAttempt.objects.create(
        **axes_fields(), get_data="", post_data="username=bientap", failures_since_start=3
    ),
    AccessLog: lambda: AccessLog.objects.create(**axes_fields(), logout_time=FIXED_NOW, session_hash="ab12"),
    AccessFailureLog: lambda: AccessFailureLog.objects.create(**axes_fields(), locked_out=True),
    ImportRecord: lambda: ImportRecord.objects.create(
        fingerprint=f"{next(NUMBERS):064x}",
        title="Ký kết chương trình phối hợp",
        source_url="https://haiphong.gov.vn/tin/ky-ket",
        article=ArticleFactory(),
        programme=ProgrammeFactory(),
    ),
}


def permissions(model, user, obj=None):
    """What the admin lets ``user`` do with ``model`` (with ``obj``, if given: an editor may not
    delete published content), asked of the admin itself."""
    request = RequestFactory().get("/quan-tri/")
    request.user = user
    model_admin = admin.site.get_model_admin(model)
    return {
        "view": model_admin.has_view_permission(request, obj),
        "change": model_admin.has_change_permission(request, obj),
        "add": model_admin.has_add_permission(request),
        "delete": model_admin.has_delete_permission(request, obj),
    }


def upload(kind, name):
    if kind == "image":
        return {"name": f"{name}.png", "mimeType": "image/png", "buffer": png_bytes(90, 60, (220, 120, 0))}
    return {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Ban thay the")}


SNAPSHOT = """form => {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.closest('.empty-form') || ['file', 'submit', 'button'].includes(el.type)) continue;
    if (el.name === 'csrfmiddlewaretoken') continue;
    if (el.type === 'radio') { if (el.checked) values[el.name] = el.value; continue; }
    if (el.type === 'checkbox') { values[el.name] = el.checked; continue; }
    if (el.tagName === 'SELECT' && el.multiple) {
      values[el.name] = Array.from(el.selectedOptions).map(o => o.value).sort(); continue;
    }
    values[el.name] = el.value;
  }
  for (const p of form.querySelectorAll('p.file-upload')) {
    const input = p.querySelector('input[type=file]'), link = p.querySelector('a');
    if (input) values[input.name + ' (tệp)'] = link ? link.getAttribute('href') : '';
  }
  form.querySelectorAll('.readonly').forEach((el, i) => { values['chỉ đọc ' + i] = el.innerText.trim(); });
  return values;
}"""

EDITABLE_TEXT = (
    "fieldset.module:not(.inline-related *) :is(input[type=text], input:not([type]), textarea)"
    ":not([readonly]):not(.vDateField):not(.vTimeField):not([name=username]):not([name=slug])"
    ":not([name$=-clear]):not(.select2-search__field)"
)


class Journey:
    """One role's own browser page in the admin; every step ends on a page that has been checked."""

    def __init__(self, browser, live_server, user, artifacts, name):
        self.base, self.user, self.artifacts, self.name = live_server.url, user, artifacts, name
        self.context = browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
        )
        self.page = page = self.context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        self.server_errors = []
        page.on("response", lambda r: r.status >= 500 and self.server_errors.append(f"{r.status} {r.url}"))
        page.route("**/media/**", serve_media)
        client = Client()
        client.force_login(user)
        self.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
              "url": self.base}]
        )  # fmt: skip
        self.steps = []

    def close(self):
        self.context.close()

    # Pages

    def open(self, path, *, status=200):
        response = self.page.goto(self.base + path)
        assert response.status == status, f"{self.name}: {path} answered {response.status}, not {status}"
        if status != 200:  # the browser reports the expected refusal itself as a console error
            self.page.console_errors[:] = [e for e in self.page.console_errors if f"status of {status}" not in e]
        self.check(path)
        return response

    def check(self, where):
        assert self.server_errors == [], f"{self.name} at {where}: {self.server_errors}"
        text = self.page.inner_text("body")
        english = sorted(set(ENGLISH.findall(text)))
        assert english == [], f"{self.name} at {where}: English on the page: {english}"
        errors = self.page.locator(".errornote, .errorlist").all_inner_texts()
        assert errors == [], f"{self.name} at {where}: the form was refused: {errors}"
        assert self.page.console_errors == [], f"{self.name} at {where}: {self.page.console_errors}"

    def form(self):
        return self.page.locator("#content-main form").first

    def values(self):
        return self.form().evaluate(SNAPSHOT)

    def save(self, step, button="_save"):
        """Press a save button, and expect the Vietnamese success message."""
        with self.page.expect_navigation():
            self.page.click(f"input[name={button}]")
        self.check(step)
        self.expect_success(step)

    def expect_success(self, step):
        message = self.page.locator(".messagelist .success")
        assert message.count() == 1, f"{self.name} after {step}: no success message"
        text = message.inner_text()
        assert "thành công" in text, f"{self.name} after {step}: {text}"
        self.steps.append(step)

    def screenshot(self, step):
        self.page.screenshot(path=str(self.artifacts / f"journey-{self.name}-{step}.png"), full_page=True)

    # Fields

    def first_text_field(self):
        field = self.form().locator(EDITABLE_TEXT).first
        return field if field.count() else None

    def first_checkbox(self):
        box = (
            self.form()
            .locator("fieldset.module:not(.inline-related *) input[type=checkbox]:not([name$=-clear]):not([disabled])")
            .first
        )
        return box if box.count() else None

    def stored_files(self):
        """The file inputs beside a stored file: (input name, kind), kind "image" or "document"."""
        found = []
        for p in self.form().locator("p.file-upload").all():
            file_input = p.locator("input[type=file]")
            if p.locator("a").count() and file_input.count():
                accept = file_input.get_attribute("accept") or ""
                found.append((file_input.get_attribute("name"), "image" if "image" in accept else "document"))
        return found

    def fill_required(self, marker):
        """Fill every empty required field of an add page, and the first row of each inline, as staff would."""
        form = self.form()
        targets = [
            form.locator(f"[id='{label.get_attribute('for')}']")
            for label in form.locator("label.required[for]").all()
            if not label.locator("xpath=ancestor::*[contains(@class,'empty-form')]").count()
        ]
        for group in form.locator(".inline-group .tabular").all():
            for header in group.locator("th.required").all():
                column = next(c for c in (header.get_attribute("class") or "").split() if c.startswith("column-"))
                cell = group.locator(f"tr.form-row:not(.empty-form) td.field-{column.removeprefix('column-')}").first
                targets.append(cell.locator("input, select, textarea").first)
        targets += form.locator("input[type=password]").all()
        for target in targets:
            if target.count():
                self.fill_one(target, marker)

    def fill_one(self, target, marker):
        tag, kind, classes, value = target.evaluate("e => [e.tagName, e.type, e.className, e.value]")
        if tag == "SELECT" and "admin-autocomplete" in classes and not value:
            target.locator("xpath=following-sibling::span[contains(@class,'select2')][1]//*[@role='combobox']").click()
            self.page.locator(
                ".select2-dropdown .select2-results__option:not(.loading-results):not(.select2-results__message)"
            ).first.click()
        elif tag == "SELECT" and not value:
            target.select_option(index=1)
        elif kind == "file":
            target.set_input_files(upload("image" if "image" in (target.get_attribute("accept") or "") else "", marker))
        elif tag != "SELECT" and (kind == "password" or not value):
            target.fill(typed_value(kind, classes, target.get_attribute("name") or "", marker))


def typed_value(kind, classes, name, marker):
    """What staff would type into an empty required field of this kind."""
    by_kind = {
        "password": "Mat-khau-moi-2024!",
        "vDateField": "01/06/2024",
        "vTimeField": "08:00",
        "number": "1" if name.endswith("-number") else "2024",
        "email": f"{marker}@example.vn",
        "url": f"https://{marker}.example.vn/",
        "slug": marker,
    }
    key = "slug" if name == "username" or name.endswith("slug") else kind
    key = next((c for c in ("vDateField", "vTimeField") if c in classes), key)
    key = "number" if "vIntegerField" in classes else key
    return by_kind.get(key, f"Mục mới {marker.replace('-', ' ')}")


def serve_media(route):
    """Uploaded files come from storage (a proxy or S3 in production), not from Django; serve them here."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / route.request.url.split("/media/", 1)[1].split("?", 1)[0]).resolve()
    if root in path.parents and path.is_file():
        route.fulfill(status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0])
    else:
        route.fulfill(status=404, body=b"")


def public_url(obj):
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if get_url else None
