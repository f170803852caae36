"""The permission matrix: every action × role × object state, each case a real HTTP request.

Each case opens the admin page a person would use (GET) and posts it back with the action's fields
added; a field the page does not show (an editor's "publish") makes it a forged request. Then it
checks the answer and the database:

- DONE: a redirect and the action happened;
- REFUSED: a 403 in Vietnamese and nothing changed in the database (every row of every content
  table compared before and after);
- LOGIN: the login page and nothing changed;
- KEPT: a restore from the history went through but the publication state stayed as it was;
- PROPOSED: an editor's change of published content was kept as a pending revision for review and
  readers' rows are as they were (every content row compared before and after).

States are builder functions (``STATES``) and the rules are data (``RULES``): a new state (the
"pending" revisions) is a builder and a column in ``RULES``; a new action is a function and a row.
The number of cases is in every test id.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from agreements.models import Programme
from news.models import Article, Comment
from organizations.models import Organization
from revisions import snapshot
from revisions.models import Revision
from revisions.registry import revisable
from revisions.services import record_proposal
from tests.factories import ArticleFactory, CategoryFactory, OrganizationFactory, programme_with_parties
from tests.importer.conftest import corpus_text
from tests.news.factories import CommentFactory
from tests.security.forms import form_data

ROLES = ("anonymous", "editor", "publisher", "superuser")
DONE, REFUSED, LOGIN, KEPT, PROPOSED = "done", "refused", "login", "kept", "proposed"
VIETNAMESE_403 = "Không có quyền truy cập"
NEW_TEXT = "Nội dung đã sửa trong ma trận quyền"
OLD_TITLE, NEW_TITLE = "Tên của phiên bản cũ", "Tên của phiên bản mới"
EVIL_FANPAGE = "https://facebook.example.vn/trang-gia-mao"


# --- the kinds of content and their states ------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    model: type
    text_field: str  # a field every role with the change right may edit
    publish: dict  # the POST fields that publish (approve, for a comment)
    unpublish: dict

    def is_public(self, obj):
        if self.model is Article:
            return obj.status == Article.Status.PUBLISHED
        return obj.is_approved if self.model is Comment else obj.is_published

    @property
    def name(self):
        return self.model._meta.model_name


def build_article(public, **fields):
    if public:
        return ArticleFactory(status=Article.Status.PUBLISHED, **fields)
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **fields)


def build_programme(public, **fields):
    return programme_with_parties([OrganizationFactory()], is_published=public, **fields)


def build_organization(public, **fields):
    return OrganizationFactory(is_published=public, **fields)


def build_comment(public, **fields):
    return CommentFactory(article=ArticleFactory(), is_approved=public, **fields)


KINDS = {
    "article": Kind(
        Article,
        "lead",
        {"status": "published", "published_at_0": "01/06/2024", "published_at_1": "08:00"},
        {"status": "draft", "published_at_0": "", "published_at_1": ""},
    ),
    "programme": Kind(Programme, "venue", {"is_published": "on"}, {"is_published": ""}),
    "organization": Kind(Organization, "description", {"is_published": "on"}, {"is_published": ""}),
    "comment": Kind(Comment, "body", {"is_approved": "on"}, {"is_approved": ""}),
}
BUILDERS = {"article": build_article, "programme": build_programme, "organization": build_organization}
BUILDERS["comment"] = build_comment


# A state is a function (kind name, extra fields) -> an object in that state. "draft" is also an
# unpublished organization and a comment waiting for approval.
def build_pending(kind, **fields):
    """Published, with an editor's change waiting for review (comments have no revisions: approved)."""
    obj = BUILDERS[kind](True, **fields)
    entry = revisable(obj)
    if entry is not None:
        base = snapshot.take(entry, obj)
        data = snapshot.take(entry, obj)
        data["object"]["fields"][KINDS[kind].text_field] = "Thay đổi đang chờ duyệt"
        record_proposal(obj, base=base, data=data, user=pending_author())
    return obj


def pending_author():
    user, _created = User.objects.get_or_create(username="bientap-cho-duyet", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


STATES = {
    "draft": lambda kind, **fields: BUILDERS[kind](False, **fields),
    "published": lambda kind, **fields: BUILDERS[kind](True, **fields),
    "pending": build_pending,
}


# --- requests -------------------------------------------------------------------------------------


def admin_url(kind, view, *args):
    opts = KINDS[kind].model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def post_form(client, url, form_id, fields):
    """GET the page, POST it back with ``fields`` added (a page that is refused posts ``fields`` alone)."""
    page = client.get(url)
    data = form_data(page.content, form_id) if page.status_code == 200 else {}
    return client.post(url, data | fields)


def change(client, kind, obj, **fields):
    return post_form(client, admin_url(kind, "change", obj.pk), f"{KINDS[kind].name}_form", fields)


def run_action(client, kind, obj, action, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk], **extra}
    return client.post(admin_url(kind, "changelist"), data)


ADD_FIELDS = {
    "article": lambda: {
        "title": NEW_TITLE,
        "slug": "ban-moi-ma-tran",
        "category": str(CategoryFactory().pk),
        "lead": "Sapo",
        "body": "<p>Nội dung</p>",
    },
    "programme": lambda: {
        "title": NEW_TITLE,
        "slug": "ban-moi-ma-tran",
        "start_year": "2024",
        "parties-0-organization": str(OrganizationFactory().pk),
        "parties-0-role": "chu_tri",
        "parties-0-order": "0",
    },
    "organization": lambda: {
        "name": NEW_TITLE,
        "slug": "ban-moi-ma-tran",
        "kind": "khuyen_hoc",
        "level": "tinh",
    },
    "comment": lambda: {"name": "Bạn đọc", "body": NEW_TEXT, "article": str(ArticleFactory().pk)},
}


# --- actions: (prepare, perform, happened) -------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    prepare: object  # (kind, state) -> obj
    perform: object  # (client, kind, obj, state) -> response
    happened: object  # (kind, obj, state) -> did the action take effect?


def reload(kind, obj):
    return KINDS[kind].model.objects.filter(pk=obj.pk).first()


def build(kind, state):
    return STATES[state](kind)


def add_prepare(kind, state):
    """The fields of the new object (what they point to is made before the database is read)."""
    return ADD_FIELDS[kind]() | (KINDS[kind].publish if state == "published" else {})


def add_perform(client, kind, fields, state):
    return post_form(client, admin_url(kind, "add"), f"{KINDS[kind].name}_form", fields)


def add_happened(kind, obj, state):
    model = KINDS[kind].model
    lookup = {"body": NEW_TEXT} if model is Comment else {"slug": "ban-moi-ma-tran"}
    added = model.objects.filter(**lookup).first()
    return added is not None and KINDS[kind].is_public(added) == (state == "published")


def delete_perform(client, kind, obj, state):
    client.get(admin_url(kind, "delete", obj.pk))
    return client.post(admin_url(kind, "delete", obj.pk), {"post": "yes"})


def restore_prepare(kind, state):
    """An object now in ``state`` named NEW_TITLE, whose previous version had the other state and OLD_TITLE."""
    title = "name" if kind == "organization" else "title"
    obj = STATES["published" if state == "draft" else "draft"](kind, **{title: OLD_TITLE})
    setattr(obj, title, NEW_TITLE)
    for field, value in KINDS[kind].publish.items() if state == "published" else KINDS[kind].unpublish.items():
        if field == "status":
            obj.status = value
            obj.published_at = (
                datetime.datetime(2024, 6, 1, 8, 0, tzinfo=datetime.UTC) if value == "published" else None
            )
        elif not field.startswith("published_at"):
            setattr(obj, field, bool(value))
    obj.save()
    return obj


def restore_perform(client, kind, obj, state):
    old = obj.history.order_by("history_date", "history_id").first()
    if kind == "programme":
        url = reverse("admin:agreements_programme_restore", args=[obj.pk, old.history_id])
        client.get(url)
        return client.post(url)
    url = admin_url(kind, "simple_history", obj.pk, old.history_id)
    return post_form(client, url, f"historical{KINDS[kind].name}_form", {})


def restored_title(kind, obj):
    current = reload(kind, obj)
    return str(getattr(current, "name" if kind == "organization" else "title")) == OLD_TITLE


def restore_happened(kind, obj, state):
    return restored_title(kind, obj) and KINDS[kind].is_public(reload(kind, obj)) != (state == "published")


def import_perform(client, kind, obj, state):
    paste_url = reverse("admin:importer_importrecord_changelist")
    confirm_url = reverse("admin:importer_importrecord_confirm")
    review = client.post(paste_url, {"text": corpus_text("28_lamdong_bon_don_vi.txt")})
    data = review_form_data(review) if review.status_code == 200 else {}
    # Forged: the import form has no publishing fields.
    return client.post(confirm_url, data | {"status": "published", "is_published": "on", "is_approved": "on"})


def review_form_data(response):
    data = {}
    forms = [response.context["review"]]
    for formset in (response.context["parties"], response.context["signatories"]):
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                value = "on" if value else None
            elif isinstance(value, datetime.datetime):
                value = value.strftime("%d/%m/%Y %H:%M")
            elif isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            if value is not None:
                data[form.add_prefix(name)] = str(value)
    return data


def import_happened(kind, obj, state):
    article = Article.objects.first()
    new_organizations = Organization.objects.filter(is_published=False)
    return (
        article is not None
        and article.status == Article.Status.DRAFT
        and Programme.objects.filter(is_published=False).exists()
        and not Programme.objects.filter(is_published=True).exists()
        and new_organizations.exists()
    )


def pending_revision_of(obj):
    return Revision.objects.of(obj).pending().order_by("-pk").first()


def decide_perform(decision):
    def perform(client, kind, obj, state):
        revision = pending_revision_of(obj)
        url = reverse("admin:revisions_revision_change", args=[revision.pk])
        client.get(url)
        return client.post(url, {decision: "1", "comment": "Cần sửa lại phần mở đầu."})

    return perform


def decided(status):
    def happened(kind, obj, state):
        revision = Revision.objects.of(obj).order_by("-pk").first()
        return revision.status == status

    return happened


def host_prepare(kind, state):
    return STATES[state](kind, is_host=True, fanpage="https://facebook.example.vn/that")


ACTIONS = {
    "add": Action("add", add_prepare, add_perform, add_happened),
    "change": Action(
        "change",
        build,
        lambda client, kind, obj, state: change(client, kind, obj, **{KINDS[kind].text_field: NEW_TEXT}),
        lambda kind, obj, state: getattr(reload(kind, obj), KINDS[kind].text_field) == NEW_TEXT,
    ),
    "delete": Action("delete", build, delete_perform, lambda kind, obj, state: reload(kind, obj) is None),
    "delete_selected": Action(
        "delete_selected",
        build,
        lambda client, kind, obj, state: run_action(client, kind, obj, "delete_selected", post="yes"),
        lambda kind, obj, state: reload(kind, obj) is None,
    ),
    "publish": Action(
        "publish",
        build,
        lambda client, kind, obj, state: change(client, kind, obj, **KINDS[kind].publish),
        lambda kind, obj, state: KINDS[kind].is_public(reload(kind, obj)),
    ),
    "unpublish": Action(
        "unpublish",
        build,
        lambda client, kind, obj, state: change(client, kind, obj, **KINDS[kind].unpublish),
        lambda kind, obj, state: not KINDS[kind].is_public(reload(kind, obj)),
    ),
    "approve_selected": Action(
        "approve_selected",
        build,
        lambda client, kind, obj, state: run_action(client, kind, obj, "approve" if kind == "comment" else "publish"),
        lambda kind, obj, state: KINDS[kind].is_public(reload(kind, obj)),
    ),
    "unapprove_selected": Action(
        "unapprove_selected",
        build,
        lambda client, kind, obj, state: run_action(
            client, kind, obj, "unapprove" if kind == "comment" else "unpublish"
        ),
        lambda kind, obj, state: not KINDS[kind].is_public(reload(kind, obj)),
    ),
    "change_host_settings": Action(
        "change_host_settings",
        host_prepare,
        lambda client, kind, obj, state: change(client, kind, obj, fanpage=EVIL_FANPAGE, licence="Giấy phép giả"),
        lambda kind, obj, state: reload(kind, obj).fanpage == EVIL_FANPAGE,
    ),
    "change_host_description": Action(
        "change_host_description",
        host_prepare,
        lambda client, kind, obj, state: change(client, kind, obj, description=NEW_TEXT),
        lambda kind, obj, state: reload(kind, obj).description == NEW_TEXT,
    ),
    "make_host": Action(
        "make_host",
        build,
        lambda client, kind, obj, state: change(client, kind, obj, is_host="on"),
        lambda kind, obj, state: reload(kind, obj).is_host,
    ),
    "restore": Action("restore", restore_prepare, restore_perform, restore_happened),
    "publish_revision": Action(
        "publish_revision", build, decide_perform("_publish"), decided(Revision.Status.PUBLISHED)
    ),
    "send_back_revision": Action(
        "send_back_revision", build, decide_perform("_send_back"), decided(Revision.Status.SENT_BACK)
    ),
    "import": Action("import", lambda kind, state: None, import_perform, import_happened),
}


# --- the rules: (action, kind) -> {role: outcome | {state: outcome}}; anonymous is always LOGIN ----

EVERYONE = {"editor": DONE, "publisher": DONE, "superuser": DONE}
PUBLISHERS = {"editor": REFUSED, "publisher": DONE, "superuser": DONE}
SUPERUSERS = {"editor": REFUSED, "publisher": REFUSED, "superuser": DONE}
NOBODY = {"editor": REFUSED, "publisher": REFUSED, "superuser": REFUSED}
DRAFTS_ONLY_FOR_EDITORS = {"editor": {"draft": DONE, "published": REFUSED}, "publisher": DONE, "superuser": DONE}
# Editors change drafts; their change of published content waits for review as a revision.
REVIEWED = {"editor": {"draft": DONE, "published": PROPOSED}, "publisher": DONE, "superuser": DONE}

RULES = {
    ("add", "article"): DRAFTS_ONLY_FOR_EDITORS,  # state: added as a draft / added already published
    ("add", "programme"): DRAFTS_ONLY_FOR_EDITORS,
    ("add", "organization"): DRAFTS_ONLY_FOR_EDITORS,
    ("add", "comment"): NOBODY,  # comments come from readers only
    ("change", "article"): REVIEWED,
    ("change", "programme"): REVIEWED,
    ("change", "organization"): REVIEWED,
    ("change", "comment"): EVERYONE,
    ("delete", "article"): DRAFTS_ONLY_FOR_EDITORS,
    ("delete", "programme"): DRAFTS_ONLY_FOR_EDITORS,
    ("delete", "organization"): SUPERUSERS,
    ("delete", "comment"): DRAFTS_ONLY_FOR_EDITORS,  # editors delete spam, not approved comments
    ("delete_selected", "article"): DRAFTS_ONLY_FOR_EDITORS,
    ("delete_selected", "programme"): DRAFTS_ONLY_FOR_EDITORS,
    ("delete_selected", "organization"): SUPERUSERS,
    ("delete_selected", "comment"): DRAFTS_ONLY_FOR_EDITORS,
    ("publish", "article"): PUBLISHERS,  # publish: only from the draft state, unpublish: only from published
    ("publish", "programme"): PUBLISHERS,
    ("publish", "organization"): PUBLISHERS,
    ("publish", "comment"): PUBLISHERS,  # approving by ticking "is_approved"
    ("unpublish", "article"): PUBLISHERS,
    ("unpublish", "programme"): PUBLISHERS,
    ("unpublish", "organization"): PUBLISHERS,
    ("unpublish", "comment"): PUBLISHERS,
    ("approve_selected", "comment"): PUBLISHERS,
    ("approve_selected", "organization"): PUBLISHERS,
    ("unapprove_selected", "comment"): PUBLISHERS,
    ("unapprove_selected", "organization"): PUBLISHERS,
    ("change_host_settings", "organization"): PUBLISHERS,
    ("change_host_description", "organization"): REVIEWED,
    ("make_host", "organization"): PUBLISHERS,
    # An editor's restore of a draft keeps it a draft; of published content, it is a proposal.
    ("restore", "article"): {"editor": {"draft": KEPT, "published": PROPOSED}, "publisher": DONE, "superuser": DONE},
    ("restore", "programme"): {"editor": {"draft": KEPT, "published": PROPOSED}, "publisher": DONE, "superuser": DONE},
    ("restore", "organization"): {
        "editor": {"draft": KEPT, "published": PROPOSED},
        "publisher": DONE,
        "superuser": DONE,
    },
    ("import", "article"): EVERYONE,  # always drafts: a new article, programme and organizations, unpublished
    ("publish_revision", "article"): PUBLISHERS,
    ("publish_revision", "programme"): PUBLISHERS,
    ("publish_revision", "organization"): PUBLISHERS,
    ("send_back_revision", "article"): PUBLISHERS,
    ("send_back_revision", "programme"): PUBLISHERS,
    ("send_back_revision", "organization"): PUBLISHERS,
}
ONLY_FROM = {
    "publish": "draft",
    "approve_selected": "draft",
    "unpublish": "published",
    "unapprove_selected": "published",
}
ONE_STATE = {"import": "draft", "publish_revision": "pending", "send_back_revision": "pending"}
# Only revisable content has a pending state; comments have none.
NO_PENDING = {"comment"}
# Actions whose pending cases say nothing new beyond the published ones (the object is published
# either way) are still run: a pending revision must not open a door the published state keeps shut.


def expected(action, kind, state, role):
    if role == "anonymous":
        return LOGIN
    rule = RULES[(action, kind)][role]
    if isinstance(rule, dict):
        # A pending object is published: the published rule holds unless the rule names "pending".
        return rule.get(state, rule.get("published")) if state == "pending" else rule[state]
    return rule


def cases():
    for action, kind in RULES:
        for state in STATES:
            only_from = ONLY_FROM.get(action)
            if only_from is not None and state != only_from and not (only_from == "published" and state == "pending"):
                continue
            if ONE_STATE.get(action, state) != state or (state == "pending" and kind in NO_PENDING):
                continue
            if action in ("add", "restore") and state == "pending":
                continue  # adding makes a new object; restore_prepare builds its own history
            for role in ROLES:
                yield action, kind, state, role


CASES = list(cases())
IDS = [f"{n:03d}of{len(CASES)}-{action}-{kind}-{state}-{role}" for n, (action, kind, state, role) in enumerate(CASES)]


def database():
    """Every row of every table the matrix touches, as plain values."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Article, Programme, Organization, Comment)
    }


@pytest.fixture
def acting_client(request, role):
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def test_the_matrix_covers_every_action_role_and_state():
    actions = {action for action, *_ in CASES}
    assert actions == set(ACTIONS)
    assert {role for *_, role in CASES} == set(ROLES)
    assert {state for _a, _k, state, _r in CASES} == set(STATES)
    assert len(CASES) >= 200, len(CASES)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "kind", "state", "role"), CASES, ids=IDS)
def test_permission_matrix(action, kind, state, role, acting_client):
    spec = ACTIONS[action]
    obj = spec.prepare(kind, state)
    before = database()
    response = spec.perform(acting_client, kind, obj, state)
    outcome = expected(action, kind, state, role)
    where = f"{action} {kind} ({state}) as {role}: expected {outcome}, got {response.status_code}"
    if outcome == LOGIN:
        assert response.status_code == 302 and "/login/" in response["Location"], where
        assert database() == before, where
    elif outcome == REFUSED:
        assert response.status_code == 403, where
        assert VIETNAMESE_403 in response.content.decode(), where
        assert database() == before, where
    elif outcome == PROPOSED:
        assert response.status_code == 302 and "/login/" not in response["Location"], where
        assert database() == before, where
        proposal = pending_revision_of(obj)
        assert proposal is not None and proposal.proposed_by.username == "bientap", where
    elif outcome == DONE:
        assert response.status_code == 302 and "/login/" not in response["Location"], where
        assert spec.happened(kind, obj, state), where
    else:  # KEPT
        assert response.status_code == 302, where
        assert restored_title(kind, obj), where
        assert KINDS[kind].is_public(reload(kind, obj)) == (state == "published"), where
